using System.Collections.Immutable;
using Netpact.Istio;
using Netpact.Model;

namespace Netpact.Analysis;

/// <summary>A rule that admits the other end, and what it allows.</summary>
public sealed record RuleMatch(NetworkPolicy Policy, int RuleIndex, PolicyRule Rule, PolicyPeer? Peer, ConnectionSet Allows);

/// <summary>
/// A rule of a cluster-scoped policy whose peers hold the other end: what its ports match (<see cref="Matches"/>) and
/// the part of that no earlier rule of its tier had decided, which this rule's action decides (<see cref="Decides"/>).
/// </summary>
public sealed record AdminRuleMatch(AdminNetworkPolicy Policy, int RuleIndex, AdminRule Rule, ConnectionSet Matches, ConnectionSet Decides);

/// <summary>A Cilium deny rule of a policy selecting the subject whose peer holds the other end, and the ports it denies there.</summary>
public sealed record CiliumDenyMatch(CiliumPolicy Policy, int RuleIndex, CiliumRule Rule, CiliumPeer Peer, ConnectionSet Denies);

/// <summary>
/// How one side (the source's egress or the destination's ingress) decides: the Admin tier's matching rules in order
/// (<see cref="AdminMatches"/>), then for what they leave undecided the NetworkPolicies selecting the subject, or when
/// none does the Baseline tier's matching rules (<see cref="BaselineMatches"/>), then the default (allow).
/// </summary>
public sealed record SideExplanation(
    Direction Direction,
    string Subject,
    ImmutableArray<NetworkPolicy> SelectingPolicies,
    ImmutableArray<RuleMatch> Matches,
    ConnectionSet Allowed)
{
    public ImmutableArray<AdminRuleMatch> AdminMatches { get; init; } = [];

    public ImmutableArray<AdminRuleMatch> BaselineMatches { get; init; } = [];

    /// <summary>Cilium's deny rules that match the pair: they take away from whatever the other policies allow.</summary>
    public ImmutableArray<CiliumDenyMatch> CiliumDenies { get; init; } = [];

    /// <summary>What the NetworkPolicies selecting the subject allow (everything when none does).</summary>
    public ConnectionSet NetworkPolicyAllowed { get; init; } = ConnectionSet.All;

    /// <summary>What the Admin tier leaves to the next tiers: passed or matched by no rule.</summary>
    public ConnectionSet Undecided => AdminMatches.Aggregate(ConnectionSet.All,
        (rest, m) => m.Rule.Action == AdminAction.Pass ? rest : rest.Subtract(m.Decides));

    /// <summary>No policy of any tier concerns the subject in this direction: Kubernetes allows everything.</summary>
    public bool Unrestricted => SelectingPolicies.IsEmpty && AdminMatches.IsEmpty && BaselineMatches.IsEmpty && CiliumDenies.IsEmpty;
}

/// <summary>
/// The verdict for one source and destination, and the reasons on both sides. Allowed is what every pod
/// pair of the two workloads is allowed; the sides show the reasons for their first pods.
/// </summary>
public sealed record Explanation(Endpoint Source, Endpoint Destination, SideExplanation Egress, SideExplanation Ingress, ConnectionSet Allowed)
{
    /// <summary>What Istio decides on the pair, when the input holds Istio resources; Allowed then counts it too.</summary>
    public MeshExplanation? Mesh { get; init; }
}

/// <summary>
/// Istio's part of a verdict: whether each end runs a sidecar, what the destination's sidecar lets through (null
/// verdict: it runs none, so Istio does not stand between them), and what passes both layers.
/// </summary>
public sealed record MeshExplanation(bool SourceInMesh, bool DestinationInMesh, IstioVerdict? Verdict, ConnectionSet Allowed);
