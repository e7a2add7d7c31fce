using System.Collections.Immutable;
using Netpact.Model;

namespace Netpact.Sources.Nftables;

/// <summary>The tables of one host's nftables files, as far as netpact reads them.</summary>
internal sealed class NftRuleset
{
    public List<NftTable> Tables { get; } = [];
}

internal enum NftFamily { Inet, Ip, Ip6 }

internal sealed class NftTable(NftFamily family, string name, SourceSpan span)
{
    public NftFamily Family { get; } = family;
    public string Name { get; } = name;
    public SourceSpan Span { get; } = span;
    public bool Dormant { get; set; }
    public Dictionary<string, NftSet> Sets { get; } = new(StringComparer.Ordinal);
    public List<NftChain> Chains { get; } = [];

    public NftChain? Chain(string name) => Chains.FirstOrDefault(c => c.Name == name);

    public bool Sees(bool v6) => Family == NftFamily.Inet || (Family == NftFamily.Ip6) == v6;
}

internal enum NftSetType { Ipv4, Ipv6, Service, Protocol, Other }

internal sealed class NftSet(string name, SourceSpan span)
{
    public string Name { get; } = name;
    public SourceSpan Span { get; } = span;
    public NftSetType Type { get; set; } = NftSetType.Other;
    public List<IpRange> Addresses { get; } = [];
    public PortSet Ports { get; set; } = PortSet.Empty;
    public ConnectionSet Protocols { get; set; } = ConnectionSet.Empty;
}

/// <summary>A chain; a base chain has a hook (input, output, prerouting, postrouting) and a policy.</summary>
internal sealed class NftChain(string name, SourceSpan span)
{
    public string Name { get; } = name;
    public SourceSpan Span { get; } = span;
    public string? Hook { get; set; }
    public string Type { get; set; } = "filter";
    public int Priority { get; set; }
    public bool PolicyAccept { get; set; } = true;
    public SourceSpan PolicySpan { get; set; } = span;
    public List<NftRule> Rules { get; } = [];
}

internal enum NftVerdictKind { Accept, Drop, Reject, Jump, Goto, Return, Continue }

internal sealed record NftVerdict(NftVerdictKind Kind, string? Chain, SourceSpan Span);

/// <summary>What a rule matches on; evaluated against one packet class (family and addresses) at a time.</summary>
internal abstract record NftMatch;

/// <summary>A match that is true or false for every connection between hosts (ct state, loopback interface).</summary>
internal sealed record NftConstMatch(bool Value) : NftMatch;

internal sealed record NftFamilyMatch(bool V6) : NftMatch;

/// <summary>ip/ip6 saddr/daddr against addresses and named sets.</summary>
internal sealed record NftAddressMatch(bool V6, bool Source, bool Negated, ImmutableArray<IpRange> Ranges, ImmutableArray<string> Sets) : NftMatch;

/// <summary>Protocols and destination ports: the connections the rule can match.</summary>
internal sealed record NftTransportMatch(ConnectionSet Allowed) : NftMatch;

/// <summary>Ports or protocols from a named set, looked up when evaluated (elements may be added after the rule).</summary>
internal sealed record NftTransportSetMatch(string Set, ImmutableArray<Protocol> PortsOf, bool Negated) : NftMatch;

internal sealed record NftVmapEntry(ImmutableArray<NftMatch> Key, NftVerdict Verdict);

/// <summary>One rule: matches, then a verdict (or none, for counters and logs), or a verdict map.</summary>
internal sealed record NftRule(ImmutableArray<NftMatch> Matches, NftVerdict? Verdict, ImmutableArray<NftVmapEntry> Vmap, string? Comment, SourceSpan Span)
{
    public override string ToString() => Comment is { } c ? $"nftables rule '{c}' ({Span})" : $"nftables rule at {Span}";
}
