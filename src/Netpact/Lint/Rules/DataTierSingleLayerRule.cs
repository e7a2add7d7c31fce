using Netpact.Analysis;
using Netpact.Model;

namespace Netpact.Lint.Rules;

/// <summary>
/// ZT022: a data-tier workload that some caller is kept from by one layer only, when the input holds a second layer
/// (Istio): NetworkPolicy alone (Istio would let the caller through, or the workload runs no sidecar), or Istio alone.
/// </summary>
internal sealed class DataTierSingleLayerRule() : LintRule(
    "ZT022",
    "data-tier-single-layer",
    LintSeverity.Warning,
    "Data-tier workload kept from other callers by one layer only",
    "Defense in depth means that one mistaken or deleted policy does not expose a database: the seed isolates databases " +
    "in NetworkPolicy and in Istio at once. A caller that only one of them stops reaches the data the day that one " +
    "policy is wrong, removed or not enforced (a CNI without NetworkPolicy support, a pod without its sidecar).",
    "Let both layers say who may call the data workload: give it a sidecar (label its namespace istio-injection=enabled) " +
    "and an ALLOW AuthorizationPolicy whose sources are its clients' principals on its port, beside the NetworkPolicy " +
    "that admits the same clients. 'netpact compile INTENT --target k8s --target istio' writes both from one intent.",
    Compliance.Soc2Cc61, Compliance.Soc2Cc66, Compliance.Pci131, Compliance.Pci144)
{
    private const int Shown = 5;

    /// <summary>It weighs NetworkPolicy against Istio and applies only where the input holds Istio's resources.</summary>
    public override string Layer => "Istio";

    internal override IEnumerable<Finding> Check(LintContext context)
    {
        // Without a second layer in the input lint cannot tell what else stands in front of a workload.
        if (context.Istio.Policies.IsEmpty && context.Istio.PeerAuthentications.IsEmpty) yield break;
        var cluster = context.Cluster;
        MeshLayer? mesh = null;
        for (var d = 0; d < cluster.Workloads.Length; d++)
        {
            var workload = cluster.Workloads[d];
            if (DataTierExposedRule.DataTierReason(workload) is not { } reason) continue;
            mesh ??= context.Connectivity.Mesh ?? new MeshLayer(cluster, context.Istio);
            var declared = workload.Pods.SelectMany(p => p.Ports).Where(p => p.Protocol == Protocol.TCP).Select(p => p.Port).Distinct().ToList();
            var ports = declared.Count == 0 ? PortSet.All : declared.Aggregate(PortSet.Empty, (acc, p) => acc.Union(PortSet.Single(p)));
            var inMesh = mesh.MemberAt(d) is not null;
            var onlyNetworkPolicy = new List<Workload>();
            var onlyIstio = new List<Workload>();
            for (var s = 0; s < cluster.Workloads.Length; s++)
            {
                if (s == d) continue;
                var caller = cluster.Workloads[s];
                var networkPolicyStops = context.Connectivity.AllowedByNetworkPolicy(caller, workload)[Protocol.TCP].Intersect(ports).IsEmpty;
                var istioStops = inMesh && mesh.Verdict(s, d) is { } verdict && verdict.Tcp.Intersect(ports).IsEmpty;
                if (networkPolicyStops && !istioStops) onlyNetworkPolicy.Add(caller);
                else if (istioStops && !networkPolicyStops) onlyIstio.Add(caller);
            }
            if (onlyNetworkPolicy.Count == 0 && onlyIstio.Count == 0) continue;
            var on = declared.Count == 0 ? "TCP" : $"TCP {ports}";
            var parts = new List<string>();
            if (onlyNetworkPolicy.Count > 0)
            {
                parts.Add($"NetworkPolicy alone stops {Names(onlyNetworkPolicy)} ({(inMesh ? $"Istio would let {(onlyNetworkPolicy.Count == 1 ? "it" : "them")} through" : "it runs no Istio sidecar")})");
            }
            if (onlyIstio.Count > 0) parts.Add($"Istio alone stops {Names(onlyIstio)} (NetworkPolicy lets {(onlyIstio.Count == 1 ? "it" : "them")} through)");
            yield return Found(
                $"{workload.Id} (data tier: {reason}) is kept from {Callers(onlyNetworkPolicy.Count + onlyIstio.Count)} on {on} by one layer only: {string.Join("; ", parts)}",
                workload.Span, workload.Id, [workload]);
        }
    }

    private static string Callers(int n) => n == 1 ? "1 caller" : $"{n} callers";

    private static string Names(List<Workload> callers) =>
        string.Join(", ", callers.Take(Shown).Select(w => w.Id)) + (callers.Count > Shown ? $" and {callers.Count - Shown} more" : "");
}
