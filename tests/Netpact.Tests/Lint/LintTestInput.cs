using Netpact.Kubernetes;
using Netpact.Lint;

namespace Netpact.Tests.Lint;

/// <summary>Runs lint on manifest files as the CLI does: the cluster, the written facts, the configuration.</summary>
internal static class LintTestInput
{
    public static LintResult Lint(IReadOnlyList<string> paths, LintConfig? config = null)
    {
        var sources = LintSources.Classify(paths, "");
        var read = ManifestReader.Read(sources.Manifests);
        Assert.False(read.HasErrors, string.Join("\n", read.Diagnostics));
        var diagnostics = new List<Netpact.Model.Diagnostic>();
        var layers = sources.ReadLayers(diagnostics);
        Assert.DoesNotContain(diagnostics, d => d.Severity == Netpact.Model.Severity.Error);
        return Linter.Run(new LintInput(read.Cluster, SourceFacts.Read(sources.Manifests, TextReader.Null), config ?? LintConfig.Empty)
        {
            Istio = layers.Istio,
            Compose = layers.Compose,
            SecurityGroups = layers.SecurityGroups,
        });
    }

    public static LintResult LintText(string yaml, LintConfig? config = null)
    {
        var read = ManifestReader.ReadText(yaml, "test.yaml");
        Assert.False(read.HasErrors, string.Join("\n", read.Diagnostics));
        return Linter.Run(new LintInput(read.Cluster, SourceFacts.ReadText(yaml, "test.yaml"), config ?? LintConfig.Empty));
    }

    /// <summary>A finding as the txt report's first line writes it, with the file name relative to its folder.</summary>
    public static string Line(Finding f, string folder) =>
        $"{Path.GetRelativePath(folder, f.Span.File)}:{f.Span.Line}:{f.Span.Column}: {Reports.LintReport.SeverityName(f.Severity)}: {f.Rule.Id} {f.Message}";
}
