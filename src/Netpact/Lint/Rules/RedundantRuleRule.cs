using Netpact.Analysis;
using Netpact.Model;

namespace Netpact.Lint.Rules;

/// <summary>ZT015: a rule that allows nothing the other rules of its side do not already allow.</summary>
internal sealed class RedundantRuleRule() : LintRule(
    "ZT015",
    "redundant-rule",
    LintSeverity.Note,
    "Redundant rule (adds no connectivity)",
    "A rule whose every allowed connection is already allowed by other rules selecting the same pods is dead weight: " +
    "reviewers read it as a grant, and when the other rule is tightened later this one silently keeps the old access.",
    "Remove the rule, or narrow the broader rule that covers it so that each flow is granted once, where reviewers expect it.",
    Compliance.Pci121, Compliance.Pci127)
{
    private sealed record Peer(Workload? Workload, Pod? Pod, IpRange? Range);

    internal override IEnumerable<Finding> Check(LintContext context)
    {
        foreach (var direction in new[] { Direction.Ingress, Direction.Egress })
        {
            var external = ExternalAtoms.Of(context.Cluster.Policies, direction).Select(r => new Peer(null, null, r)).ToList();
            var rules = context.Rules().Where(r => r.Direction == direction).ToList();
            // Only rules of policies in one namespace can select the same pods.
            var rulesIn = Enumerable.Range(0, rules.Count).ToLookup(j => rules[j].Policy.Namespace, StringComparer.Ordinal);
            var redundant = new HashSet<int>();
            // From the last rule back, so that of two equal rules the later one is reported.
            for (var i = rules.Count - 1; i >= 0; i--)
            {
                var (policy, _, index, rule) = rules[i];
                var subjects = context.WorkloadsIn(policy.Namespace)
                    .SelectMany(w => w.Pods.Select(p => (Workload: w, Pod: p)))
                    .Where(x => LintContext.Selects(policy, x.Workload, x.Pod))
                    .ToList();
                // The peers the rule can admit: pods where its selectors reach, and the outside address atoms.
                var peers = context.Candidates(policy, rule).SelectMany(w => w.Pods.Select(p => new Peer(w, p, null))).Concat(external).ToList();
                var admitsSomething = false;
                var covered = true;
                var coveringRules = new HashSet<int>();
                foreach (var (workload, pod) in subjects)
                {
                    var others = rulesIn[policy.Namespace]
                        .Where(j => j != i && !redundant.Contains(j) && LintContext.Selects(rules[j].Policy, workload, pod))
                        .ToList();
                    foreach (var peer in peers)
                    {
                        var own = Allows(context, policy, rule, direction, pod, peer);
                        if (own.IsEmpty) continue;
                        admitsSomething = true;
                        var rest = ConnectionSet.Empty;
                        foreach (var j in others)
                        {
                            var theirs = Allows(context, rules[j].Policy, rules[j].Rule, direction, pod, peer);
                            if (!theirs.Intersect(own).IsEmpty) coveringRules.Add(j);
                            rest = rest.Union(theirs);
                        }
                        if (!own.Subtract(rest).IsEmpty)
                        {
                            covered = false;
                            break;
                        }
                    }
                    if (!covered) break;
                }
                if (!admitsSomething || !covered) continue;
                redundant.Add(i);
                var by = coveringRules.Order().Select(j => LintContext.Describe(rules[j].Policy, direction, rules[j].Index)).ToList();
                yield return Found(
                    $"{LintContext.Describe(policy, direction, index)} adds no connectivity: everything it allows is already allowed by " +
                    $"{string.Join(", ", by.Take(3))}{(by.Count > 3 ? $" and {by.Count - 3} more" : "")}",
                    rule.Span,
                    $"{policy.Id}|{direction}|{index}",
                    subjects.Select(s => s.Workload).Distinct(),
                    [Subject(policy), .. coveringRules.Select(j => Subject(rules[j].Policy))]);
            }
        }
    }

    /// <summary>What one rule allows between a pod it selects and one peer (named ports resolve on the destination).</summary>
    private static ConnectionSet Allows(LintContext context, NetworkPolicy policy, PolicyRule rule, Direction direction, Pod subject, Peer peer)
    {
        var admitted = peer.Range is { } range
            ? rule.AdmitsAllPeers || rule.Peers!.Value.Any(p => p.IpBlock is { } block && range.Within(block))
            : context.Admits(policy, rule, peer.Workload!, peer.Pod!);
        if (!admitted) return ConnectionSet.Empty;
        var destinationPorts = direction == Direction.Ingress ? subject.Ports : peer.Pod?.Ports ?? [];
        return PolicyPorts.Resolve(rule.Ports, destinationPorts);
    }
}
