using System.Collections.Immutable;

namespace Netpact.Model;

/// <summary>
/// The tiers of cluster-scoped policy around NetworkPolicy: Admin is evaluated before NetworkPolicy,
/// Baseline after it (and before the default, which allows).
/// </summary>
public enum AdminTier { Admin, Baseline }

/// <summary>What a matching rule does: Allow (v1alpha2 Accept) and Deny decide; Pass hands over to the next tier.</summary>
public enum AdminAction { Allow, Deny, Pass }

/// <summary>
/// A subject or a pod peer of a cluster-scoped policy: the pods of the namespaces <see cref="Namespaces"/> matches,
/// narrowed to those <see cref="Pods"/> matches when it is set (the `pods` form; null for the `namespaces` form).
/// </summary>
public sealed record AdminSelector(LabelSelector Namespaces, LabelSelector? Pods, SourceSpan Span)
{
    public override string ToString() =>
        Pods is null ? $"namespaces {{{Namespaces}}}" : $"pods {{{Pods}}} in namespaces {{{Namespaces}}}";
}

/// <summary>
/// One entry of from/to: pods (<see cref="Selector"/>), addresses outside the cluster (<see cref="Networks"/>, egress
/// only), or nodes (<see cref="Nodes"/>: node addresses are not in manifests, so such a peer matches nothing netpact sees).
/// </summary>
public sealed record AdminPeer(AdminSelector? Selector, ImmutableArray<Cidr> Networks, LabelSelector? Nodes, SourceSpan Span);

/// <summary>
/// A port entry: a number or range with its protocol (<see cref="Start"/>..<see cref="End"/>), or a container port
/// name (<see cref="Name"/>), which means that port on the destination pod whatever its protocol.
/// </summary>
public sealed record AdminPort(Protocol Protocol, int Start, int End, string? Name, SourceSpan Span)
{
    public override string ToString() =>
        Name is not null ? Name : Start == End ? $"{Start}/{Protocol}" : $"{Start}-{End}/{Protocol}";
}

/// <summary>One rule: its action applies to traffic from/to any of its peers on any of its ports (null: every port).</summary>
public sealed record AdminRule(string Name, AdminAction Action, ImmutableArray<AdminPeer> Peers, ImmutableArray<AdminPort>? Ports, SourceSpan Span);

/// <summary>
/// A cluster-scoped policy: AdminNetworkPolicy and BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1)
/// and ClusterNetworkPolicy (v1alpha2) all read into this. Within a tier, policies are evaluated by priority (lower
/// first; ties by name, see <see cref="EvaluationOrder"/>) and rules in the order written: the first rule that
/// matches a connection decides it.
/// </summary>
public sealed record AdminNetworkPolicy(
    string Kind,
    string Name,
    AdminTier Tier,
    int Priority,
    AdminSelector Subject,
    ImmutableArray<AdminRule> Ingress,
    ImmutableArray<AdminRule> Egress,
    SourceSpan Span)
{
    public const string AdminKind = "AdminNetworkPolicy";
    public const string BaselineKind = "BaselineAdminNetworkPolicy";
    public const string ClusterKind = "ClusterNetworkPolicy";

    public string Id => $"{Kind}/{Name}";

    public ImmutableArray<AdminRule> Rules(Direction d) => d == Direction.Ingress ? Ingress : Egress;

    public override string ToString() => $"{Kind} '{Name}'";

    /// <summary>
    /// The order in which one tier's policies are evaluated: by priority, then (the API leaves ties undefined) by kind
    /// and name, so that the answer is at least deterministic. A BaselineAdminNetworkPolicy has no priority and comes
    /// after every Baseline ClusterNetworkPolicy.
    /// </summary>
    public static ImmutableArray<AdminNetworkPolicy> EvaluationOrder(IEnumerable<AdminNetworkPolicy> policies, AdminTier tier) =>
        [.. policies.Where(p => p.Tier == tier)
            .OrderBy(p => p.Priority)
            .ThenBy(p => p.Kind, StringComparer.Ordinal)
            .ThenBy(p => p.Name, StringComparer.Ordinal)];
}
