using Netpact.Model;

namespace Netpact.Lint.Rules;

/// <summary>ZT053: a container without a CPU or memory limit.</summary>
internal sealed class ResourceLimitsRule() : ContainerRule(
    "ZT053",
    "resource-limits",
    LintSeverity.Warning,
    "Container without CPU and memory limits",
    "Without limits a compromised or misbehaving container can starve its node: a denial of service that spreads to every " +
    "workload scheduled beside it, security agents included.",
    "Set 'resources.limits.cpu' and 'resources.limits.memory' on every container.",
    Compliance.Soc2Cc61, Compliance.Pci226)
{
    protected override (string Problem, SourceSpan Span)? Problem(PodSecurity pod, ContainerSecurity container) =>
        (container.CpuLimit, container.MemoryLimit) switch
        {
            (not null, not null) => null,
            (null, null) => ("has no resources.limits for cpu and memory", container.Span),
            (null, _) => ("has no resources.limits.cpu", container.Span),
            _ => ("has no resources.limits.memory", container.Span),
        };
}
