using Netpact.Model;

namespace Netpact.Analysis;

/// <summary>What the ports of a rule allow towards one destination (named ports resolve on the destination pod).</summary>
public static class PolicyPorts
{
    public static ConnectionSet Resolve(IReadOnlyList<PolicyPort> ports, IReadOnlyList<ContainerPort> destinationPorts)
    {
        if (ports.Count == 0) return ConnectionSet.All;
        var result = ConnectionSet.Empty;
        foreach (var p in ports) result = result.Union(Resolve(p, destinationPorts));
        return result;
    }

    public static ConnectionSet Resolve(PolicyPort port, IReadOnlyList<ContainerPort> destinationPorts)
    {
        if (port.Name is not null)
        {
            var result = ConnectionSet.Empty;
            foreach (var cp in destinationPorts)
            {
                if (cp.Name == port.Name && cp.Protocol == port.Protocol)
                    result = result.Union(ConnectionSet.Of(port.Protocol, PortSet.Single(cp.Port)));
            }
            return result;
        }
        if (port.Port is not { } start) return ConnectionSet.Of(port.Protocol, PortSet.All);
        return ConnectionSet.Of(port.Protocol, PortSet.Range(start, port.EndPort ?? start));
    }
}
