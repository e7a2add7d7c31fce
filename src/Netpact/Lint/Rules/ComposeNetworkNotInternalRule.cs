namespace Netpact.Lint.Rules;

/// <summary>ZT030: a Compose network whose services publish nothing, yet is not internal.</summary>
internal sealed class ComposeNetworkNotInternalRule() : ComposeRule(
    "ZT030",
    "compose-private-network-not-internal",
    LintSeverity.Warning,
    "Compose private network not internal",
    "A network that carries no published port (it joins back ends, databases, workers, and front ends that publish " +
    "through another network) still routes to " +
    "the internet and the host's networks unless it is 'internal: true'. A compromised back end can then exfiltrate " +
    "or fetch tools directly.",
    "Declare the network with 'internal: true'. A service that must reach the outside joins a second, non-internal " +
    "network, or goes through a proxy on one.",
    Compliance.Soc2Cc66, Compliance.Pci132, Compliance.Pci141)
{
    internal override IEnumerable<Finding> Check(LintContext context)
    {
        foreach (var project in context.Compose)
        {
            foreach (var network in project.Networks.Where(n => !n.Internal && n.Name != Compose.ComposeReader.DockerBridge))
            {
                var members = Members(project, network).ToList();
                if (members.Count == 0 || members.Any(s => PublicNetworks(project, s).Contains(network.Name))) continue;
                yield return Found(
                    $"network '{network.Name}' carries no published port (of {string.Join(", ", members.Select(s => s.Name))}), " +
                    "yet it is not internal: its services can reach the internet and the host's networks",
                    network.Span, $"{project.File}|{network.Name}", subjects: members.Select(s => Subject(project, s)));
            }
        }
    }

    /// <summary>
    /// The networks a service's published ports need (Docker publishes only through a non-internal network): those of
    /// its non-internal networks whose members all publish ports (the front), or, when none is, all of them.
    /// </summary>
    private static HashSet<string> PublicNetworks(Compose.ComposeProject project, Compose.ComposeService service)
    {
        if (service.Ports.IsEmpty) return [];
        var open = service.Networks.Select(n => project.Network(n.Name)).Where(n => n is { Internal: false }).Select(n => n!).ToList();
        var front = open.Where(n => Members(project, n).All(m => !m.Ports.IsEmpty)).ToList();
        return [.. (front.Count > 0 ? front : open).Select(n => n.Name)];
    }
}
