using System.Collections.Immutable;

namespace Netpact.Model;

public enum Direction { Ingress, Egress }

/// <summary>A port of a policy rule: a number (with optional endPort), a name, or all ports of the protocol.</summary>
public sealed record PolicyPort(Protocol Protocol, int? Port, int? EndPort, string? Name, SourceSpan Span)
{
    public override string ToString() =>
        Name is not null ? $"{Name}/{Protocol}"
        : Port is null ? $"all/{Protocol}"
        : EndPort is null ? $"{Port}/{Protocol}"
        : $"{Port}-{EndPort}/{Protocol}";
}

/// <summary>An IP block: a CIDR minus exceptions.</summary>
public sealed record IpBlock(Cidr Cidr, ImmutableArray<Cidr> Except)
{
    /// <summary>Whether the block holds the address (a host prefix): inside the cidr and in no except.</summary>
    public bool Holds(Cidr address) => Cidr.Contains(address) && !Except.Any(e => e.Contains(address));

    public override string ToString() => Except.IsEmpty ? Cidr.ToString() : $"{Cidr} except {string.Join(", ", Except)}";
}

/// <summary>
/// One entry of from/to. Either an ipBlock, or pod and/or namespace selectors (ANDed).
/// A null namespace selector means "the policy's own namespace".
/// </summary>
public sealed record PolicyPeer(LabelSelector? PodSelector, LabelSelector? NamespaceSelector, IpBlock? IpBlock, SourceSpan Span)
{
    /// <summary>
    /// The ipBlock matches addresses outside the cluster only, never a pod (Cilium's CIDR peers); a Kubernetes ipBlock
    /// also matches a pod whose address it holds.
    /// </summary>
    public bool OutsideClusterOnly { get; init; }

    /// <summary>The peer is every pod on the host network and nothing else (Cilium's host and remote-node entities); its selectors and ipBlock are null.</summary>
    public bool HostNetworkPods { get; init; }
}

/// <summary>
/// One ingress or egress rule. Peers null or empty means the rule had no from/to: all sources or
/// destinations, external ones included. Ports empty means all ports.
/// </summary>
public sealed record PolicyRule(ImmutableArray<PolicyPeer>? Peers, ImmutableArray<PolicyPort> Ports, SourceSpan Span)
{
    public bool AdmitsAllPeers => Peers is null || Peers.Value.IsEmpty;
}

public sealed record NetworkPolicy(
    string Namespace,
    string Name,
    LabelSelector PodSelector,
    bool AffectsIngress,
    bool AffectsEgress,
    ImmutableArray<PolicyRule> Ingress,
    ImmutableArray<PolicyRule> Egress,
    SourceSpan Span)
{
    public string Id => $"{Namespace}/{Name}";

    public ImmutableArray<PolicyRule> Rules(Direction d) => d == Direction.Ingress ? Ingress : Egress;

    public bool Affects(Direction d) => d == Direction.Ingress ? AffectsIngress : AffectsEgress;

    /// <summary>
    /// The Cilium policy this one stands for in the analysis (its allow rules), or null for a Kubernetes NetworkPolicy.
    /// </summary>
    public CiliumPolicy? Cilium { get; init; }

    /// <summary>Selecting a pod in this direction does not isolate it (Cilium's enableDefaultDeny: false); the rules still allow once something else does.</summary>
    public bool IngressWithoutDefaultDeny { get; init; }

    /// <summary>As <see cref="IngressWithoutDefaultDeny"/>, for egress.</summary>
    public bool EgressWithoutDefaultDeny { get; init; }

    /// <summary>Whether the policy isolates the pods it selects in the direction: it affects it and puts them into default deny.</summary>
    public bool Isolates(Direction d) => Affects(d) && !(d == Direction.Ingress ? IngressWithoutDefaultDeny : EgressWithoutDefaultDeny);
}
