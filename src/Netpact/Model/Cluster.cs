using System.Collections.Immutable;

namespace Netpact.Model;

/// <summary>A resource that was read but is not part of the network model (listed under --verbose).</summary>
public sealed record SkippedResource(string Kind, string Name, SourceSpan Span);

/// <summary>Everything the readers found: the input of the analysis.</summary>
public sealed record Cluster(
    ImmutableArray<Namespace> Namespaces,
    ImmutableArray<Workload> Workloads,
    ImmutableArray<NetworkPolicy> Policies,
    ImmutableArray<SkippedResource> Skipped)
{
    /// <summary>AdminNetworkPolicies, BaselineAdminNetworkPolicies and ClusterNetworkPolicies: the tiers around <see cref="Policies"/>.</summary>
    public ImmutableArray<AdminNetworkPolicy> AdminPolicies { get; init; } = [];

    private readonly Dictionary<string, Namespace> _byName =
        Namespaces.ToDictionary(n => n.Name, StringComparer.Ordinal);

    /// <summary>The namespace by name; one that no manifest declares has only its automatic name label.</summary>
    public Namespace Namespace(string name) =>
        _byName.TryGetValue(name, out var ns) ? ns : Model.Namespace.Create(name, [], SourceSpan.None);
}
