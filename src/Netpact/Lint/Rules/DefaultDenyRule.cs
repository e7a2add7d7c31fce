using Netpact.Model;

namespace Netpact.Lint.Rules;

/// <summary>
/// What ZT001 and ZT002 share: a namespace needs a policy selecting all its pods for the direction, or (egress only) a
/// cluster-scoped tier rule that denies every destination on every port for all its pods. For ingress the tiers cannot
/// name sources outside the cluster, so they narrow the finding's text but never silence it.
/// </summary>
internal abstract class DefaultDenyRule(Direction direction, string id, string name, string title, string why, string fix, params string[] controls)
    : LintRule(id, name, LintSeverity.Warning, title, why, fix, controls)
{
    internal override IEnumerable<Finding> Check(LintContext context)
    {
        var word = direction == Direction.Ingress ? "ingress" : "egress";
        foreach (var ns in context.KnownNamespaces)
        {
            if (context.Cluster.Policies.Any(p => p.Namespace == ns.Name && p.Affects(direction) && p.PodSelector.MatchesEverything)) continue;
            // A Cilium policy selecting every pod of the namespace with a rule list for the direction isolates them alike.
            if (context.Cluster.CiliumPolicies.Any(p => p.DefaultDeny(direction) && p.Subject.Pods.MatchesEverything && p.Subject.Namespaces.Matches(ns.Labels))) continue;
            var tier = TierDefaultDeny.For(context.Cluster, ns, direction);
            if (tier is not null && direction == Direction.Egress) continue;
            var workloads = context.WorkloadsIn(ns.Name).ToList();
            var consequence = tier is not null
                ? $"{tier} denies every pod of the cluster, but the tiers' ingress rules cannot name addresses outside the cluster, so those can still connect to its pods"
                : workloads.Count == 0
                    ? "every pod created in it later starts unrestricted"
                    : $"its {workloads.Count} workload(s) are {word}-restricted only where a policy happens to select them, and new pods start unrestricted";
            yield return Found(
                $"namespace {ns.Name} has no default-deny {word} policy (podSelector: {{}} with policyTypes [{direction}]): {consequence}",
                context.SpanOf(ns.Name),
                ns.Name,
                workloads,
                [ObjectRef.OfNamespace(ns.Name)]);
        }
    }
}
