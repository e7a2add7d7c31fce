using System.Collections.Immutable;
using Netpact.Cloud;
using Netpact.Compilers;
using Netpact.Compose;
using Netpact.Istio;
using Netpact.Kubernetes;
using Netpact.Model;
using Netpact.Sources;

namespace Netpact.Lint;

/// <summary>The Istio, Compose and AWS inputs of lint, read.</summary>
public sealed record LintLayers(IstioConfig Istio, ImmutableArray<ComposeProject> Compose, ImmutableArray<SecurityGroup> SecurityGroups);

/// <summary>
/// The files of lint's inputs by layer, told apart by content as verify does. Kubernetes manifests may hold Istio
/// objects, so files with Istio objects are also read by the Istio reader; Compose files and security-group JSON
/// go to their own readers only.
/// </summary>
public sealed record LintSources(
    ImmutableArray<string> Manifests,
    ImmutableArray<TextFile> Mesh,
    ImmutableArray<TextFile> Compose,
    ImmutableArray<TextFile> Aws)
{
    /// <summary>Sorts the files under the paths by layer; '-' (the given stdin text) is a manifest.</summary>
    public static LintSources Classify(IEnumerable<string> paths, string stdin)
    {
        var manifests = new List<string>();
        var byLayer = new Dictionary<Layer, List<TextFile>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            // Paths that do not exist stay with the manifests: the manifest reader reports them.
            var files = File.Exists(path) || Directory.Exists(path) ? InputFiles.Expand(path, []) : [path];
            foreach (var file in files.Where(f => f == "-" || seen.Add(Path.GetFullPath(f))))
            {
                // The manifest reader reports what cannot be read.
                var text = file == "-" ? stdin : InputFiles.ReadText(file, []);
                var generated = new TextFile(file == "-" ? "<stdin>" : file, text ?? "");
                var layer = text is null ? Layer.Kubernetes : InputSet.LayerOf(generated.Path, generated.Content);
                if (layer is Layer.Kubernetes or Layer.Istio) manifests.Add(file);
                if (!byLayer.TryGetValue(layer, out var list)) byLayer[layer] = list = [];
                list.Add(generated);
            }
        }
        return new LintSources([.. manifests], [.. byLayer.GetValueOrDefault(Layer.Istio) ?? []],
            [.. byLayer.GetValueOrDefault(Layer.Compose) ?? []], [.. byLayer.GetValueOrDefault(Layer.Aws) ?? []]);
    }

    /// <summary>Reads the Istio, Compose and AWS files. Run after the manifest reader accepted the manifests, so the Istio reader finds no syntax errors to report again.</summary>
    public LintLayers ReadLayers(List<Diagnostic> diagnostics)
    {
        var istio = IstioReader.Read(Mesh.Select(f => (f.Path, f.Content)));
        diagnostics.AddRange(istio.Diagnostics);
        var compose = new List<ComposeProject>();
        foreach (var file in Compose)
        {
            var read = ComposeReader.ReadText(file.Content, file.Path);
            diagnostics.AddRange(read.Diagnostics);
            if (read.Project is not null) compose.Add(read.Project);
        }
        var groups = new List<SecurityGroup>();
        foreach (var file in Aws)
        {
            var read = SecurityGroupReader.ReadText(file.Content, file.Path);
            diagnostics.AddRange(read.Diagnostics);
            groups.AddRange(read.Groups);
        }
        return new LintLayers(istio.Config, [.. compose], [.. groups]);
    }
}
