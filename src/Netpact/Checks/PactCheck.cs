using System.Collections.Immutable;
using Netpact.Analysis;
using Netpact.Intents;
using Netpact.Istio;
using Netpact.Verify;
using Netpact.Lint;
using Netpact.Model;

namespace Netpact.Checks;

/// <summary>
/// The check behind 'netpact report', 'netpact lint' and 'netpact serve': analyze the cluster, lint it with every
/// layer of the inputs (Istio, Compose, AWS) and the lint configuration, and verify it against the intent when
/// there is one. A stage whose inputs have errors reports them and the other stages still run.
/// </summary>
public static class PactCheck
{
    /// <param name="stage">Told the name of each long stage as it starts ("linting", ...), for progress on a terminal.</param>
    public static CheckResult Run(CheckInput input, Action<string>? stage = null, CancellationToken cancellation = default)
    {
        var diagnostics = new List<CheckDiagnostic>();
        input = input with { Sources = input.Sources ?? LintSources.Classify(input.Paths, input.Stdin) };
        // Analyzed once, over every layer of the inputs: lint reads the same connectivity the result hands on.
        stage?.Invoke("analyzing");
        var connectivity = ConnectivityEngine.Analyze(input.Cluster, null, MeshOf(input));

        LintResult? lint = null;
        if (input.Lint)
        {
            cancellation.ThrowIfCancellationRequested();
            stage?.Invoke("linting");
            lint = Lint(input, diagnostics, connectivity);
        }
        var findings = lint is null ? [] : LintFindings.Of(lint);

        var verifications = ImmutableArray<Verification>.Empty;
        if (input.Intent is { } intent)
        {
            cancellation.ThrowIfCancellationRequested();
            stage?.Invoke("verifying against the intent");
            var files = input.Paths.Where(p => p != "-").ToList();
            var verified = new List<Diagnostic>();
            verifications = files.Count == 0 && !input.Paths.Contains("-")
                ? [ManifestVerifier.Verify(intent, input.Cluster, input.Description)]
                : [.. IntentVerifier.VerifyFiles(intent, files, verified)];
            diagnostics.AddRange(verified.Select(d => new CheckDiagnostic(CheckStage.Verify, d)));
            findings = findings.Concat(VerificationFindings.Of(verifications));
        }

        return new CheckResult
        {
            Connectivity = connectivity,
            Lint = lint,
            Verifications = verifications,
            Findings = [.. findings],
            Diagnostics = [.. diagnostics],
        };
    }

    /// <summary>Lints with the other layers of the inputs; null when one of them cannot be read.</summary>
    public static LintResult? Lint(CheckInput input, List<CheckDiagnostic> diagnostics, Connectivity? connectivity = null)
    {
        var sources = input.Sources ?? LintSources.Classify(input.Paths, input.Stdin);
        var read = new List<Diagnostic>();
        var layers = sources.ReadLayers(read);
        diagnostics.AddRange(read.Select(d => new CheckDiagnostic(CheckStage.Lint, d)));
        if (read.Any(d => d.Severity == Severity.Error)) return null;
        var facts = sources.Manifests.IsEmpty && input.LiveObjects.Count == 0
            ? SourceFacts.None
            : SourceFacts.Read(sources.Manifests, new StringReader(input.Stdin), input.LiveObjects);
        // Without a connectivity handed in, lint analyzes over the Istio layer it has just read (when the inputs hold one).
        var mesh = input.Mesh ?? (sources.Mesh.IsEmpty ? null : layers.Istio);
        return Linter.Run(new LintInput(input.Cluster, facts, input.LintConfig)
        {
            Istio = layers.Istio,
            Compose = layers.Compose,
            SecurityGroups = layers.SecurityGroups,
            Connectivity = connectivity ?? (mesh is null ? null : ConnectivityEngine.Analyze(input.Cluster, null, mesh)),
        });
    }

    /// <summary>
    /// Istio's layer for the analysis: the one given, else the one the inputs' Istio files hold (report, lint and serve
    /// analyze alike); null without Istio files.
    /// </summary>
    private static IstioConfig? MeshOf(CheckInput input) =>
        input.Mesh ?? (input.Sources is { Mesh.IsEmpty: false } sources ? IstioReader.Read(sources.Mesh.Select(f => (f.Path, f.Content))).Config : null);
}
