namespace Netpact.Lint.Rules;

/// <summary>ZT032: a Compose port published on every address of the host.</summary>
internal sealed class ComposePublishedOnAllAddressesRule() : ComposeRule(
    "ZT032",
    "compose-port-on-all-addresses",
    LintSeverity.Warning,
    "Compose port published on all addresses of the host",
    "A port published without a host address ('8080:80') binds every interface of the host, IPv4 and IPv6, and Docker's " +
    "rules bypass the host firewall: a service meant for localhost or one interface is reachable from every network " +
    "the host is on.",
    "Bind the port to the address that needs it: '127.0.0.1:8080:80' for local access, or the address of the public " +
    "interface for a public service (and suppress the finding with the reason if every address is intended).",
    Compliance.Soc2Cc66, Compliance.Pci142, Compliance.Pci141)
{
    internal override IEnumerable<Finding> Check(LintContext context)
    {
        foreach (var project in context.Compose)
        {
            foreach (var service in project.Services)
            {
                foreach (var port in service.Ports.Where(p => p.HostIp is null or "0.0.0.0" or "::"))
                {
                    yield return Found(
                        $"service '{service.Name}' publishes '{port.Text}' on every address of the host{(port.HostIp is null ? " (no host address given)" : "")}",
                        port.Span, $"{project.File}|{service.Name}|{port.Text}", subjects: [Subject(project, service)]);
                }
            }
        }
    }
}
