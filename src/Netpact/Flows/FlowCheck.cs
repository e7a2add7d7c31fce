using Netpact.Intents;
using Netpact.Kubernetes;
using Netpact.Model;
using Netpact.Sources;

namespace Netpact.Flows;

/// <summary>What a flows run reads: the logs, the pact (an intent, files of any layer, or both), the window and options.</summary>
public sealed record FlowsRequest(IReadOnlyList<string> Logs, Intent? Intent, string? IntentPath, IReadOnlyList<string> Paths, FlowWindow Window)
{
    public FlowsOptions Options { get; init; } = new();

    /// <summary>Logs of a baseline window (--baseline): accepted flows of the run that it never showed are anomalies.</summary>
    public IReadOnlyList<string> Baseline { get; init; } = [];
}

/// <summary>The one entry of <c>netpact flows</c>: read the pact, read the logs, classify.</summary>
public static class FlowCheck
{
    /// <summary>The extensions of the pact's files (manifests, Istio, Compose, security groups, nftables rulesets, Terraform state).</summary>
    private static readonly string[] PactExtensions = [".yaml", ".yml", ".json", ".nft", ".tfstate"];

    /// <summary>
    /// Tells flow logs from the pact's files among the paths a user names, by content: a folder is pact files; a file is
    /// a log when it is gzip, or its first line is a record of a format netpact reads (a Hubble log is JSON but holds
    /// flows), or it has no extension of a pact file (so reading it as a log says what it is); '-' is a log.
    /// </summary>
    public static (IReadOnlyList<string> Logs, IReadOnlyList<string> Paths) Split(IEnumerable<string> paths)
    {
        var logs = new List<string>();
        var pact = new List<string>();
        foreach (var path in paths)
        {
            (IsLog(path) ? logs : pact).Add(path);
        }
        return (logs, pact);
    }

    private static bool IsLog(string path)
    {
        if (path == "-") return true;
        if (Directory.Exists(path)) return false;
        var pactFile = PactExtensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);
        using var lines = FlowLogLines.Open(path, TextReader.Null, []);
        if (lines is null) return !pactFile;
        if (lines.IsGzip) return true;
        for (var i = 0; i < 50 && lines.Next() is { } line; i++)
        {
            if (string.IsNullOrWhiteSpace(line) || line.StartsWith('#')) continue;
            return FlowLogFormats.Detect(line) is not null || !pactFile;
        }
        return !pactFile;
    }

    /// <summary>The classification; null when the pact could not be read (its errors in <paramref name="diagnostics"/>).</summary>
    public static FlowsResult? Run(FlowsRequest request, TextReader stdin, List<Diagnostic> diagnostics)
    {
        var pactDiagnostics = new List<Diagnostic>();
        var pact = FlowPact.Read(request.Intent, request.IntentPath, request.Paths, pactDiagnostics);
        diagnostics.AddRange(pactDiagnostics);
        if (pactDiagnostics.Any(d => d.Severity == Severity.Error)) return null;
        var tally = new FlowTally();
        var logs = FlowLogReader.Read(request.Logs, stdin, request.Window, tally, diagnostics);
        if (request.Baseline.Count == 0) return FlowClassifier.Classify(pact, tally, logs, request.Window, request.Options);
        var baseline = new FlowTally();
        var baselineLogs = FlowLogReader.Read(request.Baseline, stdin, FlowWindow.All, baseline, diagnostics);
        return FlowClassifier.Classify(pact, tally, logs, request.Window, request.Options, baseline) with { BaselineLogs = [.. baselineLogs] };
    }

    /// <summary>The classification as SQL (<see cref="FlowSql"/>) for the pact of an intent and files; null when the pact could not be read.</summary>
    public static string? EmitSql(Intent? intent, string? intentPath, IReadOnlyList<string> paths, List<Diagnostic> diagnostics)
    {
        var pactDiagnostics = new List<Diagnostic>();
        var pact = FlowPact.Read(intent, intentPath, paths, pactDiagnostics);
        diagnostics.AddRange(pactDiagnostics);
        return pactDiagnostics.Any(d => d.Severity == Severity.Error) ? null : FlowSql.Emit(pact);
    }

    /// <summary>
    /// The one entry of <c>netpact learn</c>: the logs read (in the window), manifests among the paths read for pod
    /// addresses, and the intent proposed from the accepted flows; null when the manifests have errors.
    /// </summary>
    public static string? Learn(IReadOnlyList<string> logs, IReadOnlyList<string> paths, FlowWindow window, LearnOptions options, TextReader stdin,
        List<Diagnostic> diagnostics)
    {
        Cluster? cluster = null;
        if (paths.Count > 0)
        {
            var read = ManifestReader.Read(InputSet.Read(paths, diagnostics), []);
            diagnostics.AddRange(read.Diagnostics);
            if (read.HasErrors || diagnostics.Any(d => d.Severity == Severity.Error)) return null;
            cluster = read.Cluster;
        }
        var tally = new FlowTally();
        FlowLogReader.Read(logs, stdin, window, tally, diagnostics);
        return IntentLearner.Learn(tally, cluster, options);
    }
}
