using Netpact.Model;

namespace Netpact.Lint.Rules;

/// <summary>ZT050: a container that may run as root.</summary>
internal sealed class RunAsNonRootRule() : ContainerRule(
    "ZT050",
    "run-as-non-root",
    LintSeverity.Warning,
    "Container may run as root (runAsNonRoot not set)",
    "Zero trust assumes a breach. A process running as root inside a container turns an application exploit into control " +
    "of the container, and one kernel or runtime bug away from the node and every pod on it.",
    "Set 'securityContext.runAsNonRoot: true' on the pod or container, with a non-zero runAsUser if the image has no " +
    "non-root user.",
    Compliance.Soc2Cc61, Compliance.Pci226)
{
    protected override (string Problem, SourceSpan Span)? Problem(PodSecurity pod, ContainerSecurity container)
    {
        var user = container.RunAsUser ?? pod.RunAsUser;
        if (user is { Value: 0 }) return ("runs as root: runAsUser is 0", user.Span);
        var nonRoot = container.RunAsNonRoot ?? pod.RunAsNonRoot;
        return nonRoot switch
        {
            { Value: true } => null,
            { Value: false } => ("may run as root: runAsNonRoot is false", nonRoot.Span),
            _ => ("may run as root: neither it nor its pod sets securityContext.runAsNonRoot: true", container.Span),
        };
    }
}
