using Netpact.Model;

namespace Netpact.Intents;

/// <summary>Expands an intent's flows (zones, port names, DNS default) into the workload-level flows it means.</summary>
public static class IntendedFlows
{
    /// <summary>The workloads an end stands for (none for external ends).</summary>
    public static IEnumerable<IntentWorkload> Workloads(Intent intent, FlowEnd end) => end.Kind switch
    {
        FlowEndKind.Workload => intent.Workload(end.Text) is { } w ? [w] : [],
        FlowEndKind.Zone => intent.Workloads.Where(w => w.Zone == end.Text),
        _ => [],
    };

    /// <summary>The address ranges of an external end.</summary>
    public static IEnumerable<IpRange> Ranges(FlowEnd end) => end.Kind switch
    {
        FlowEndKind.Internet => [IpRange.AllIPv4, IpRange.AllIPv6],
        FlowEndKind.Cidr => [new IpRange(end.Cidr!.IsV6, end.Cidr.First, end.Cidr.Last)],
        _ => [],
    };

    public static bool Exposes(IntentWorkload w, FlowPort port) =>
        port.Name is not null ? w.Ports.Any(p => p.Name == port.Name) : w.Ports.Any(p => p.Port == port.Port && p.Protocol == port.Protocol);

    /// <summary>What a flow allows into one destination workload (or towards an external destination).</summary>
    public static ConnectionSet Ports(Flow flow, IntentWorkload? destination)
    {
        if (flow.Ports.IsEmpty)
        {
            if (destination is null) return ConnectionSet.All;
            return destination.Ports.Aggregate(ConnectionSet.Empty,
                (acc, p) => acc.Union(ConnectionSet.Of(p.Protocol, PortSet.Single(p.Port))));
        }
        var result = ConnectionSet.Empty;
        foreach (var port in flow.Ports)
        {
            if (port.Name is not null)
            {
                foreach (var p in destination?.Ports.Where(p => p.Name == port.Name) ?? [])
                    result = result.Union(ConnectionSet.Of(p.Protocol, PortSet.Single(p.Port)));
            }
            else if (destination is null || Exposes(destination, port))
            {
                result = result.Union(ConnectionSet.Of(port.Protocol, PortSet.Single(port.Port!.Value)));
            }
        }
        return result;
    }

    /// <summary>All flows the intent allows, the DNS default included; a workload never needs a flow to itself.</summary>
    public static FlowMatrix Of(Intent intent)
    {
        var matrix = new FlowMatrix();
        foreach (var flow in Expand(intent))
        {
            var sources = flow.From.IsExternal
                ? Ranges(flow.From).Select(FlowPeer.Of)
                : Workloads(intent, flow.From).Select(w => FlowPeer.Of(w.Name));
            foreach (var src in sources.ToList())
            {
                if (flow.To.IsExternal)
                {
                    foreach (var range in Ranges(flow.To)) matrix.Add(src, FlowPeer.Of(range), Ports(flow, null), $"intent flow '{flow.Id}' ({flow.Span})");
                    continue;
                }
                foreach (var dst in Workloads(intent, flow.To))
                {
                    if (src.Workload == dst.Name) continue;
                    matrix.Add(src, FlowPeer.Of(dst.Name), Ports(flow, dst), $"intent flow '{flow.Id}' ({flow.Span})");
                }
            }
        }
        return matrix;
    }

    /// <summary>The intent's flows plus those its defaults imply (DNS from every workload to the resolver).</summary>
    public static IEnumerable<Flow> Expand(Intent intent) => intent.Flows.Concat(DnsFlows(intent));

    /// <summary>The flows <c>defaults.dns</c> adds: from every other workload to the resolver's port-53 ports; none without it.</summary>
    public static IEnumerable<Flow> DnsFlows(Intent intent)
    {
        if (intent.Defaults.DnsResolver is not { } dns || intent.Workload(dns) is not { } resolver) yield break;
        var ports = resolver.Ports.Where(p => p.Port == 53).Select(p => new FlowPort(null, 53, p.Protocol, intent.Defaults.Span));
        foreach (var w in intent.Workloads.Where(w => w.Name != dns))
        {
            yield return new Flow($"dns-{w.Name}", new FlowEnd(FlowEndKind.Workload, w.Name, null, intent.Defaults.Span),
                new FlowEnd(FlowEndKind.Workload, dns, null, intent.Defaults.Span), [.. ports], "DNS to the cluster resolver (defaults.dns)", intent.Defaults.Span);
        }
    }
}
