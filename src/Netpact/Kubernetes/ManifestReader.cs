using System.Collections.Immutable;
using Netpact.Model;
using YamlDotNet.RepresentationModel;

namespace Netpact.Kubernetes;

/// <summary>The cluster read from manifests, and every problem found on the way.</summary>
public sealed record ReadResult(Cluster Cluster, ImmutableArray<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == Severity.Error);
}

/// <summary>
/// Reads Kubernetes manifests (files, folders, stdin; YAML or JSON; lists) into a <see cref="Cluster"/>.
/// </summary>
public static class ManifestReader
{
    private static readonly Dictionary<string, string> ListItemKinds = new(StringComparer.Ordinal)
    {
        ["PodList"] = "Pod", ["NamespaceList"] = "Namespace", ["NetworkPolicyList"] = "NetworkPolicy",
        ["DeploymentList"] = "Deployment", ["ReplicaSetList"] = "ReplicaSet", ["StatefulSetList"] = "StatefulSet",
        ["DaemonSetList"] = "DaemonSet", ["JobList"] = "Job", ["CronJobList"] = "CronJob",
        ["ReplicationControllerList"] = "ReplicationController",
    };

    private static readonly HashSet<string> WorkloadKinds =
        ["Deployment", "ReplicaSet", "ReplicationController", "StatefulSet", "DaemonSet", "Job", "CronJob"];

    public static ReadResult Read(IEnumerable<string> paths, TextReader? stdin = null)
    {
        var diagnostics = new List<Diagnostic>();
        var builder = new ClusterBuilder(diagnostics);
        foreach (var file in ManifestFiles.Expand(paths, diagnostics))
        {
            string text;
            try
            {
                text = ManifestFiles.Read(file, stdin ?? Console.In);
            }
            catch (IOException e)
            {
                diagnostics.Add(Diagnostic.Error(new SourceSpan(file, 0, 0), $"cannot read: {e.Message}"));
                continue;
            }
            catch (UnauthorizedAccessException e)
            {
                diagnostics.Add(Diagnostic.Error(new SourceSpan(file, 0, 0), $"cannot read: {e.Message}"));
                continue;
            }
            ReadDocuments(file == "-" ? "<stdin>" : file, text, builder);
        }
        return new ReadResult(builder.Build(), [.. diagnostics]);
    }

    /// <summary>Reads manifest text as if it came from the named file.</summary>
    public static ReadResult ReadText(string text, string file = "<input>")
    {
        var diagnostics = new List<Diagnostic>();
        var builder = new ClusterBuilder(diagnostics);
        ReadDocuments(file, text, builder);
        return new ReadResult(builder.Build(), [.. diagnostics]);
    }

    private static void ReadDocuments(string file, string text, ClusterBuilder builder)
    {
        foreach (var doc in ManifestFiles.Parse(file, text, builder.Diagnostics))
        {
            try
            {
                ReadObject(doc.Nodes, doc.Root, inheritedKind: null, builder);
            }
            catch (ManifestError e)
            {
                builder.Diagnostics.Add(e.Diagnostic);
            }
        }
    }

    private static void ReadObject(YamlNodes y, YamlNode node, string? inheritedKind, ClusterBuilder builder)
    {
        if (node is YamlSequenceNode && inheritedKind is null)
        {
            // A JSON array (say, a saved report) is not a Kubernetes object; folders often hold such files.
            builder.Diagnostics.Add(Diagnostic.Warning(y.Span(node), "a list document is not a Kubernetes object; skipped"));
            return;
        }
        var root = node as YamlMappingNode
                   ?? throw y.Error(node, "a manifest document must be a mapping (an object with apiVersion, kind, metadata)");
        var kind = y.String(root, "kind", "a manifest") ?? inheritedKind;
        if (kind is null)
        {
            throw y.Error(root, "the document has no 'kind'; every Kubernetes object needs apiVersion and kind");
        }
        var items = YamlNodes.Child(root, "items");
        if (kind.EndsWith("List", StringComparison.Ordinal) && (items is not null || YamlNodes.HasKey(root, "items")))
        {
            var itemKind = ListItemKinds.GetValueOrDefault(kind);
            foreach (var item in (items as YamlSequenceNode)?.Children ?? [])
            {
                try { ReadObject(y, item, itemKind, builder); }
                catch (ManifestError e) { builder.Diagnostics.Add(e.Diagnostic); }
            }
            return;
        }
        var apiVersion = y.String(root, "apiVersion", "a manifest") ?? "";
        var metadata = y.Mapping(root, "metadata", kind) ?? new YamlMappingNode();
        var name = y.String(metadata, "name", "metadata") ?? y.String(metadata, "generateName", "metadata");
        if (string.IsNullOrEmpty(name))
            throw y.Error(root, $"this {kind} has no metadata.name");
        var ns = y.String(metadata, "namespace", "metadata");
        if (string.IsNullOrEmpty(ns)) ns = "default";
        var span = y.Span(root);

        switch (kind)
        {
            case "Namespace":
                builder.AddNamespace(Namespace.Create(name, y.StringMap(metadata, "labels", "metadata"), span), y, root);
                break;
            case "NetworkPolicy" when apiVersion is "networking.k8s.io/v1" or "extensions/v1beta1" or "":
                builder.AddPolicy(NetworkPolicyReader.Read(y, root, ns, name, builder.Diagnostics), y, root);
                break;
            case "Pod":
                builder.AddPod(ns, name, WorkloadReader.PodOwner(y, metadata, builder.Diagnostics), WorkloadReader.ReadPod(y, root, name, metadata, builder.Diagnostics), y, root);
                break;
            case var k when WorkloadKinds.Contains(k):
                builder.AddWorkload(ns, name, kind, WorkloadReader.ReadTemplate(y, root, kind, name, builder.Diagnostics), y, root);
                break;
            default:
                builder.Skip(new SkippedResource(apiVersion.Length > 0 ? $"{kind} ({apiVersion})" : kind, $"{ns}/{name}", span));
                break;
        }
    }
}
