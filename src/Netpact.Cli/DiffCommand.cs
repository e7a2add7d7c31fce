using System.CommandLine;
using Netpact.Diff;
using Netpact.Istio;
using Netpact.Model;
using Netpact.Reports;
using Netpact.Sources;

namespace Netpact.Cli;

internal static class DiffCommand
{
    public static Command Create(CliIO io)
    {
        var old = new Argument<string>("OLD") { Description = "The old manifests: a folder, a file, '-' for stdin, git:REV:PATH (PATH at a git revision), or cluster:[CONTEXT] (the live cluster)" };
        var @new = new Argument<string>("NEW") { Description = "The new manifests, in the same forms" };
        var format = new Option<DiffFormat>("--format", "-f")
        {
            Description = "Output format: txt, csv, md (those of netpol-analyzer's diff) or json",
            DefaultValueFactory = _ => DiffFormat.Txt,
        };
        var failOn = new Option<string[]>("--fail-on")
        {
            Description = "Exit 1 on: any difference (default); added (NEW allows a connection OLD did not); removed (OLD allowed a "
                + "connection NEW does not); changed (a pair allowed on both sides with other ports); none (always exit 0). "
                + "Repeatable or a comma list, e.g. --fail-on added,removed",
            DefaultValueFactory = _ => ["any"],
            Arity = ArgumentArity.OneOrMore,
        };
        failOn.Validators.Add(result =>
        {
            var bad = result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.TrimEntries)).FirstOrDefault(v => !FailOnChoices.Contains(v));
            if (bad is not null) result.AddError($"--fail-on: '{bad}' is not a choice of diff; choose {string.Join(", ", FailOnChoices.SkipLast(1))} or {FailOnChoices[^1]}");
        });
        var oldName = new Option<string>("--old-name") { Description = "What the output calls OLD", DefaultValueFactory = _ => "ref1" };
        var newName = new Option<string>("--new-name") { Description = "What the output calls NEW", DefaultValueFactory = _ => "ref2" };
        var output = new Option<string?>("--output", "-o") { Description = "Write the output to this file instead of stdout" };
        var reading = ManifestInput.ReadingOptions();
        var live = ManifestInput.ClusterOptions();
        var force = ManifestInput.ForceOption();
        var command = new Command("diff", "Show which connections a change of manifests adds, removes or changes (semantic, not textual)")
        {
            old, @new, format, failOn, oldName, newName, output, force,
        };
        reading.AddTo(command);
        // A side written cluster: or cluster:CONTEXT is the live cluster; --kubeconfig and --namespace apply to it.
        live.AddTo(command, withSwitch: false);
        command.SetAction(parse =>
        {
            var specs = new[] { parse.GetValue(old)!, parse.GetValue(@new)! };
            if (!ManifestInput.OutputAllowed(parse.GetValue(output), specs, parse.GetValue(force), io)) return ExitCodes.BadInput;
            if (specs.All(s => s == "-"))
            {
                io.Stderr.WriteLine("netpact: error: OLD and NEW cannot both be '-' (stdin can be read once)");
                return ExitCodes.BadInput;
            }
            var meshes = new IstioConfig?[2];
            var clusters = specs.Select((s, i) => IsLive(s)
                ? ManifestInput.Read([], reading.From(parse), io, live.Options(parse, s["cluster:".Length..] is { Length: > 0 } c ? c : null))
                : Read(s, reading.From(parse), io, out meshes[i])).ToList();
            if (clusters.Any(c => c is null)) return ExitCodes.BadInput;
            var diff = SemanticDiff.Compare(clusters[0]!, clusters[1]!, meshes[0], meshes[1]);
            if (io.StderrIsTerminal)
            {
                io.Stderr.WriteLine($"netpact: {diff.Differences.Count()} connections differ; workloads: " +
                                    $"{diff.AddedWorkloads.Length} added, {diff.RemovedWorkloads.Length} removed");
            }
            return CliErrors.Guard(io, () =>
            {
                var text = DiffReport.Write(diff, parse.GetValue(format), parse.GetValue(oldName)!, parse.GetValue(newName)!);
                ManifestInput.Write(text, parse.GetValue(output), io);
                var conditions = parse.GetValue(failOn)!.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries)).ToHashSet(StringComparer.Ordinal);
                return conditions.Any(c => Fails(c, diff)) ? ExitCodes.Findings : ExitCodes.Success;
            });
        });
        return command;
    }

    private static readonly string[] FailOnChoices = ["any", "added", "removed", "changed", "none"];

    /// <summary>Whether the difference meets one condition of --fail-on.</summary>
    private static bool Fails(string condition, ConnectivityDiff diff) => condition switch
    {
        "none" => false,
        "added" => diff.Differences.Any(e => e.Opens),
        "removed" => diff.Differences.Any(e => !e.Ref1.Subtract(e.Ref2).IsEmpty),
        "changed" => diff.Differences.Any(e => e.Type == DiffType.Changed),
        _ => !diff.IsEmpty,
    };

    /// <summary>Whether a side names the live cluster (cluster: or cluster:CONTEXT) rather than a path that exists.</summary>
    private static bool IsLive(string spec) =>
        spec.StartsWith("cluster:", StringComparison.Ordinal) && !File.Exists(spec) && !Directory.Exists(spec);

    /// <summary>Reads one side; a git:REV:PATH side is copied out of git first, and its diagnostics name git:REV:FILE.</summary>
    private static Cluster? Read(string spec, ReadSwitches verbose, CliIO io, out IstioConfig? mesh)
    {
        mesh = null;
        if (!GitSnapshot.IsSpec(spec) || File.Exists(spec) || Directory.Exists(spec)) return ReadLayers(spec, verbose, io, out mesh);
        var diagnostics = new List<Diagnostic>();
        using var snapshot = GitSnapshot.Create(spec, Directory.GetCurrentDirectory(), diagnostics);
        foreach (var d in diagnostics) io.Stderr.WriteLine(d);
        if (snapshot is null) return null;
        var captured = new StringWriter();
        var cluster = ReadLayers(snapshot.Folder, verbose, io with { Stderr = captured }, out mesh);
        foreach (var line in captured.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)) io.Stderr.WriteLine(snapshot.Rename(line));
        return cluster;
    }

    /// <summary>One side's manifests and, when it holds Istio's resources, its Istio layer (compared over both layers).</summary>
    private static Cluster? ReadLayers(string path, ReadSwitches verbose, CliIO io, out IstioConfig? mesh)
    {
        mesh = null;
        if (path == "-") return ManifestInput.Read([path], verbose, io);
        var problems = new List<Diagnostic>();
        var inputs = InputSet.Read([path], problems);
        return LayerInput.ReadCluster(inputs, problems, [path], verbose, io, null, out mesh, () => ManifestInput.Read([path], verbose, io));
    }
}
