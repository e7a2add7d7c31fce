using Netpact.Model;

namespace Netpact.Analysis;

/// <summary>What the ports of a cluster-scoped policy rule match towards one destination.</summary>
public static class AdminPorts
{
    /// <summary>
    /// No ports: everything. A named port is the destination pod's container port of that name, with that port's
    /// protocol (unlike NetworkPolicy, the entry names no protocol); a destination without it (or an address outside
    /// the cluster) gets nothing from the entry.
    /// </summary>
    public static ConnectionSet Resolve(IReadOnlyList<AdminPort>? ports, IReadOnlyList<ContainerPort> destinationPorts)
    {
        if (ports is null) return ConnectionSet.All;
        var result = ConnectionSet.Empty;
        foreach (var p in ports)
        {
            if (p.Name is { } name)
            {
                foreach (var cp in destinationPorts)
                {
                    if (cp.Name == name) result = result.Union(ConnectionSet.Of(cp.Protocol, PortSet.Single(cp.Port)));
                }
            }
            else
            {
                result = result.Union(ConnectionSet.Of(p.Protocol, PortSet.Range(p.Start, p.End)));
            }
        }
        return result;
    }
}
