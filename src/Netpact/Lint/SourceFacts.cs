using System.Collections.Immutable;
using Netpact.Kubernetes;
using Netpact.Model;
using Netpact.Sources.Yaml;
using Netpact.Sources;

namespace Netpact.Lint;

/// <summary>An annotation as written: key, value and where the value is.</summary>
public sealed record Annotation(string Key, string Value, SourceSpan Span);

/// <summary>
/// What the manifests say as written where the model keeps only the meaning: annotations (suppressions,
/// declared clients), NetworkPolicies that leave policyTypes to Kubernetes' defaulting, and port entries
/// without a protocol.
/// </summary>
public sealed record SourceFacts(
    ImmutableDictionary<ObjectRef, ImmutableArray<Annotation>> Annotations,
    ImmutableHashSet<string> PoliciesWithoutPolicyTypes,
    ImmutableHashSet<SourceSpan> PortsWithoutProtocol)
{
    public const string IgnoreAnnotation = "netpact.io/ignore";
    public const string ClientsAnnotation = "netpact.io/clients";

    public static readonly SourceFacts None = new(
        ImmutableDictionary<ObjectRef, ImmutableArray<Annotation>>.Empty,
        ImmutableHashSet<string>.Empty,
        ImmutableHashSet<SourceSpan>.Empty);

    private static readonly HashSet<string> TemplateKinds =
        ["Deployment", "ReplicaSet", "ReplicationController", "StatefulSet", "DaemonSet", "Job", "CronJob"];

    public ImmutableArray<Annotation> AnnotationsOf(ObjectRef target) => Annotations.GetValueOrDefault(target, []);

    /// <summary>
    /// Reads the facts from the same paths the manifest reader read. The manifests were read without errors
    /// first, so anything unreadable here is skipped rather than reported twice.
    /// </summary>
    public static SourceFacts Read(IEnumerable<string> paths, TextReader stdin) => Read(paths, stdin, []);

    /// <summary>The facts of the files and of manifests from elsewhere (a live cluster's objects).</summary>
    public static SourceFacts Read(IEnumerable<string> paths, TextReader stdin, IEnumerable<ManifestText> texts)
    {
        var collector = new Collector();
        foreach (var t in texts) collector.AddText(t.Source, t.Text);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            foreach (var file in InputFiles.Expand(path, []).Where(f => f == "-" || seen.Add(Path.GetFullPath(f))))
            {
                if (InputFiles.Read(file, stdin, []) is not { } text) continue;
                collector.AddText(file == "-" ? "<stdin>" : file, text);
            }
        }
        return collector.Build();
    }

    /// <summary>Reads the facts of manifest text as if it came from the named file.</summary>
    public static SourceFacts ReadText(string text, string file = "<input>")
    {
        var collector = new Collector();
        collector.AddText(file, text);
        return collector.Build();
    }

    private sealed class Collector
    {
        private readonly Dictionary<ObjectRef, List<Annotation>> _annotations = [];
        private readonly HashSet<string> _withoutTypes = new(StringComparer.Ordinal);
        private readonly HashSet<SourceSpan> _withoutProtocol = [];

        public void AddText(string file, string text)
        {
            foreach (var doc in YamlDocuments.Parse(file, text, []))
            {
                try
                {
                    AddObject(doc.Nodes, doc.Root, null);
                }
                catch (InputError)
                {
                    // Reported by the manifest reader already.
                }
            }
        }

        public SourceFacts Build() => new(
            _annotations.ToImmutableDictionary(e => e.Key, e => e.Value.ToImmutableArray()),
            [.. _withoutTypes],
            [.. _withoutProtocol]);

        private void AddObject(LocatedYaml y, YamlValue node, string? inheritedKind)
        {
            if (node is not YamlMapping root) return;
            var kind = (LocatedYaml.Child(root, "kind") as YamlScalar)?.Value is { Length: > 0 } own ? own : inheritedKind;
            if (kind is null) return;
            if (kind.EndsWith("List", StringComparison.Ordinal) && LocatedYaml.Child(root, "items") is YamlSequence items)
            {
                var itemKind = kind == "List" ? null : kind[..^"List".Length];
                foreach (var item in items.Children) AddObject(y, item, itemKind);
                return;
            }
            var metadata = LocatedYaml.Child(root, "metadata") as YamlMapping ?? new YamlMapping();
            var name = (LocatedYaml.Child(metadata, "name") as YamlScalar)?.Value;
            if (string.IsNullOrEmpty(name)) return;
            var ns = (LocatedYaml.Child(metadata, "namespace") as YamlScalar)?.Value is { Length: > 0 } given ? given : "default";
            var spec = LocatedYaml.Child(root, "spec") as YamlMapping;
            ObjectRef target;
            switch (kind)
            {
                case "Namespace":
                    target = ObjectRef.OfNamespace(name);
                    break;
                case "Pod":
                    var owner = WorkloadReader.PodOwner(y, metadata, []);
                    target = owner is { } o ? new ObjectRef(o.Kind, ns, o.Name) : new ObjectRef("Pod", ns, name);
                    break;
                case "NetworkPolicy":
                    target = new ObjectRef(kind, ns, name);
                    if (spec is not null) AddPolicyFacts(y, spec, $"{ns}/{name}");
                    else _withoutTypes.Add($"{ns}/{name}");
                    break;
                default:
                    var apiVersion = (LocatedYaml.Child(root, "apiVersion") as YamlScalar)?.Value ?? "";
                    target = new ObjectRef(kind, UnmodelledKinds.IsClusterScoped(apiVersion, kind) ? "" : ns, name);
                    break;
            }
            AddAnnotations(y, target, metadata);
            if (TemplateKinds.Contains(kind) && spec is not null)
            {
                if (kind == "CronJob") spec = (LocatedYaml.Child(spec, "jobTemplate") as YamlMapping) is { } job ? LocatedYaml.Child(job, "spec") as YamlMapping : null;
                if ((spec is null ? null : LocatedYaml.Child(spec, "template")) is YamlMapping template
                    && LocatedYaml.Child(template, "metadata") is YamlMapping templateMetadata)
                {
                    AddAnnotations(y, target, templateMetadata);
                }
            }
        }

        private void AddAnnotations(LocatedYaml y, ObjectRef target, YamlMapping metadata)
        {
            if (LocatedYaml.Child(metadata, "annotations") is not YamlMapping annotations) return;
            foreach (var (key, value) in annotations.Children)
            {
                if (key is not YamlScalar { Value: { } k } || value is not YamlScalar v) continue;
                if (!_annotations.TryGetValue(target, out var list)) _annotations[target] = list = [];
                list.Add(new Annotation(k, v.Value ?? "", y.Span(v)));
            }
        }

        private void AddPolicyFacts(LocatedYaml y, YamlMapping spec, string id)
        {
            if (LocatedYaml.Child(spec, "policyTypes") is not YamlSequence { Children.Length: > 0 }) _withoutTypes.Add(id);
            foreach (var key in new[] { "ingress", "egress" })
            {
                foreach (var rule in (LocatedYaml.Child(spec, key) as YamlSequence)?.Children ?? [])
                {
                    if (rule is not YamlMapping r || LocatedYaml.Child(r, "ports") is not YamlSequence ports) continue;
                    foreach (var port in ports.Children.OfType<YamlMapping>())
                    {
                        if (!LocatedYaml.HasKey(port, "protocol")) _withoutProtocol.Add(y.Span(port));
                    }
                }
            }
        }
    }
}
