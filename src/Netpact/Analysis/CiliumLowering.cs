using System.Collections.Immutable;
using Netpact.Model;

namespace Netpact.Analysis;

/// <summary>
/// Cilium's allow rules as the engine's NetworkPolicies. Cilium enforces Kubernetes NetworkPolicies and its own
/// together: a pod is isolated in a direction once any of them selects it for that direction (a Cilium policy unless
/// enableDefaultDeny says false), and then gets the union of what all of their allow rules allow; that is NetworkPolicy's
/// own combination, so each Cilium policy becomes one NetworkPolicy per namespace its subject can match. Peers keep
/// Cilium's meaning through <see cref="PolicyPeer.OutsideClusterOnly"/> (CIDRs never match pods) and
/// <see cref="PolicyPeer.HostNetworkPods"/>. Deny rules are not here: <see cref="CiliumDenies"/> applies them last.
/// </summary>
internal static class CiliumLowering
{
    /// <summary>The cluster's NetworkPolicies followed by the Cilium policies' allow rules as NetworkPolicies.</summary>
    public static ImmutableArray<NetworkPolicy> Policies(Cluster cluster)
    {
        if (cluster.CiliumPolicies.IsEmpty) return cluster.Policies;
        var namespaces = cluster.Namespaces.Select(n => n.Name).Concat(cluster.Workloads.Select(w => w.Namespace))
            .Distinct(StringComparer.Ordinal).ToList();
        var result = cluster.Policies.ToBuilder();
        foreach (var policy in cluster.CiliumPolicies)
        {
            var affectsIngress = policy.DefaultDenyIngress || !policy.Ingress.IsEmpty;
            var affectsEgress = policy.DefaultDenyEgress || !policy.Egress.IsEmpty;
            if (!affectsIngress && !affectsEgress) continue;
            var ingress = Rules(policy.Ingress);
            var egress = Rules(policy.Egress);
            foreach (var ns in namespaces.Where(n => policy.Subject.Namespaces.Matches(cluster.Namespace(n).Labels)))
            {
                result.Add(new NetworkPolicy(ns, Name(policy), policy.Subject.Pods, affectsIngress, affectsEgress, ingress, egress, policy.Span)
                {
                    Cilium = policy,
                    IngressWithoutDefaultDeny = !policy.DefaultDenyIngress,
                    EgressWithoutDefaultDeny = !policy.DefaultDenyEgress,
                });
            }
        }
        return result.ToImmutable();
    }

    /// <summary>A name no NetworkPolicy can have ('/' is not allowed in names): the kind, the name, the spec.</summary>
    public static string Name(CiliumPolicy policy) =>
        $"{policy.Kind}/{policy.Name}" + (policy.SpecIndex > 0 ? $"#{policy.SpecIndex}" : "");

    /// <summary>Each rule with the peers it matches; a rule whose peers match nothing is left out (in NetworkPolicy, no peers means all).</summary>
    private static ImmutableArray<PolicyRule> Rules(ImmutableArray<CiliumRule> rules) =>
        [.. rules.Select(r => new PolicyRule([.. r.Peers.SelectMany(Peers)], r.Ports, r.Span)).Where(r => !r.AdmitsAllPeers)];

    public static IEnumerable<PolicyPeer> Peers(CiliumPeer peer)
    {
        if (peer.Endpoints is { } selector) yield return new PolicyPeer(selector.Pods, selector.Namespaces, null, peer.Span);
        foreach (var block in peer.Addresses) yield return new PolicyPeer(null, null, block, peer.Span) { OutsideClusterOnly = true };
        if (peer.HostNetworkPods) yield return new PolicyPeer(null, null, null, peer.Span) { HostNetworkPods = true };
    }

    /// <summary>Every address range of a Cilium policy's rules of the direction, allow and deny: they cut the external atoms.</summary>
    public static IEnumerable<IpBlock> Blocks(IEnumerable<CiliumPolicy> policies, Direction direction) =>
        policies.SelectMany(p => p.Allows(direction).Concat(p.Denies(direction))).SelectMany(r => r.Peers).SelectMany(peer => peer.Addresses);
}
