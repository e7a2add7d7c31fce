using Netpact.Model;

namespace Netpact.Lint.Rules;

/// <summary>ZT003: a workload that no NetworkPolicy (nor Cilium policy) isolates, for ingress or for egress.</summary>
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
            var ns = context.Cluster.Namespace(workload.Namespace);
            var ingress = !context.IsIsolated(workload, Direction.Ingress);
            // Egress is closed when every pod is isolated by a NetworkPolicy or denied everything by a tier rule.
            var egress = !workload.Pods.All(p =>
                context.Isolating(workload, p, Direction.Egress).Any() || context.CiliumIsolates(workload, p, Direction.Egress)
                || TierDefaultDeny.For(context.Cluster, ns, p, Direction.Egress) is not null);
            if (!ingress && !egress) continue;
            // The tiers' ingress rules name pods only: a deny of every pod still leaves addresses outside the cluster.
            var tierIngress = ingress
                ? workload.Pods.Select(p => TierDefaultDeny.For(context.Cluster, ns, p, Direction.Ingress)).Distinct().ToList() is [{ } one] ? one : null
                : null;
            var what = (ingress, egress, tierIngress) switch
            {
                (true, true, null) => "ingress or egress: every pod and address can connect to it, and it can connect anywhere",
                (true, false, null) => "ingress: every pod of the cluster and every address outside it can connect to it",
                (true, true, { } t) => $"ingress or egress: {t} denies every pod of the cluster, but every address outside it can connect to it, and it can connect anywhere",
                (true, false, { } t) => $"ingress: {t} denies every pod of the cluster, but every address outside it can connect to it",
                _ => "egress: it can connect to every pod of the cluster and every address outside it",
            };
            yield return Found($"{workload.Id} is selected by no NetworkPolicy for {what}", workload.Span, workload.Id, [workload]);
        }
    }
}
