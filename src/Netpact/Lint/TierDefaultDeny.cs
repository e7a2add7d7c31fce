using Netpact.Model;

namespace Netpact.Lint;

/// <summary>
/// Whether the cluster-scoped tiers (AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy) deny by
/// default for a namespace or a pod, read from the policies rather than from the engine: the question is "is what no
/// rule allows denied", which the connectivity matrix cannot tell apart from "everything happens to be allowed".
/// Conservative: only a Deny rule with a peer covering every source (every namespace and pod, and for egress the
/// networks 0.0.0.0/0 and ::/0) and no port list counts, and only when no earlier rule that may apply Passes (passed
/// traffic no NetworkPolicy isolates falls through to the default, which allows) or Allows broadly (every pod or a /0
/// network). Narrower earlier Allow rules are explicit allows and do not count against it.
/// </summary>
internal static class TierDefaultDeny
{
    /// <summary>
    /// The tier rule that denies every in-cluster source (ingress) or every destination (egress) for every pod of the
    /// namespace, present and future, described for a finding; null when none does. Admin tier first; after a Pass, the
    /// Baseline tier (which only pods no NetworkPolicy isolates reach; the others are denied by default anyway).
    /// Ingress rules of the tiers name pods only, so for ingress the answer never covers addresses outside the cluster.
    /// </summary>
    public static string? For(Cluster cluster, Namespace ns, Direction direction) =>
        Find(cluster, direction,
            selects: s => s.Namespaces.Matches(ns.Labels) && (s.Pods is null || s.Pods.MatchesEverything),
            maySelect: s => s.Namespaces.Matches(ns.Labels));

    /// <summary>The same question for one pod of a namespace.</summary>
    public static string? For(Cluster cluster, Namespace ns, Pod pod, Direction direction)
    {
        bool Selects(AdminSelector s) => s.Namespaces.Matches(ns.Labels) && (s.Pods is null || s.Pods.Matches(pod.Labels));
        return Find(cluster, direction, Selects, Selects);
    }

    private static string? Find(Cluster cluster, Direction direction, Func<AdminSelector, bool> selects, Func<AdminSelector, bool> maySelect)
    {
        foreach (var tier in new[] { AdminTier.Admin, AdminTier.Baseline })
        {
            if (Decide(AdminNetworkPolicy.EvaluationOrder(cluster.AdminPolicies, tier), direction, selects, maySelect) is { } found)
            {
                if (found.Length > 0) return found;
                // A Pass in the Admin tier leaves traffic to NetworkPolicy and the Baseline tier: look there.
            }
        }
        return null;
    }

    /// <summary>The deny-all rule that decides the tier (its description), "" when a Pass comes first, null when neither.</summary>
    private static string? Decide(IEnumerable<AdminNetworkPolicy> ordered, Direction direction, Func<AdminSelector, bool> selects, Func<AdminSelector, bool> maySelect)
    {
        foreach (var policy in ordered)
        {
            if (!maySelect(policy.Subject)) continue;
            foreach (var rule in policy.Rules(direction))
            {
                if (rule.Action == AdminAction.Pass || (rule.Action == AdminAction.Allow && Broad(rule))) return "";
                if (rule.Action == AdminAction.Deny && selects(policy.Subject) && CoversEverything(rule, direction))
                {
                    return $"{policy} {(direction == Direction.Ingress ? "ingress" : "egress")} rule '{rule.Name}' ({policy.Tier} tier)";
                }
            }
        }
        return null;
    }

    /// <summary>
    /// An Allow this wide (every pod, or a /0 network, on any ports) is an open door rather than an explicit allow: the
    /// deny after it does not make a default deny.
    /// </summary>
    private static bool Broad(AdminRule rule) =>
        rule.Peers.Any(p => (p.Selector is { } s && s.Namespaces.MatchesEverything && (s.Pods is null || s.Pods.MatchesEverything))
            || p.Networks.Any(c => c.PrefixLength == 0));

    /// <summary>Every port, and a peer holding every pod of every namespace; for egress also networks holding all of IPv4 and IPv6.</summary>
    private static bool CoversEverything(AdminRule rule, Direction direction)
    {
        if (rule.Ports is not null) return false;
        var pods = rule.Peers.Any(p => p.Selector is { } s && s.Namespaces.MatchesEverything && (s.Pods is null || s.Pods.MatchesEverything));
        if (direction == Direction.Ingress) return pods;
        var networks = rule.Peers.SelectMany(p => p.Networks).ToList();
        return pods && networks.Any(c => !c.IsV6 && c.PrefixLength == 0) && networks.Any(c => c.IsV6 && c.PrefixLength == 0);
    }
}
