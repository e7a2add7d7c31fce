using System.Collections.Immutable;
using Netpact.Model;

namespace Netpact.Analysis;

/// <summary>A rule that admits the other end, and what it allows.</summary>
public sealed record RuleMatch(NetworkPolicy Policy, int RuleIndex, PolicyRule Rule, PolicyPeer? Peer, ConnectionSet Allows);

/// <summary>How one side (the source's egress or the destination's ingress) decides.</summary>
public sealed record SideExplanation(
    Direction Direction,
    string Subject,
    ImmutableArray<NetworkPolicy> SelectingPolicies,
    ImmutableArray<RuleMatch> Matches,
    ConnectionSet Allowed)
{
    /// <summary>No policy of this direction selects the subject: Kubernetes allows everything.</summary>
    public bool Unrestricted => SelectingPolicies.IsEmpty;
}

/// <summary>
/// The verdict for one source and destination, and the reasons on both sides. Allowed is what every pod
/// pair of the two workloads is allowed; the sides show the reasons for their first pods.
/// </summary>
public sealed record Explanation(Endpoint Source, Endpoint Destination, SideExplanation Egress, SideExplanation Ingress, ConnectionSet Allowed);
