using Netpact.Model;

namespace Netpact.Lint.Rules;

/// <summary>ZT052: a container that does not drop all Linux capabilities (or is privileged).</summary>
internal sealed class DropAllCapabilitiesRule() : ContainerRule(
    "ZT052",
    "drop-all-capabilities",
    LintSeverity.Warning,
    "Container does not drop all capabilities",
    "Default container capabilities include NET_RAW (packet crafting, ARP and DNS spoofing inside the pod network) and " +
    "others an application does not need. Least privilege drops them all and adds back only what the workload needs; a " +
    "privileged container has every capability whatever it drops.",
    "Set 'securityContext.capabilities.drop: [ALL]' (exactly 'ALL') and add back only what is needed, such as " +
    "NET_BIND_SERVICE; do not set privileged: true.",
    Compliance.Soc2Cc61, Compliance.Pci226)
{
    protected override (string Problem, SourceSpan Span)? Problem(PodSecurity pod, ContainerSecurity container)
    {
        if (container.Privileged is { Value: true } privileged)
            return ("is privileged: it holds every capability, whatever it drops", privileged.Span);
        if (container.CapabilitiesDropped.Any(c => c.Value == "ALL")) return null;
        if (container.CapabilitiesDropped.FirstOrDefault(c => c.Value.Equals("all", StringComparison.OrdinalIgnoreCase)) is { } spelt)
            return ($"drops '{spelt.Value}', which is not the capability set 'ALL' (the name is case-sensitive)", spelt.Span);
        return ("does not drop all capabilities: securityContext.capabilities.drop has no ALL", container.Span);
    }
}
