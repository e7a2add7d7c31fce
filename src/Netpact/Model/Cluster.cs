using System.Collections.Immutable;

namespace Netpact.Model;

/// <summary>
/// A resource that was read but is not part of the network model (listed under --verbose). The namespace is empty
/// for a kind known to be cluster-scoped.
/// </summary>
public sealed record SkippedResource(string Kind, string ApiVersion, string Namespace, string Name, SourceSpan Span)
{
    /// <summary>
    /// A policy that allows or denies traffic (Cilium's, Calico's, Antrea's, Istio's, a NetworkPolicy of a version
    /// netpact does not read) which netpact does not model: results that ignore it may be wrong.
    /// </summary>
    public bool IsPolicy { get; init; }

    /// <summary>namespace/name, or the name alone for a cluster-scoped kind.</summary>
    public string Id => Namespace.Length == 0 ? Name : $"{Namespace}/{Name}";

    public override string ToString() => ApiVersion.Length == 0 ? $"{Kind} {Id}" : $"{Kind} {Id} ({ApiVersion})";
}

/// <summary>Everything the readers found: the input of the analysis.</summary>
public sealed record Cluster(
    ImmutableArray<Namespace> Namespaces,
    ImmutableArray<Workload> Workloads,
    ImmutableArray<NetworkPolicy> Policies,
    ImmutableArray<SkippedResource> Skipped)
{
    /// <summary>Policies of other kinds that decide traffic but are not modelled: results may be wrong in either direction.</summary>
    public IEnumerable<SkippedResource> UnmodelledPolicies => Skipped.Where(s => s.IsPolicy);

    /// <summary>AdminNetworkPolicies, BaselineAdminNetworkPolicies and ClusterNetworkPolicies: the tiers around <see cref="Policies"/>.</summary>
    public ImmutableArray<AdminNetworkPolicy> AdminPolicies { get; init; } = [];

    /// <summary>Services: what their port names and appProtocols say of the protocols pods serve (Istio's view).</summary>
    public ImmutableArray<Service> Services { get; init; } = [];

    /// <summary>CiliumNetworkPolicies and CiliumClusterwideNetworkPolicies, one per spec (docs/cilium.md).</summary>
    public ImmutableArray<CiliumPolicy> CiliumPolicies { get; init; } = [];

    private readonly Dictionary<string, Namespace> _byName =
        Namespaces.ToDictionary(n => n.Name, StringComparer.Ordinal);

    /// <summary>The namespace by name; one that no manifest declares has only its automatic name label.</summary>
    public Namespace Namespace(string name) =>
        _byName.TryGetValue(name, out var ns) ? ns : Model.Namespace.Create(name, [], SourceSpan.None);
}
