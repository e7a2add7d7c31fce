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
public sealed record PolicyPeer(LabelSelector? PodSelector, LabelSelector? NamespaceSelector, IpBlock? IpBlock, SourceSpan Span);

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
}
