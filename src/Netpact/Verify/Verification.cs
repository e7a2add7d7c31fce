using System.Collections.Immutable;
using Netpact.Analysis;
using Netpact.Model;

namespace Netpact.Verify;

/// <summary>A flow allowed but not intended (extra), or intended but not allowed (missing), and why.</summary>
public sealed record FlowDifference(FlowPeer Source, FlowPeer Destination, ConnectionSet Connections, ImmutableArray<string> Reasons);

/// <summary>Extra flows a layer cannot avoid, named by the approximation that causes them.</summary>
public sealed record ApproximatedFlows(string Approximation, ImmutableArray<FlowDifference> Flows);

/// <summary>
/// One side of a connection that admits more than the intent, even when the other side happens to block it
/// today: zero trust wants each side least-privileged on its own.
/// </summary>
public sealed record OverPermissiveRule(string Side, string Rule, FlowPeer Source, FlowPeer Destination, ConnectionSet Connections);

/// <summary>
/// The comparison of one layer with the intent. Proven when nothing is extra and nothing is missing, and no policy
/// of a kind netpact does not model (a CiliumNetworkPolicy, say) may decide otherwise.
/// </summary>
public sealed record Verification(
    string Target,
    string Input,
    int Intended,
    int Allowed,
    ImmutableArray<FlowDifference> Extra,
    ImmutableArray<FlowDifference> Missing,
    ImmutableArray<ApproximatedFlows> Approximations,
    ImmutableArray<OverPermissiveRule> OverPermissive,
    ImmutableArray<string> Notes,
    ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>Policies in the input that netpact does not model (kind, name, location): the comparison ignores them.</summary>
    public ImmutableArray<string> Unmodelled { get; init; } = [];

    /// <summary>What the layer allows, as read (for defense in depth: which layers stop a flow); null when not read.</summary>
    public LayerFlows? Flows { get; init; }

    public bool Proven => Extra.IsEmpty && Missing.IsEmpty && OverPermissive.IsEmpty && Unmodelled.IsEmpty
                          && !Diagnostics.Any(d => d.Severity == Severity.Error);
}
