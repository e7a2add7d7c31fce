using Netpact.Model;

namespace Netpact.Compose;

/// <summary>
/// What a Compose project lets go where, as Docker enforces it:
/// <list type="bullet">
/// <item>services on a shared network reach each other on every port and protocol, both ways (unless the
/// bridge's enable_icc is off);</item>
/// <item>a service reaches the internet unless every network it is on is internal;</item>
/// <item>a published port is reachable from outside (every address, or only the host's loopback when bound
/// there), and is not published at all when every network of the service is internal;</item>
/// <item>network_mode: host shares the host's stack: the service reaches, and is reached by, everything;
/// network_mode: service:X shares X's namespace and so X's reach; none and container:ID reach nothing known.</item>
/// </list>
/// Not modelled: a service with a route outside reaching another service's published port through the host's
/// address (hairpin); it counts as part of the internet there.
/// </summary>
public static class ComposeConnectivity
{
    public static void AddTo(FlowMatrix matrix, ComposeProject project, List<Diagnostic> diagnostics)
    {
        var effective = project.Services.ToDictionary(s => s.Name, s => Effective(project, s));
        var networkSpans = new Dictionary<string, SourceSpan>();

        foreach (var network in project.Networks)
        {
            if (!network.InterContainer) continue;
            var members = project.Services.Where(s => effective[s.Name].Networks.Contains(network)).ToList();
            foreach (var a in members)
            {
                foreach (var b in members.Where(b => b != a))
                    matrix.Add(FlowPeer.Of(a.Name), FlowPeer.Of(b.Name), ConnectionSet.All, $"{Name(network)} ({network.Span})");
            }
        }

        foreach (var service in project.Services)
        {
            var (mode, networks, via) = effective[service.Name];
            var self = FlowPeer.Of(service.Name);
            if (via is not null)
            {
                // Two services in one network namespace are one host to the network: each reaches the other on localhost.
                matrix.Add(self, FlowPeer.Of(via.Name), ConnectionSet.All, $"network_mode 'service:{via.Name}' of '{service.Name}' ({service.Span})");
                matrix.Add(FlowPeer.Of(via.Name), self, ConnectionSet.All, $"network_mode 'service:{via.Name}' of '{service.Name}' ({service.Span})");
            }
            if (mode == ComposeNetworkMode.Host)
            {
                var reason = $"network_mode: host of '{service.Name}' ({service.Span})";
                foreach (var other in project.Services.Where(o => o != service))
                {
                    matrix.Add(self, FlowPeer.Of(other.Name), ConnectionSet.All, reason);
                    matrix.Add(FlowPeer.Of(other.Name), self, ConnectionSet.All, reason);
                }
                foreach (var all in new[] { IpRange.AllIPv4, IpRange.AllIPv6 })
                {
                    matrix.Add(self, FlowPeer.Of(all), ConnectionSet.All, reason);
                    matrix.Add(FlowPeer.Of(all), self, ConnectionSet.All, reason);
                }
                continue;
            }
            var outside = networks.FirstOrDefault(n => !n.Internal);
            if (outside is not null)
            {
                var reason = $"{Name(outside)} is not internal ({outside.Span})";
                matrix.Add(self, FlowPeer.Of(IpRange.AllIPv4), ConnectionSet.All, reason);
                matrix.Add(self, FlowPeer.Of(IpRange.AllIPv6), ConnectionSet.All, reason);
            }
            foreach (var port in service.Ports)
            {
                if (outside is null)
                {
                    diagnostics.Add(Diagnostic.Warning(port.Span, mode == ComposeNetworkMode.Networks
                        ? $"port '{port.Text}' of service '{service.Name}' is not published: every network of the service is internal, and Docker publishes no port there"
                        : $"port '{port.Text}' of service '{service.Name}' is not published: the service has no network of its own (network_mode)"));
                    continue;
                }
                foreach (var source in Sources(port.HostIp))
                    matrix.Add(FlowPeer.Of(source), self, ConnectionSet.Of(port.Protocol, port.ContainerPorts), $"published port '{port.Text}' of '{service.Name}' ({port.Span})");
            }
        }
    }

    private static string Name(ComposeNetwork network) => network.Declared
        ? $"Compose network '{network.Name}'"
        : network.Name == ComposeReader.DockerBridge
            ? "Docker's default bridge (network_mode: bridge)"
            : $"Compose network '{network.Name}' (implicit: services that name no network join it)";

    /// <summary>Who reaches a port published on this host address: loopback is the host alone, anything else is the outside.</summary>
    private static IEnumerable<IpRange> Sources(string? hostIp)
    {
        if (hostIp is null) return [IpRange.AllIPv4, IpRange.AllIPv6];
        var address = ComposePortSyntax.HostAddress(hostIp)!;
        var range = new IpRange(address.IsV6, address.First, address.Last);
        var loopback = address.IsV6 ? address.First == 1 : (address.First >> 24) == 127;
        // Any other address of the host (0.0.0.0, a LAN or public address) is as reachable as the host is: assume from anywhere.
        return loopback ? [range] : [address.IsV6 ? IpRange.AllIPv6 : IpRange.AllIPv4];
    }

    /// <summary>The networks a service is really on, following network_mode: service:X to X (cycles end in none).</summary>
    private static (ComposeNetworkMode Mode, List<ComposeNetwork> Networks, ComposeService? Via) Effective(ComposeProject project, ComposeService service)
    {
        var seen = new HashSet<string>();
        var current = service;
        ComposeService? via = null;
        while (current.Mode == ComposeNetworkMode.Service)
        {
            if (!seen.Add(current.Name) || project.Service(current.ModeTarget!) is not { } target) return (ComposeNetworkMode.None, [], null);
            via ??= target;
            current = target;
        }
        var networks = current.Mode is ComposeNetworkMode.Networks or ComposeNetworkMode.Bridge
            ? current.Networks.Select(r => project.Network(r.Name)).OfType<ComposeNetwork>().Distinct().ToList()
            : [];
        return (current.Mode, networks, via);
    }
}
