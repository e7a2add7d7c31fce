using Netpact.Model;

namespace Netpact.Lint.Rules;

/// <summary>ZT003: a workload that no NetworkPolicy selects, for ingress or for egress.</summary>
internal sealed class WorkloadNotIsolatedRule() : LintRule(
    "ZT003",
    "workload-not-isolated",
    LintSeverity.Error,
    "Workload selected by no NetworkPolicy",
    "A pod that no NetworkPolicy selects for a direction is not isolated in it: Kubernetes allows all of that traffic. " +
    "For ingress, every pod of the cluster and every address that can route to it may connect; for egress, the pod may " +
    "connect anywhere. Zero trust needs every workload inside an explicit allow list.",
    "Select the workload with a NetworkPolicy for both directions, most simply a default deny (podSelector: {}) in its " +
    "namespace, and allow its needed flows explicitly.",
    Compliance.Soc2Cc61, Compliance.Soc2Cc66, Compliance.Pci121, Compliance.Pci131, Compliance.Pci132)
{
    internal override IEnumerable<Finding> Check(LintContext context)
    {
        foreach (var workload in context.Cluster.Workloads)
        {
            var ingress = !context.IsIsolated(workload, Direction.Ingress);
            var egress = !context.IsIsolated(workload, Direction.Egress);
            if (!ingress && !egress) continue;
            var what = (ingress, egress) switch
            {
                (true, true) => "ingress or egress: every pod and address can connect to it, and it can connect anywhere",
                (true, false) => "ingress: every pod of the cluster and every address outside it can connect to it",
                _ => "egress: it can connect to every pod of the cluster and every address outside it",
            };
            yield return Found($"{workload.Id} is selected by no NetworkPolicy for {what}", workload.Span, workload.Id, [workload]);
        }
    }
}
