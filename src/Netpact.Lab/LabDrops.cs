namespace Netpact.Lab;

/// <summary>What a host's rules dropped, counted by nftables (the seed's netfilter_dropped_packets_total).</summary>
public sealed record LabDrops(string Host, long Input, long Output);
