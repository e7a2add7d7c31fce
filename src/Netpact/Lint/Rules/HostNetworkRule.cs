namespace Netpact.Lint.Rules;

/// <summary>ZT054: a pod in the node's network namespace (hostNetwork: true).</summary>
internal sealed class HostNetworkRule() : LintRule(
    "ZT054",
    "host-network",
    LintSeverity.Error,
    "Pod uses the node's network (hostNetwork: true)",
    "A pod with hostNetwork shares the node's network stack: NetworkPolicies do not isolate it, it can bind node ports, " +
    "reach node-local services and sniff traffic of the node. Every segmentation control of the cluster is bypassed.",
    "Remove 'hostNetwork: true'; expose the workload through a Service, or use hostPort for a single port if it truly " +
    "must be reachable on the node's address.",
    Compliance.Soc2Cc61, Compliance.Soc2Cc66, Compliance.Pci131, Compliance.Pci132, Compliance.Pci226)
{
    internal override IEnumerable<Finding> Check(LintContext context)
    {
        foreach (var workload in context.Cluster.Workloads)
        {
            if (workload.Pods.Select(p => p.Security.HostNetwork).FirstOrDefault(h => h is { Value: true }) is not { } setting) continue;
            yield return Found(
                $"{workload.Id} runs in the node's network namespace (hostNetwork: true): NetworkPolicies do not apply to it",
                setting.Span, workload.Id, [workload]);
        }
    }
}
