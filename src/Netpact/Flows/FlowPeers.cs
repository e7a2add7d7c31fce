using Netpact.Model;

namespace Netpact.Flows;

/// <summary>How flows name their ends: a workload by its name, one address as itself, a range as CIDR-like text.</summary>
public static class FlowPeers
{
    public static string Name(FlowPeer peer) => peer switch
    {
        { Workload: { } w } => w,
        { Range: { } r } when r.First == r.Last => Cidr.FormatAddress(r.IsV6, r.First),
        { Range: { } r } when r == IpRange.AllIPv4 => "0.0.0.0/0",
        { Range: { } r } when r == IpRange.AllIPv6 => "::/0",
        _ => peer.ToString(),
    };
}
