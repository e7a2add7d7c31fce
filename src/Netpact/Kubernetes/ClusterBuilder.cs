using System.Collections.Immutable;
using Netpact.Model;
using Netpact.Sources.Yaml;

namespace Netpact.Kubernetes;

/// <summary>Collects objects as they are read, rejects duplicates, and groups pods into workloads.</summary>
internal sealed class ClusterBuilder(List<Diagnostic> diagnostics, bool strict = false)
{
    private readonly List<Service> _services = [];
    private readonly Dictionary<string, (SourceSpan At, Func<string>? Fingerprint)> _seen = new(StringComparer.Ordinal);
    private readonly List<Namespace> _namespaces = [];
    private readonly List<NetworkPolicy> _policies = [];
    private readonly List<AdminNetworkPolicy> _adminPolicies = [];
    private readonly List<CiliumPolicy> _ciliumPolicies = [];
    private readonly List<SkippedResource> _skipped = [];
    private readonly Dictionary<(string Ns, string Name, string Kind), (List<Pod> Pods, SourceSpan Span)> _workloads = [];
    private readonly List<(string Ns, string Name, string Kind)> _workloadOrder = [];

    public List<Diagnostic> Diagnostics { get; } = diagnostics;

    /// <summary>
    /// Records kind/namespace/name; returns false for a second object with the same one that says the same to the model
    /// (a repository's copies of one manifest: kubernetes-manifests/ and a release file differing only in image tags),
    /// read once with a warning. One that says something else is an error at its name, as is any second one under --strict.
    /// </summary>
    private bool Claim(string kind, string ns, string name, SourceSpan at, Func<string>? fingerprint)
    {
        var key = $"{kind}/{ns}/{name}";
        var what = $"{kind} {(ns.Length == 0 ? name : ns + "/" + name)}";
        if (_seen.TryGetValue(key, out var first))
        {
            // Fingerprints are computed only here, for the rare second definition: most objects are defined once.
            if (!strict && fingerprint is not null && first.Fingerprint is not null && fingerprint() == first.Fingerprint())
            {
                Diagnostics.Add(Diagnostic.Warning(at,
                    $"{what} is defined again (first at {first.At}) with the same labels, ports and policy content; it is read once") with
                {
                    Topic = "objects defined again alike, read once",
                });
                return false;
            }
            throw new InputError(Diagnostic.Error(at,
                fingerprint is not null && !strict
                    ? $"{what} is defined twice (first at {first.At}) and the two differ; remove one or rename it (a repository's copies of one " +
                      "application: analyze one of them, or what kustomize or Helm renders)"
                    : $"{what} is defined twice (first at {first.At}); remove one or rename it"));
        }
        _seen[key] = (at, fingerprint);
        return true;
    }

    public void AddNamespace(Namespace ns, SourceSpan nameSpan)
    {
        if (Claim("Namespace", "", ns.Name, nameSpan, () => Fingerprints.Of(ns))) _namespaces.Add(ns);
    }

    public void AddPolicy(NetworkPolicy policy, SourceSpan nameSpan)
    {
        if (Claim("NetworkPolicy", policy.Namespace, policy.Name, nameSpan, () => Fingerprints.Of(policy))) _policies.Add(policy);
    }

    public void AddAdminPolicy(AdminNetworkPolicy policy, SourceSpan nameSpan)
    {
        Claim(policy.Kind, "", policy.Name, nameSpan, null);
        _adminPolicies.Add(policy);
    }

    public void AddCiliumPolicies(string kind, string ns, string name, IEnumerable<CiliumPolicy> policies, SourceSpan nameSpan)
    {
        if (Claim(kind, ns, name, nameSpan, null)) _ciliumPolicies.AddRange(policies);
    }

    public void AddPod(string ns, string name, (string Kind, string Name)? owner, Pod pod, SourceSpan span, SourceSpan nameSpan)
    {
        var key = owner is { } o ? (ns, o.Name, o.Kind) : (ns, name, "Pod");
        if (Claim("Pod", ns, name, nameSpan, () => $"{key}\u0001{Fingerprints.Of(pod)}")) Group(key, span).Add(pod);
    }

    public void AddWorkload(string ns, string name, string kind, Pod template, SourceSpan span, SourceSpan nameSpan)
    {
        if (Claim(kind, ns, name, nameSpan, () => Fingerprints.Of(template))) Group((ns, name, kind), span).Add(template);
    }

    public void Skip(SkippedResource resource) => _skipped.Add(resource);

    /// <summary>
    /// A Service defined twice is kept twice, not an error as for the objects that decide connectivity: Services only
    /// tell protocols, and where two copies disagree the port counts as possibly HTTP (the answer that counts more open).
    /// </summary>
    public void AddService(Service service) => _services.Add(service);

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
            Services = [.. _services],
            CiliumPolicies = [.. _ciliumPolicies],
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
