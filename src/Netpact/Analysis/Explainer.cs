using System.Collections.Immutable;
using Netpact.Model;

namespace Netpact.Analysis;

/// <summary>
/// Evaluates one source/destination pair rule by rule, keeping every reason. Slow per pair by design:
/// it is what `netpact explain` prints, and the engine is checked against it.
/// </summary>
public static class Explainer
{
    /// <summary>One concrete end: a pod of a workload, or an external range.</summary>
    private sealed record Side(Namespace? Namespace, Pod? Pod, IpRange? Range);

    /// <summary>As <see cref="Explain(Cluster, Endpoint, Endpoint)"/>, with Istio's layer on top when <paramref name="mesh"/> is given.</summary>
    public static Explanation Explain(Cluster cluster, Endpoint source, Endpoint destination, MeshLayer? mesh)
    {
        var explanation = Explain(cluster, source, destination);
        if (mesh is null || destination.Workload is not { } to) return explanation;
        var d = cluster.Workloads.IndexOf(to);
        var s = source.Workload is { } from ? cluster.Workloads.IndexOf(from) : -1;
        var verdict = s >= 0 ? mesh.Verdict(s, d) : mesh.Verdict(source.Range!, d);
        var allowed = s >= 0 ? mesh.Apply(s, d, explanation.Allowed) : mesh.Apply(source.Range!, d, explanation.Allowed);
        return explanation with
        {
            Allowed = allowed,
            Mesh = new MeshExplanation(s >= 0 && mesh.MemberAt(s) is not null, mesh.MemberAt(d) is not null, verdict, allowed),
        };
    }

    public static Explanation Explain(Cluster cluster, Endpoint source, Endpoint destination)
    {
        // A workload's pods may differ; the workload pair gets what every pod pair gets, and the reasons
        // shown are those of the first pods.
        var sources = Sides(cluster, source);
        var destinations = Sides(cluster, destination);
        var policies = CiliumLowering.Policies(cluster);
        (SideExplanation Egress, SideExplanation Ingress)? first = null;
        var allowed = ConnectionSet.All;
        foreach (var s in sources)
        {
            foreach (var d in destinations)
            {
                var egress = ExplainSide(cluster, policies, Direction.Egress, s, d, source.ToString());
                var ingress = ExplainSide(cluster, policies, Direction.Ingress, d, s, destination.ToString());
                first ??= (egress, ingress);
                allowed = allowed.Intersect(egress.Allowed.Intersect(ingress.Allowed));
            }
        }
        return new Explanation(source, destination, first!.Value.Egress, first.Value.Ingress, allowed);
    }

    /// <summary>
    /// The distinct pods of a workload (replicas with the same labels, ports, network and addresses decide alike, so
    /// one stands for all), or the range.
    /// </summary>
    private static List<Side> Sides(Cluster cluster, Endpoint e) =>
        e.Workload is { } w
            ? [.. w.Pods.DistinctBy(PodShape).Select(p => new Side(cluster.Namespace(w.Namespace), p, null))]
            : [new Side(null, null, e.Range)];

    private static string PodShape(Pod p) =>
        string.Join("\0", p.Labels.Select(l => $"{l.Key}={l.Value}")) + "\0\0" + string.Join("\0", p.Ports.Select(x => $"{x.Name}/{x.Protocol}/{x.Port}"))
        + "\0\0" + p.HostNetwork + "\0" + string.Join("\0", p.Addresses);

    /// <summary>
    /// What the tiers allow `subject` in `direction`, towards or from `other`: the Admin tier's rules first (first
    /// match decides), then the NetworkPolicies selecting `subject`, or when none does the Baseline tier, then allow.
    /// </summary>
    private static SideExplanation ExplainSide(Cluster cluster, ImmutableArray<NetworkPolicy> policies, Direction direction, Side subject, Side other, string subjectName)
    {
        if (subject.Pod is null)
        {
            // External addresses are not governed by any policy: none selects them.
            return new SideExplanation(direction, subjectName, [], [], ConnectionSet.All);
        }
        var destinationPorts = direction == Direction.Ingress ? subject.Pod.Ports : other.Pod?.Ports ?? [];
        var admin = Tier(cluster, AdminTier.Admin, direction, subject, other, destinationPorts, out var adminAllowed, out var adminDenied);
        var affecting = policies
            .Where(p => p.Affects(direction) && !subject.Pod.HostNetwork && p.Namespace == subject.Namespace!.Name && p.PodSelector.Matches(LabelsOf(p, subject.Pod)))
            .ToImmutableArray();
        // A Cilium policy with enableDefaultDeny false allows only once another policy isolates the pod.
        var selecting = affecting.Any(p => p.Isolates(direction)) ? affecting : [];
        var matches = ImmutableArray.CreateBuilder<RuleMatch>();
        var networkPolicyAllowed = selecting.IsEmpty ? ConnectionSet.All : ConnectionSet.Empty;
        foreach (var policy in selecting)
        {
            var rules = policy.Rules(direction);
            for (var i = 0; i < rules.Length; i++)
            {
                var rule = rules[i];
                PolicyPeer? matchedPeer = null;
                var admitted = rule.AdmitsAllPeers;
                foreach (var peer in rule.Peers ?? [])
                {
                    if (PeerMatches(cluster, policy, peer, other))
                    {
                        matchedPeer = peer;
                        admitted = true;
                        break;
                    }
                }
                if (!admitted) continue;
                var conn = PolicyPorts.Resolve(rule.Ports, destinationPorts);
                matches.Add(new RuleMatch(policy, i, rule, matchedPeer, conn));
                networkPolicyAllowed = networkPolicyAllowed.Union(conn);
            }
        }
        var baseline = ImmutableArray<AdminRuleMatch>.Empty;
        var rest = networkPolicyAllowed;
        if (selecting.IsEmpty)
        {
            baseline = Tier(cluster, AdminTier.Baseline, direction, subject, other, destinationPorts, out _, out var baselineDenied);
            rest = ConnectionSet.All.Subtract(baselineDenied);
        }
        var allowed = adminAllowed.Union(ConnectionSet.All.Subtract(adminAllowed).Subtract(adminDenied).Intersect(rest));
        var denies = CiliumDenies(cluster, direction, subject, other, destinationPorts);
        allowed = denies.Aggregate(allowed, (a, m) => a.Subtract(m.Denies));
        return new SideExplanation(direction, subjectName, selecting, matches.ToImmutable(), allowed)
        {
            CiliumDenies = denies,
            AdminMatches = admin,
            BaselineMatches = baseline,
            NetworkPolicyAllowed = networkPolicyAllowed,
        };
    }

    /// <summary>The rules of one tier that match the pair, in evaluation order, each with what it decides.</summary>
    private static ImmutableArray<AdminRuleMatch> Tier(
        Cluster cluster, AdminTier tier, Direction direction, Side subject, Side other, IReadOnlyList<ContainerPort> destinationPorts,
        out ConnectionSet allowed, out ConnectionSet denied)
    {
        allowed = ConnectionSet.Empty;
        denied = ConnectionSet.Empty;
        var passed = ConnectionSet.Empty;
        var result = ImmutableArray.CreateBuilder<AdminRuleMatch>();
        foreach (var policy in AdminNetworkPolicy.EvaluationOrder(cluster.AdminPolicies, tier))
        {
            if (!Selects(policy.Subject, subject.Namespace!, subject.Pod!)) continue;
            var rules = policy.Rules(direction);
            for (var i = 0; i < rules.Length; i++)
            {
                var rule = rules[i];
                if (!rule.Peers.Any(peer => AdminPeerMatches(peer, other))) continue;
                var conn = AdminPorts.Resolve(rule.Ports, other.Pod is null && direction == Direction.Egress ? [] : destinationPorts);
                var decides = conn.Subtract(allowed).Subtract(denied).Subtract(passed);
                switch (rule.Action)
                {
                    case AdminAction.Allow: allowed = allowed.Union(decides); break;
                    case AdminAction.Deny: denied = denied.Union(decides); break;
                    default: passed = passed.Union(decides); break;
                }
                result.Add(new AdminRuleMatch(policy, i, rule, conn, decides));
            }
        }
        return result.ToImmutable();
    }

    /// <summary>The labels a policy selects pods by: Cilium's include the service account.</summary>
    private static IReadOnlyDictionary<string, string> LabelsOf(NetworkPolicy policy, Pod pod) =>
        policy.Cilium is null ? pod.Labels : CiliumSelector.LabelsOf(pod);

    /// <summary>The deny rules of the Cilium policies selecting the subject that match the other end, each with the ports it denies.</summary>
    private static ImmutableArray<CiliumDenyMatch> CiliumDenies(Cluster cluster, Direction direction, Side subject, Side other, IReadOnlyList<ContainerPort> destinationPorts)
    {
        var result = ImmutableArray.CreateBuilder<CiliumDenyMatch>();
        foreach (var policy in cluster.CiliumPolicies)
        {
            if (!policy.Subject.Matches(subject.Namespace!, subject.Pod!)) continue;
            var rules = policy.Denies(direction);
            for (var i = 0; i < rules.Length; i++)
            {
                if (rules[i].Peers.FirstOrDefault(p => CiliumPeerMatches(p, other)) is not { } peer) continue;
                var conn = PolicyPorts.Resolve(rules[i].Ports, other.Pod is null && direction == Direction.Egress ? [] : destinationPorts);
                if (!conn.IsEmpty) result.Add(new CiliumDenyMatch(policy, i, rules[i], peer, conn));
            }
        }
        return result.ToImmutable();
    }

    /// <summary>Pods by selector (never on the host network), pods on the host network by the host entities, addresses outside the cluster by range.</summary>
    private static bool CiliumPeerMatches(CiliumPeer peer, Side other) =>
        other.Pod is { } pod
            ? (peer.Endpoints is { } selector && selector.Matches(other.Namespace!, pod)) || (peer.HostNetworkPods && pod.HostNetwork)
            : peer.Addresses.Any(other.Range!.Within);

    /// <summary>Pods on the host network are never selected (their traffic is the node's).</summary>
    private static bool Selects(AdminSelector selector, Namespace ns, Pod pod) =>
        !pod.HostNetwork && selector.Namespaces.Matches(ns.Labels) && (selector.Pods ?? LabelSelector.Everything).Matches(pod.Labels);

    /// <summary>Pods by their namespace and labels; addresses, outside the cluster or a pod's, by networks.</summary>
    private static bool AdminPeerMatches(AdminPeer peer, Side other) =>
        peer.Selector is { } selector
            ? other.Pod is not null && Selects(selector, other.Namespace!, other.Pod)
            : other.Range is { } range ? peer.Networks.Any(range.Within)
            : other.Pod!.Addresses.Any(a => peer.Networks.Any(n => n.Contains(a)));

    /// <summary>An ipBlock holds an external range, or a pod by one of its addresses; selectors match pods off the host network.</summary>
    private static bool PeerMatches(Cluster cluster, NetworkPolicy policy, PolicyPeer peer, Side other)
    {
        if (peer.HostNetworkPods) return other.Pod is { HostNetwork: true };
        if (peer.IpBlock is { } block)
        {
            return other.Range is { } range ? range.Within(block) : !peer.OutsideClusterOnly && other.Pod!.Addresses.Any(block.Holds);
        }
        if (other.Pod is null || other.Pod.HostNetwork) return false;
        var nsOk = peer.NamespaceSelector is { } nss ? nss.Matches(other.Namespace!.Labels) : other.Namespace!.Name == policy.Namespace;
        return nsOk && (peer.PodSelector ?? LabelSelector.Everything).Matches(LabelsOf(policy, other.Pod));
    }
}
