using System.Text.RegularExpressions;
using Netpact.Kubernetes;
using Netpact.Model;
using Netpact.Sources;

namespace Netpact.Compilers;

/// <summary>Files of the enforcement layers as users hand them over: which layer each is, and what it allows.</summary>
public static partial class LayerFiles
{
    /// <summary>An apiVersion key (YAML, a YAML list item, or JSON) whose value is an Istio security API.</summary>
    [GeneratedRegex("""(^|[{,\-])\s*"?apiVersion"?\s*:\s*["']?security\.istio\.io/""", RegexOptions.Multiline)]
    private static partial Regex IstioApiVersion();

    public const string Kubernetes = "k8s";

    /// <summary>What a folder contributes: manifests and the other layers' YAML and JSON, and nftables rulesets.</summary>
    private static readonly string[] FolderExtensions = [".yaml", ".yml", ".json", ".nft"];

    /// <summary>
    /// Which layer a file belongs to, by its name and what it contains: nftables, aws, istio, compose, prometheus, or
    /// k8s (the default, and a Helm chart's templates). Security groups are recognised by the structure of their JSON, whatever the file's name
    /// (a state file is .tfstate, stdin has none).
    /// </summary>
    public static string LayerOf(GeneratedFile file)
    {
        var text = file.Content;
        if (file.Path.EndsWith(".nft", StringComparison.OrdinalIgnoreCase)) return "nftables";
        // A chart's template is no file of any layer until rendered; the manifest reader says so and skips it.
        if (SourceTrees.IsChartTemplate(file.Path)) return Kubernetes;
        if (SecurityGroupShapes.Sniff(text) != SecurityGroupShape.None) return "aws";
        if (IsPrometheusRules(text)) return "prometheus";
        // An Istio policy's apiVersion, not the word anywhere: pods of a mesh carry labels such as security.istio.io/tlsMode.
        if (text.Contains("security.istio.io/", StringComparison.Ordinal) && IstioApiVersion().IsMatch(text)) return "istio";
        if (text.Split('\n').Any(l => l.StartsWith("services:", StringComparison.Ordinal))) return "compose";
        return Kubernetes;
    }

    /// <summary>
    /// Prometheus alert rules: a rules file (top-level 'groups:', no kind) or a file of PrometheusRule objects only.
    /// A PrometheusRule among other manifests leaves the file with the manifests (their reader skips it).
    /// </summary>
    private static bool IsPrometheusRules(string text)
    {
        var lines = text.Split('\n');
        var kinds = lines.Where(l => l.StartsWith("kind:", StringComparison.Ordinal)).Select(l => l["kind:".Length..].Trim()).ToList();
        if (kinds.Count == 0) return lines.Any(l => l.StartsWith("groups:", StringComparison.Ordinal));
        return kinds.All(k => k == "PrometheusRule");
    }

    /// <summary>
    /// Reads the files under the paths (folders recursively), grouped by layer. '-' is the given stdin text, named
    /// &lt;stdin&gt;; without it, '-' stays an empty file for the manifest reader to read stdin itself.
    /// </summary>
    public static Dictionary<string, List<GeneratedFile>> Read(IEnumerable<string> paths, List<Diagnostic> diagnostics, string? stdin = null)
    {
        var files = new List<GeneratedFile>();
        foreach (var path in paths)
        {
            foreach (var file in InputFiles.Expand(path, diagnostics, FolderExtensions))
            {
                try
                {
                    files.Add(file != "-" ? new GeneratedFile(file, File.ReadAllText(file))
                        : stdin is null ? new GeneratedFile(file, "") : new GeneratedFile("<stdin>", stdin));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    diagnostics.Add(Diagnostic.Error(new SourceSpan(file, 0, 0), $"cannot read this file: {e.Message}"));
                }
            }
        }
        return files.GroupBy(LayerOf).ToDictionary(g => g.Key, g => g.ToList());
    }
}
