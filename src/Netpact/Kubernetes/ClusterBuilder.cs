using System.Collections.Immutable;
using Netpact.Model;
using YamlDotNet.RepresentationModel;

namespace Netpact.Kubernetes;

/// <summary>Collects objects as they are read, rejects duplicates, and groups pods into workloads.</summary>
internal sealed class ClusterBuilder(List<Diagnostic> diagnostics)
{
    private readonly Dictionary<string, SourceSpan> _seen = new(StringComparer.Ordinal);
    private readonly List<Namespace> _namespaces = [];
    private readonly List<NetworkPolicy> _policies = [];
    private readonly List<SkippedResource> _skipped = [];
    private readonly Dictionary<(string Ns, string Name, string Kind), (List<Pod> Pods, SourceSpan Span)> _workloads = [];
    private readonly List<(string Ns, string Name, string Kind)> _workloadOrder = [];

    public List<Diagnostic> Diagnostics { get; } = diagnostics;

    private void Claim(string kind, string ns, string name, YamlNodes y, YamlNode node)
    {
        var key = $"{kind}/{ns}/{name}";
        if (_seen.TryGetValue(key, out var first))
            throw y.Error(node, $"{kind} {(kind == "Namespace" ? name : ns + "/" + name)} is defined twice (first at {first}); remove one");
        _seen[key] = y.Span(node);
    }

    public void AddNamespace(Namespace ns, YamlNodes y, YamlNode node)
    {
        Claim("Namespace", "", ns.Name, y, node);
        _namespaces.Add(ns);
    }

    public void AddPolicy(NetworkPolicy policy, YamlNodes y, YamlNode node)
    {
        Claim("NetworkPolicy", policy.Namespace, policy.Name, y, node);
        _policies.Add(policy);
    }

    public void AddPod(string ns, string name, (string Kind, string Name)? owner, Pod pod, YamlNodes y, YamlNode node)
    {
        Claim("Pod", ns, name, y, node);
        var key = owner is { } o ? (ns, o.Name, o.Kind) : (ns, name, "Pod");
        Group(key, y.Span(node)).Add(pod);
    }

    public void AddWorkload(string ns, string name, string kind, Pod template, YamlNodes y, YamlNode node)
    {
        Claim(kind, ns, name, y, node);
        Group((ns, name, kind), y.Span(node)).Add(template);
    }

    public void Skip(SkippedResource resource) => _skipped.Add(resource);

    private List<Pod> Group((string, string, string) key, SourceSpan span)
    {
        if (!_workloads.TryGetValue(key, out var entry))
        {
            entry = ([], span);
            _workloads[key] = entry;
            _workloadOrder.Add(key);
        }
        return entry.Pods;
    }

    public Cluster Build() => new(
        [.. _namespaces],
        [.. _workloadOrder.Select(k => new Workload(k.Ns, k.Name, k.Kind, [.. _workloads[k].Pods], _workloads[k].Span))],
        [.. _policies],
        [.. _skipped]);
}
