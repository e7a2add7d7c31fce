using System.Collections.Immutable;
using Netpact.Model;

namespace Netpact.Kubernetes;

/// <summary>Collects objects as they are read, rejects duplicates, and groups pods into workloads.</summary>
internal sealed class ClusterBuilder(List<Diagnostic> diagnostics)
{
    private readonly Dictionary<string, SourceSpan> _seen = new(StringComparer.Ordinal);
    private readonly List<Namespace> _namespaces = [];
    private readonly List<NetworkPolicy> _policies = [];
    private readonly List<AdminNetworkPolicy> _adminPolicies = [];
    private readonly List<SkippedResource> _skipped = [];
    private readonly Dictionary<(string Ns, string Name, string Kind), (List<Pod> Pods, SourceSpan Span)> _workloads = [];
    private readonly List<(string Ns, string Name, string Kind)> _workloadOrder = [];

    public List<Diagnostic> Diagnostics { get; } = diagnostics;

    /// <summary>Records kind/namespace/name; a second object with the same one is an error at its name.</summary>
    private void Claim(string kind, string ns, string name, SourceSpan at)
    {
        var key = $"{kind}/{ns}/{name}";
        if (_seen.TryGetValue(key, out var first))
        {
            throw new ManifestError(Diagnostic.Error(at,
                $"{kind} {(ns.Length == 0 ? name : ns + "/" + name)} is defined twice (first at {first}); remove one or rename it"));
        }
        _seen[key] = at;
    }

    public void AddNamespace(Namespace ns, SourceSpan nameSpan)
    {
        Claim("Namespace", "", ns.Name, nameSpan);
        _namespaces.Add(ns);
    }

    public void AddPolicy(NetworkPolicy policy, SourceSpan nameSpan)
    {
        Claim("NetworkPolicy", policy.Namespace, policy.Name, nameSpan);
        _policies.Add(policy);
    }

    public void AddAdminPolicy(AdminNetworkPolicy policy, SourceSpan nameSpan)
    {
        Claim(policy.Kind, "", policy.Name, nameSpan);
        _adminPolicies.Add(policy);
    }

    public void AddPod(string ns, string name, (string Kind, string Name)? owner, Pod pod, SourceSpan span, SourceSpan nameSpan)
    {
        Claim("Pod", ns, name, nameSpan);
        var key = owner is { } o ? (ns, o.Name, o.Kind) : (ns, name, "Pod");
        Group(key, span).Add(pod);
    }

    public void AddWorkload(string ns, string name, string kind, Pod template, SourceSpan span, SourceSpan nameSpan)
    {
        Claim(kind, ns, name, nameSpan);
        Group((ns, name, kind), span).Add(template);
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

    public Cluster Build()
    {
        WarnAboutUndeclaredPortNames();
        WarnAboutPriorityTies();
        return new(
            [.. _namespaces],
            [.. _workloadOrder.Select(k => new Workload(k.Ns, k.Name, k.Kind, [.. _workloads[k].Pods], _workloads[k].Span))],
            [.. _policies],
            [.. _skipped])
        {
            AdminPolicies = [.. _adminPolicies],
        };
    }

    /// <summary>
    /// The API leaves the order of two policies of one tier with the same priority undefined (implementations may
    /// apply either); netpact orders them by kind and name and says so. netpol-analyzer rejects such input instead.
    /// </summary>
    private void WarnAboutPriorityTies()
    {
        foreach (var tier in new[] { AdminTier.Admin, AdminTier.Baseline })
        {
            var ordered = AdminNetworkPolicy.EvaluationOrder(_adminPolicies, tier);
            foreach (var tie in ordered.Where(p => p.Priority != int.MaxValue).GroupBy(p => p.Priority).Where(g => g.Count() > 1))
            {
                var names = tie.ToList();
                Diagnostics.Add(Diagnostic.Warning(names[1].Span,
                    $"{string.Join(" and ", names.Select(p => $"{p} ({p.Span})"))} have the same priority {tie.Key} in the {tier} tier, so which one decides a connection both match is undefined; netpact evaluates them in the order listed. Give them different priorities"));
            }
        }
    }

    /// <summary>
    /// A named policy port matches only pods that declare a container port of that name; when no pod in the
    /// input does, the entry matches nothing. Kubernetes accepts that, so it is a warning: usually a typo.
    /// </summary>
    private void WarnAboutUndeclaredPortNames()
    {
        var declared = _workloads.Values
            .SelectMany(w => w.Pods)
            .SelectMany(p => p.Ports)
            .Where(p => p.Name is not null)
            .Select(p => p.Name!)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var policy in _adminPolicies)
        {
            foreach (var port in policy.Ingress.Concat(policy.Egress).SelectMany(r => r.Ports ?? []))
            {
                if (port.Name is { } name && !declared.Contains(name))
                {
                    Diagnostics.Add(Diagnostic.Warning(port.Span,
                        $"no container in the input declares a port named '{name}', so this entry of {policy} matches nothing; check the name"));
                }
            }
        }
        foreach (var policy in _policies)
        {
            foreach (var port in policy.Ingress.Concat(policy.Egress).SelectMany(r => r.Ports))
            {
                if (port.Name is { } name && !declared.Contains(name))
                {
                    Diagnostics.Add(Diagnostic.Warning(port.Span,
                        $"no container in the input declares a port named '{name}', so this entry of {policy.Id} matches nothing; check the name"));
                }
            }
        }
    }
}
