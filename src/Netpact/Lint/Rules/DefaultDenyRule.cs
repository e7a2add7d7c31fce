using Netpact.Model;

namespace Netpact.Lint.Rules;

/// <summary>What ZT001 and ZT002 share: a namespace needs a policy selecting all its pods for the direction.</summary>
internal abstract class DefaultDenyRule(Direction direction, string id, string name, string title, string why, string fix, params string[] controls)
    : LintRule(id, name, LintSeverity.Warning, title, why, fix, controls)
{
    internal override IEnumerable<Finding> Check(LintContext context)
    {
        var word = direction == Direction.Ingress ? "ingress" : "egress";
        foreach (var ns in context.KnownNamespaces)
        {
            if (context.Cluster.Policies.Any(p => p.Namespace == ns.Name && p.Affects(direction) && p.PodSelector.MatchesEverything)) continue;
            var workloads = context.WorkloadsIn(ns.Name).ToList();
            var consequence = workloads.Count == 0
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
