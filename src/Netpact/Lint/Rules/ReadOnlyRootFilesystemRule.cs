using Netpact.Model;

namespace Netpact.Lint.Rules;

/// <summary>ZT051: a container whose root filesystem is writable.</summary>
internal sealed class ReadOnlyRootFilesystemRule() : ContainerRule(
    "ZT051",
    "read-only-root-filesystem",
    LintSeverity.Warning,
    "Container root filesystem is writable (readOnlyRootFilesystem not set)",
    "A writable root filesystem lets an attacker who gets code execution drop tools and persist changes to binaries and " +
    "configuration. A read-only root confines writes to the volumes the workload declares.",
    "Set 'securityContext.readOnlyRootFilesystem: true' on the container and mount emptyDir volumes where it must write " +
    "(/tmp, caches).",
    Compliance.Soc2Cc61, Compliance.Pci226)
{
    protected override (string Problem, SourceSpan Span)? Problem(PodSecurity pod, ContainerSecurity container) =>
        container.ReadOnlyRootFilesystem switch
        {
            { Value: true } => null,
            { Value: false } setting => ("has a writable root filesystem: readOnlyRootFilesystem is false", setting.Span),
            _ => ("has a writable root filesystem: securityContext.readOnlyRootFilesystem is not set", container.Span),
        };
}
