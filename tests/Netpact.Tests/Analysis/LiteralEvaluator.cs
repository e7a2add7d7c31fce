using Netpact.Model;

namespace Netpact.Tests.Analysis;

/// <summary>
/// A reference for the engine: decides one connection between two concrete ends by reading the Kubernetes
/// NetworkPolicy API reference and the network-policy-api (AdminNetworkPolicy, BaselineAdminNetworkPolicy,
/// ClusterNetworkPolicy) literally, tier by tier, policy by policy and rule by rule, with no classes, bitsets or
/// precomputed ranges. Slow on purpose; it shares nothing with the engine but the model.
/// Pods are matched by address as the upstream e2e suite (test/e2e/network/netpol) expects and by selector unless they
/// are on the host network, as the API reference describes the most common implementation.
/// </summary>
internal static class LiteralEvaluator
{
    /// <summary>One end of a connection: a pod in a namespace (with its addresses, if known), or one external address.</summary>
    internal abstract record End;

    internal sealed record PodEnd(string Namespace, Pod Pod) : End;

    internal sealed record ExternalEnd(bool IsV6, UInt128 Address) : End;

    public static End PodIn(string ns, Pod pod) => new PodEnd(ns, pod);

    public static End External(bool isV6, UInt128 address) => new ExternalEnd(isV6, address);

    /// <summary>
    /// A connection is allowed when the source's egress lets it out to the destination and the
    /// destination's ingress lets it in from the source.
    /// </summary>
    public static bool Allowed(Cluster cluster, End source, End destination, Protocol protocol, int port) =>
        Decides(cluster, Direction.Egress, source, destination, protocol, port, () => EgressAllows(cluster, source, destination, protocol, port))
        && Decides(cluster, Direction.Ingress, destination, source, protocol, port, () => IngressAllows(cluster, source, destination, protocol, port));

    private enum Verdict { Allow, Deny, Pass, NoMatch }

    /// <summary>
    /// One direction for the subject (the source for egress, the destination for ingress): "Admin tier takes
    /// precedence over all other policies ... If Admin tier has made a final decision (Accept or Deny) on a connection,
    /// then no further evaluation is done"; then "v1.NetworkPolicy always makes a final decision for selected pods";
    /// then the Baseline tier; "If a given connection wasn't allowed or denied by any of the tiers, ... all pods can
    /// communicate with each other".
    /// </summary>
    private static bool Decides(Cluster cluster, Direction direction, End subject, End other, Protocol protocol, int port, Func<bool> networkPolicies)
    {
        if (subject is not PodEnd pod) return true;
        if (CiliumDenies(cluster, direction, pod, other, protocol, port)) return false;
        var admin = FirstMatch(cluster, AdminTier.Admin, direction, pod, other, protocol, port);
        if (admin == Verdict.Allow) return true;
        if (admin == Verdict.Deny) return false;
        if (Isolated(cluster, pod, direction)) return networkPolicies();
        return FirstMatch(cluster, AdminTier.Baseline, direction, pod, other, protocol, port) != Verdict.Deny;
    }

    /// <summary>
    /// "Policies with lower priority values have higher precedence"; within a policy "a rule that appears at the top
    /// ... would take the highest precedence"; Pass "skips all further ... rules in the current tier". Same priority:
    /// undefined by the API; netpact takes kind, then name.
    /// </summary>
    private static Verdict FirstMatch(Cluster cluster, AdminTier tier, Direction direction, PodEnd subject, End other, Protocol protocol, int port)
    {
        var policies = cluster.AdminPolicies.Where(p => p.Tier == tier)
            .OrderBy(p => p.Priority).ThenBy(p => p.Kind, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal);
        var destination = direction == Direction.Ingress ? subject.Pod : (other as PodEnd)?.Pod;
        foreach (var policy in policies)
        {
            if (!SelectorMatches(cluster, policy.Subject, subject)) continue;
            foreach (var rule in direction == Direction.Ingress ? policy.Ingress : policy.Egress)
            {
                if (!rule.Peers.Any(peer => AdminPeerMatches(cluster, peer, other))) continue;
                if (rule.Ports is { } ports && !ports.Any(p => AdminPortMatches(p, destination, protocol, port))) continue;
                return rule.Action switch { AdminAction.Allow => Verdict.Allow, AdminAction.Deny => Verdict.Deny, _ => Verdict.Pass };
            }
        }
        return Verdict.NoMatch;
    }

    /// <summary>
    /// namespaces: every pod of a matching namespace; pods: namespaceSelector AND podSelector. A pod on the host
    /// network is never selected: as subject, "Note that host-networked pods are not included in subject selection";
    /// as peer, as NetworkPolicy selectors (see <see cref="OnHostNetwork"/>).
    /// </summary>
    private static bool SelectorMatches(Cluster cluster, AdminSelector selector, PodEnd pod) =>
        !OnHostNetwork(pod)
        && selector.Namespaces.Matches(cluster.Namespace(pod.Namespace).Labels)
        && (selector.Pods is not { } pods || pods.Matches(pod.Pod.Labels));

    /// <summary>
    /// Pods by selector. networks by CIDR: the API says they are meant for destinations outside the cluster, "but
    /// cluster-internal traffic will be checked against the rule as well", so a pod one of whose addresses a network
    /// holds is matched too. nodes never (node addresses and labels are not in the model).
    /// </summary>
    private static bool AdminPeerMatches(Cluster cluster, AdminPeer peer, End other) => other switch
    {
        PodEnd pod => (peer.Selector is { } selector && SelectorMatches(cluster, selector, pod))
            || pod.Pod.Addresses.Any(address => peer.Networks.Any(cidr => Contains(cidr, address.IsV6, address.First))),
        ExternalEnd address => peer.Networks.Any(cidr => Contains(cidr, address.IsV6, address.Address)),
        _ => false,
    };

    /// <summary>A number or range of the protocol; a named port is the destination pod's container port of that name, any protocol.</summary>
    private static bool AdminPortMatches(AdminPort p, Pod? destination, Protocol protocol, int port) =>
        p.Name is { } name
            ? destination is not null && destination.Ports.Any(cp => cp.Name == name && cp.Protocol == protocol && cp.Port == port)
            : p.Protocol == protocol && p.Start <= port && port <= p.End;

    private static bool IngressAllows(Cluster cluster, End source, End destination, Protocol protocol, int port)
    {
        // External addresses are not pods: no policy selects them, so nothing isolates them.
        if (destination is not PodEnd pod) return true;
        if (!Isolated(cluster, pod, Direction.Ingress)) return true;
        return SelectingPolicies(cluster, pod, Direction.Ingress).Any(policy => policy.Ingress.Any(rule =>
                PeersAdmit(cluster, policy, rule, source) && PortsAdmit(rule.Ports, pod.Pod, protocol, port)))
            || CiliumAllows(cluster, Direction.Ingress, pod, source, pod.Pod, protocol, port);
    }

    private static bool EgressAllows(Cluster cluster, End source, End destination, Protocol protocol, int port)
    {
        if (source is not PodEnd pod) return true;
        if (!Isolated(cluster, pod, Direction.Egress)) return true;
        // Named ports refer to the destination's container ports; an external destination has none.
        var destinationPod = (destination as PodEnd)?.Pod;
        return SelectingPolicies(cluster, pod, Direction.Egress).Any(policy => policy.Egress.Any(rule =>
                PeersAdmit(cluster, policy, rule, destination) && PortsAdmit(rule.Ports, destinationPod, protocol, port)))
            || CiliumAllows(cluster, Direction.Egress, pod, destination, destinationPod, protocol, port);
    }

    /// <summary>
    /// Cilium's "default" enforcement mode: "If any rule selects an Endpoint and the rule has an ingress section, the
    /// endpoint goes into default deny at ingress" (the same for egress), where deny sections count too ("Pods will
    /// enter default-deny mode as soon as a single policy selects it") unless enableDefaultDeny says false; and Cilium
    /// enforces Kubernetes NetworkPolicies alongside, which isolate as they always do.
    /// </summary>
    private static bool Isolated(Cluster cluster, PodEnd pod, Direction direction) =>
        SelectingPolicies(cluster, pod, direction).Count > 0
        || CiliumSelecting(cluster, pod).Any(p => p.DefaultDeny(direction));

    /// <summary>The Cilium policies whose endpointSelector matches the pod; none for a pod on the host network, which is no Cilium endpoint.</summary>
    private static IEnumerable<CiliumPolicy> CiliumSelecting(Cluster cluster, PodEnd pod) =>
        cluster.CiliumPolicies.Where(p => CiliumSelectorMatches(cluster, p.Subject, pod));

    /// <summary>Namespace by its labels (its name is one), pod by its labels plus its service account, as Cilium's identity labels.</summary>
    private static bool CiliumSelectorMatches(Cluster cluster, CiliumSelector selector, PodEnd pod) =>
        !OnHostNetwork(pod)
        && selector.Namespaces.Matches(cluster.Namespace(pod.Namespace).Labels)
        && selector.Pods.Matches(new Dictionary<string, string>(pod.Pod.Labels) { [CiliumSelector.ServiceAccountLabel] = pod.Pod.ServiceAccount });

    /// <summary>
    /// An allow rule of any Cilium policy selecting the subject admits the other end on the port: allows of all policies
    /// (and of the NetworkPolicies) are ORed, "policy must be configured on both sides".
    /// </summary>
    private static bool CiliumAllows(Cluster cluster, Direction direction, PodEnd subject, End other, Pod? destination, Protocol protocol, int port) =>
        CiliumSelecting(cluster, subject).Any(p => p.Allows(direction).Any(rule => CiliumRuleMatches(cluster, rule, other, destination, protocol, port)));

    /// <summary>"Deny policies take precedence over allow policies, regardless of whether they are a Cilium Network Policy, a Clusterwide Cilium Network Policy or even a Kubernetes Network Policy."</summary>
    private static bool CiliumDenies(Cluster cluster, Direction direction, PodEnd subject, End other, Protocol protocol, int port)
    {
        var destination = direction == Direction.Ingress ? subject.Pod : (other as PodEnd)?.Pod;
        return CiliumSelecting(cluster, subject).Any(p => p.Denies(direction).Any(rule => CiliumRuleMatches(cluster, rule, other, destination, protocol, port)));
    }

    /// <summary>
    /// L3 peers ORed, ANDed with the ports. Endpoints by selector; "CIDR rules do not apply to traffic where both sides
    /// of the connection are either managed by Cilium or use an IP belonging to a node in the cluster (including host
    /// networking pods)", so address ranges match addresses outside the cluster only; the host entities match pods on
    /// the host network ("This also includes all containers running in host networking mode").
    /// </summary>
    private static bool CiliumRuleMatches(Cluster cluster, CiliumRule rule, End other, Pod? destination, Protocol protocol, int port) =>
        rule.Peers.Any(peer => other switch
        {
            PodEnd pod => (peer.Endpoints is { } selector && CiliumSelectorMatches(cluster, selector, pod)) || (peer.HostNetworkPods && OnHostNetwork(pod)),
            ExternalEnd address => peer.Addresses.Any(block => Holds(block, address.IsV6, address.Address)),
            _ => false,
        })
        && PortsAdmit(rule.Ports, destination, protocol, port);

    /// <summary>
    /// The policies that isolate the pod in the direction: same namespace, podSelector matches, policyTypes include
    /// it. None for a pod on the host network: no podSelector matches it (see <see cref="OnHostNetwork"/>).
    /// </summary>
    private static List<NetworkPolicy> SelectingPolicies(Cluster cluster, PodEnd pod, Direction direction) =>
        cluster.Policies
            .Where(p => p.Namespace == pod.Namespace && p.Affects(direction) && !OnHostNetwork(pod) && p.PodSelector.Matches(pod.Pod.Labels))
            .ToList();

    /// <summary>
    /// The API reference (NetworkPolicy, "Behavior of hostNetwork pods"): "NetworkPolicy behavior for hostNetwork pods
    /// is undefined ... The network plugin cannot properly distinguish hostNetwork pod traffic, and so it ignores
    /// hostNetwork pods when matching podSelector and namespaceSelector. Traffic to/from hostNetwork pods is treated
    /// the same as all other traffic to/from the node IP. (This is the most common implementation.)" So no selector
    /// matches such a pod, as subject or as peer, and nothing isolates it; ipBlocks still match it by its address,
    /// which is its node's.
    /// </summary>
    private static bool OnHostNetwork(PodEnd pod) => pod.Pod.HostNetwork;

    /// <summary>"If this field is empty or missing, this rule matches all sources (destinations)"; otherwise the peers are ORed.</summary>
    private static bool PeersAdmit(Cluster cluster, NetworkPolicy policy, PolicyRule rule, End other) =>
        rule.Peers is not { IsDefaultOrEmpty: false } peers || peers.Any(peer => PeerMatches(cluster, policy, peer, other));

    private static bool PeerMatches(Cluster cluster, NetworkPolicy policy, PolicyPeer peer, End other)
    {
        if (peer.IpBlock is { } block)
        {
            // The e2e suite matches pods by ipBlock: "should allow egress access to server in CIDR block" reaches a
            // pod through a cidr holding its IP, "should enforce except clause while egress access to server in CIDR
            // block" blocks a pod whose IP is in except, and "should ensure an IP overlapping both IPBlock.CIDR and
            // IPBlock.Except is allowed" reaches it through a second block, since peers are ORed. Choice: a pod with
            // several addresses (dual stack, one per family) matches when the block holds ANY of them; the suite is
            // single-stack and the API reference does not say.
            return other switch
            {
                ExternalEnd address => Holds(block, address.IsV6, address.Address),
                PodEnd holder => holder.Pod.Addresses.Any(address => Holds(block, address.IsV6, address.First)),
                _ => false,
            };
        }
        if (other is not PodEnd pod) return false;
        if (OnHostNetwork(pod)) return false;
        var namespaceMatches = peer.NamespaceSelector is { } namespaces
            ? namespaces.Matches(cluster.Namespace(pod.Namespace).Labels)
            : pod.Namespace == policy.Namespace;
        var podMatches = peer.PodSelector is not { } pods || pods.Matches(pod.Pod.Labels);
        return namespaceMatches && podMatches;
    }

    /// <summary>"cidr ... except ... should not be included within this rule": in the cidr, in no except.</summary>
    private static bool Holds(IpBlock block, bool isV6, UInt128 address) =>
        Contains(block.Cidr, isV6, address) && !block.Except.Any(except => Contains(except, isV6, address));

    private static bool Contains(Cidr cidr, bool isV6, UInt128 address) =>
        cidr.IsV6 == isV6 && cidr.First <= address && address <= cidr.Last;

    /// <summary>"If this field is empty or missing, this rule matches all ports"; otherwise the ports are ORed.</summary>
    private static bool PortsAdmit(IReadOnlyList<PolicyPort> ports, Pod? destination, Protocol protocol, int port) =>
        ports.Count == 0 || ports.Any(p => PortAdmits(p, destination, protocol, port));

    private static bool PortAdmits(PolicyPort policyPort, Pod? destination, Protocol protocol, int port)
    {
        if (policyPort.Protocol != protocol) return false;
        if (policyPort.Name is { } name)
        {
            // A named port means the destination pod's container port of that name and protocol.
            return destination is not null
                && destination.Ports.Any(cp => cp.Name == name && cp.Protocol == protocol && cp.Port == port);
        }
        if (policyPort.Port is not { } start) return true;
        return start <= port && port <= (policyPort.EndPort ?? start);
    }
}
