using Netpact.Compilers;
using Netpact.Intents;
using Netpact.Model;

namespace Netpact.Verify;

/// <summary>Evaluates nftables rulesets, generated or hand-written, into the flows the hosts let through.</summary>
public sealed class NftablesLayerReader : ILayerReader
{
    public Layer Layer => Layer.Nftables;

    /// <summary>Reads rulesets with workloads at the addresses their sets 'workload.NAME' hold.</summary>
    public LayerFlows Read(IReadOnlyList<TextFile> files, Intent intent) => NftablesReader.Read(files, intent, null);

    /// <summary>
    /// Reads rulesets whose workload sets hold the given addresses, whatever the files say: what a host holds
    /// once these addresses are put in its sets (as netpact lab does).
    /// </summary>
    public LayerFlows Read(IReadOnlyList<TextFile> files, Intent intent, IReadOnlyDictionary<string, IpRange> addresses) =>
        NftablesReader.Read(files, intent, addresses);

    /// <summary>
    /// For connections from one end to another (workloads, or outside addresses): what the source host's output
    /// and the destination host's input each let through, to tell which side drops a connection.
    /// </summary>
    public Func<FlowPeer, FlowPeer, (ConnectionSet Output, ConnectionSet Input)> Sides(
        IReadOnlyList<TextFile> files, Intent intent, IReadOnlyDictionary<string, IpRange>? addresses) =>
        NftablesReader.Parse(files, intent, addresses).Sides;
}
