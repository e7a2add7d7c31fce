using Netpact.Intents;
using Netpact.Model;

namespace Netpact.Compilers.Compose;

/// <summary>One intended flow between two ends, expanded to workloads and ranges, with the intent flow it comes from.</summary>
internal sealed record IntentEdge(Flow Flow, FlowPeer Source, FlowPeer Destination, ConnectionSet Ports)
{
    /// <summary>"53/TCP, 53/UDP, 8000-8010/TCP": ports as the intent writes them, TCP first.</summary>
    public static string Describe(ConnectionSet ports)
    {
        if (ports.IsAll) return "every port";
        var parts = new List<string>();
        foreach (var protocol in new[] { Model.Protocol.TCP, Model.Protocol.UDP, Model.Protocol.SCTP })
        {
            if (ports[protocol].IsAll) parts.Add($"all {protocol}");
            else parts.AddRange(ports[protocol].Ranges.Select(r => (r.Lo == r.Hi ? $"{r.Lo}" : $"{r.Lo}-{r.Hi}") + $"/{protocol}"));
        }
        return string.Join(", ", parts);
    }

    /// <summary>"0.0.0.0/0" for a range that is one CIDR, else "first-last".</summary>
    public static string Describe(IpRange range) => Cidrs.Of(range) is [var single] ? single.ToString() : range.ToString();
}

/// <summary>
/// The intent's flows expanded as <see cref="IntendedFlows.Of"/> expands them, but keeping which intent flow
/// each edge serves, so that generated files can say why each network or rule exists.
/// </summary>
internal static class IntentEdges
{
    public static IReadOnlyList<IntentEdge> Of(Intent intent)
    {
        var edges = new List<IntentEdge>();
        foreach (var flow in IntendedFlows.Expand(intent))
        {
            var sources = flow.From.IsExternal
                ? IntendedFlows.Ranges(flow.From).Select(FlowPeer.Of).ToList()
                : IntendedFlows.Workloads(intent, flow.From).Select(w => FlowPeer.Of(w.Name)).ToList();
            foreach (var src in sources)
            {
                if (flow.To.IsExternal)
                {
                    var ports = IntendedFlows.Ports(flow, null);
                    foreach (var range in IntendedFlows.Ranges(flow.To)) Add(flow, src, FlowPeer.Of(range), ports);
                    continue;
                }
                foreach (var dst in IntendedFlows.Workloads(intent, flow.To))
                {
                    if (src.Workload == dst.Name) continue;
                    Add(flow, src, FlowPeer.Of(dst.Name), IntendedFlows.Ports(flow, dst));
                }
            }
        }
        return edges;

        void Add(Flow flow, FlowPeer src, FlowPeer dst, ConnectionSet ports)
        {
            if (!ports.IsEmpty) edges.Add(new IntentEdge(flow, src, dst, ports));
        }
    }
}
