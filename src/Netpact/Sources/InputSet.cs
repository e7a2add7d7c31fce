using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Netpact.Model;

namespace Netpact.Sources;

/// <summary>A file of the input, read once, with the layer it belongs to and the path it was named by (itself or a folder).</summary>
public sealed record InputFile(string Path, string Content, Layer Layer, string Given)
{
    public TextFile Text => new(Path, Content);
}

/// <summary>
/// Every file under the paths a user names, each read once and told apart by layer (by its name and what it
/// contains): the one input set every verb reads its layers from.
/// </summary>
public sealed partial class InputSet
{
    /// <summary>An apiVersion key (YAML, a YAML list item, or JSON) whose value is an Istio security API.</summary>
    [GeneratedRegex("""(^|[{,\-])\s*"?apiVersion"?\s*:\s*["']?security\.istio\.io/""", RegexOptions.Multiline)]
    private static partial Regex IstioApiVersion();

    /// <summary>What a folder contributes: manifests and the other layers' YAML and JSON, and nftables rulesets.</summary>
    private static readonly string[] FolderExtensions = [".yaml", ".yml", ".json", ".nft"];

    private InputSet(ImmutableArray<InputFile> files) => Files = files;

    /// <summary>The files in the order the paths name them (a folder's files sorted), each once.</summary>
    public ImmutableArray<InputFile> Files { get; }

    /// <summary>The layers present, in <see cref="Model.Layers.All"/>'s order.</summary>
    public IReadOnlyList<Layer> Layers => [.. Model.Layers.All.Where(l => Files.Any(f => f.Layer == l))];

    /// <summary>The files of one layer.</summary>
    public IReadOnlyList<TextFile> Of(Layer layer) => [.. Files.Where(f => f.Layer == layer).Select(f => f.Text)];

    /// <summary>
    /// Reads the files under the paths (folders recursively; a file named twice is read once). '-' is the given
    /// stdin text, named &lt;stdin&gt; (empty when none is given). A path that does not exist, a folder that cannot be
    /// listed and a file that cannot be read are errors in <paramref name="diagnostics"/>.
    /// </summary>
    public static InputSet Read(IEnumerable<string> paths, List<Diagnostic> diagnostics, string? stdin = null)
    {
        var files = new List<InputFile>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            foreach (var file in InputFiles.Expand(path, diagnostics, FolderExtensions).Where(f => f == "-" || seen.Add(Path.GetFullPath(f))))
            {
                var (name, text) = file == "-" ? ("<stdin>", stdin ?? "") : (file, InputFiles.ReadText(file, diagnostics));
                if (text is not null) files.Add(new InputFile(name, text, LayerOf(name, text), path));
            }
        }
        return new InputSet([.. files]);
    }

    /// <summary>
    /// Which layer a file belongs to, by its name and what it contains: nftables, aws, istio, compose, prometheus, or
    /// Kubernetes (the default, and a Helm chart's templates). Security groups are recognised by the structure of
    /// their JSON, whatever the file's name (a state file is .tfstate, stdin has none).
    /// </summary>
    public static Layer LayerOf(string path, string text)
    {
        if (path.EndsWith(".nft", StringComparison.OrdinalIgnoreCase)) return Layer.Nftables;
        // A chart's template is no file of any layer until rendered; the manifest reader says so and skips it.
        if (SourceTrees.IsChartTemplate(path)) return Layer.Kubernetes;
        if (SecurityGroupShapes.Sniff(text) != SecurityGroupShape.None) return Layer.Aws;
        if (IsPrometheusRules(text)) return Layer.Prometheus;
        // An Istio policy's apiVersion, not the word anywhere: pods of a mesh carry labels such as security.istio.io/tlsMode.
        if (text.Contains("security.istio.io/", StringComparison.Ordinal) && IstioApiVersion().IsMatch(text)) return Layer.Istio;
        if (text.Split('\n').Any(l => l.StartsWith("services:", StringComparison.Ordinal))) return Layer.Compose;
        return Layer.Kubernetes;
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
}
