using System.Collections.Immutable;
using Netpact.Intents;
using Netpact.Model;

namespace Netpact.Verify;

/// <summary>
/// One caller the intent does not allow (to all of a workload's declared ports, or to some of them) and the layers
/// that each stop it: every one of them alone keeps the caller off the ports the intent does not open to it.
/// </summary>
public sealed record DepthPair(FlowPeer Source, FlowPeer Destination, ConnectionSet Unintended, ImmutableArray<string> StoppedBy, ImmutableArray<string> LetThrough)
{
    /// <summary>0: exposed; 1: a single point of failure; 2 or more: defense in depth.</summary>
    public int Layers => StoppedBy.Length;
}

/// <summary>
/// Defense in depth per flow: for every caller of every workload of the intent (other workloads, and the internet),
/// on the workload's declared ports that the intent does not open to that caller, how many layers would each stop
/// it. A layer that does not govern the path (Istio: traffic from outside the mesh, UDP and SCTP) stops nothing there.
/// </summary>
public static class DefenseInDepth
{
    public static ImmutableArray<DepthPair> Of(Intent intent, IReadOnlyList<Verification> layers)
    {
        var intended = IntendedFlows.Of(intent);
        var read = layers.Where(v => v.Flows is not null).ToList();
        var callers = intent.Workloads.Select(w => FlowPeer.Of(w.Name))
            .Append(FlowPeer.Of(IpRange.AllIPv4))
            .ToList();
        var result = ImmutableArray.CreateBuilder<DepthPair>();
        foreach (var destination in intent.Workloads)
        {
            var declared = destination.Ports.Aggregate(ConnectionSet.Empty, (acc, p) => acc.Union(ConnectionSet.Of(p.Protocol, PortSet.Single(p.Port))));
            if (declared.IsEmpty) continue;
            var to = FlowPeer.Of(destination.Name);
            foreach (var from in callers.Where(c => c.Workload != destination.Name))
            {
                var unintended = declared.Subtract(intended.Between(from, to).Allowed);
                if (unintended.IsEmpty) continue;
                var stopped = ImmutableArray.CreateBuilder<string>();
                var through = ImmutableArray.CreateBuilder<string>();
                foreach (var layer in read)
                {
                    var governs = from.Workload is not null || layer.Flows!.CoversExternal;
                    var allowed = Allowed(layer.Flows!.Flows, from, to).Intersect(unintended);
                    (governs && allowed.IsEmpty ? stopped : through).Add(layer.Target);
                }
                result.Add(new DepthPair(from, to, unintended, stopped.ToImmutable(), through.ToImmutable()));
            }
        }
        return result.ToImmutable();
    }

    /// <summary>What the layer lets the caller send; for the internet, what any external address may send.</summary>
    private static ConnectionSet Allowed(FlowMatrix flows, FlowPeer from, FlowPeer to) =>
        from.Workload is not null
            ? flows.Between(from, to).Allowed
            : flows.Entries.Where(e => e.Source.Range is not null && e.Destination == to).Aggregate(ConnectionSet.Empty, (acc, e) => acc.Union(e.Allowed));
}
