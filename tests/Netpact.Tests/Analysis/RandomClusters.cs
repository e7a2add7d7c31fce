using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using CsCheck;
using Netpact.Model;

namespace Netpact.Tests.Analysis;

/// <summary>
/// CsCheck generators of small clusters, built directly as model records. The vocabularies of labels,
/// ports, port names and prefixes are small so that selectors hit, ports collide and ipBlocks nest.
/// Everything generated is something the API server would accept (excepts are strict subsets of their
/// cidr, endPort is not below port, port names are unique within a pod, a pod has at most one address per family
/// and no two pods share one, except pods on the host network of one node), so <see cref="ToYaml"/> gives a
/// manifest that reproduces a failure.
/// </summary>
internal static class RandomClusters
{
    public static readonly ImmutableArray<int> Ports = [1, 53, 80, 443, 5432, 8080, 8081, 65535];

    public static readonly ImmutableArray<string> PortNames = ["http", "dns", "db"];

    public static readonly ImmutableArray<Cidr> Prefixes =
    [
        .. new[]
        {
            "0.0.0.0/0", "10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24", "172.16.0.0/12", "192.168.0.0/16", "192.168.1.0/24",
            "::/0", "2001:db8::/32", "2001:db8:1::/48", "fd00::/8",
        }.Select(Parse),
    ];

    private static readonly string[] NamespaceNames = ["alpha", "beta", "gamma"];

    private static readonly (string Key, string[] Values)[] PodLabelVocabulary =
        [("app", ["web", "db", "api"]), ("tier", ["front", "back"]), ("canary", ["true"])];

    private static readonly (string Key, string[] Values)[] NamespaceLabelVocabulary =
        [("env", ["prod", "dev"]), ("team", ["a", "b"])];

    // Selectors may also name the automatic namespace label, a value no object has, and a key no object has.
    private static readonly (string Key, string[] Values)[] NamespaceSelectorVocabulary =
        [.. NamespaceLabelVocabulary, (Namespace.NameLabel, NamespaceNames), ("zone", ["eu"])];

    private static readonly (string Key, string[] Values)[] PodSelectorVocabulary =
        [.. PodLabelVocabulary, ("zone", ["eu"])];

    public static Cidr Parse(string text) =>
        Cidr.TryParse(text, out var error, out _) ?? throw new ArgumentException(error, nameof(text));

    private static readonly Gen<Protocol> Protocols =
        Gen.Frequency((1, Protocol.SCTP), (4, Protocol.TCP), (2, Protocol.UDP));

    private static readonly Gen<int> PortNumbers = Gen.OneOf(Ports.ToArray());

    /// <summary>Each key of the vocabulary absent or set to one of its values.</summary>
    private static Gen<ImmutableSortedDictionary<string, string>> Labels((string Key, string[] Values)[] vocabulary) =>
        Gen.Int[-1, 2].Array[vocabulary.Length].Select(choice => Enumerable.Range(0, vocabulary.Length)
            .Where(i => choice[i] >= 0)
            .ToImmutableSortedDictionary(
                i => vocabulary[i].Key,
                i => vocabulary[i].Values[choice[i] % vocabulary[i].Values.Length],
                StringComparer.Ordinal));

    private static Gen<LabelRequirement> Requirement((string Key, string[] Values)[] vocabulary) =>
        Gen.Select(
            Gen.Int[0, vocabulary.Length - 1],
            Gen.Frequency(
                (3, SelectorOperator.In), (2, SelectorOperator.NotIn), (1, SelectorOperator.Exists), (1, SelectorOperator.DoesNotExist)),
            Gen.Int[0, 3].Array[1, 2],
            (key, op, values) =>
            {
                var (name, known) = vocabulary[key];
                // Index past the known values is a value no object carries.
                var chosen = op is SelectorOperator.In or SelectorOperator.NotIn
                    ? values.Select(v => v < known.Length ? known[v] : "other").Distinct().ToImmutableArray()
                    : [];
                return new LabelRequirement(name, op, chosen);
            });

    private static Gen<LabelSelector> Selector((string Key, string[] Values)[] vocabulary) =>
        Gen.Frequency(
            (1, Gen.Const(LabelSelector.Everything)),
            (4, Requirement(vocabulary).Array[1, 2].Select(r => new LabelSelector([.. r]))));

    private static readonly Gen<ImmutableArray<ContainerPort>> ContainerPorts =
        Gen.Select(Gen.OneOf<string?>([null, .. PortNames]), PortNumbers, Protocols, (name, port, protocol) => new ContainerPort(name, port, protocol))
            .Array[0, 3]
            // The API server rejects a pod that repeats a port name.
            .Select(ports => ports.DistinctBy(p => p.Name ?? $"#{p.Port}/{p.Protocol}").ToImmutableArray());

    private static readonly Gen<(ImmutableSortedDictionary<string, string> Labels, ImmutableArray<ContainerPort> Ports)> PodShape =
        Gen.Select(Labels(PodLabelVocabulary), ContainerPorts);

    /// <summary>
    /// An address a pod may have (as its host prefix): the first, last, next-to-edge or a random address of one of
    /// <see cref="Prefixes"/>, or the address just outside it, so that ipBlocks (and their excepts) hold pods at
    /// their edges and miss them by one.
    /// </summary>
    private static Gen<Cidr> Addresses(bool v6) =>
        Gen.Select(Gen.OneOf([.. Prefixes.Where(c => c.IsV6 == v6)]), Gen.Int[0, 6], Gen.UInt128, (prefix, where, random) =>
        {
            var max = Cidr.MaxOf(v6);
            var address = where switch
            {
                0 => prefix.First,
                1 => prefix.Last,
                2 => prefix.First + 1,
                3 => prefix.Last - 1,
                4 => prefix.First == 0 ? prefix.First : prefix.First - 1,
                5 => prefix.Last == max ? prefix.Last : prefix.Last + 1,
                _ => prefix.First + random % (prefix.Last - prefix.First),
            };
            return new Cidr(v6, address, address, v6 ? 128 : 32);
        });

    /// <summary>A pod's status.podIPs: none (not running), one IPv4, one IPv6, or both (dual stack: one per family).</summary>
    private static readonly Gen<ImmutableArray<Cidr>> PodAddresses =
        Gen.Frequency(
            (1, Gen.Const(ImmutableArray<Cidr>.Empty)),
            (6, Addresses(false).Select(a => ImmutableArray.Create(a))),
            (1, Addresses(true).Select(a => ImmutableArray.Create(a))),
            (2, Gen.Select(Addresses(false), Addresses(true), (v4, v6) => ImmutableArray.Create(v4, v6))));

    /// <summary>One or two pods; a second pod is mostly a replica, sometimes differs in labels, ports or both.</summary>
    private static readonly Gen<ImmutableArray<(ImmutableSortedDictionary<string, string> Labels, ImmutableArray<ContainerPort> Ports)>> PodShapes =
        Gen.Select(PodShape, PodShape, Gen.Frequency((3, 0), (3, 1), (1, 2), (1, 3), (1, 4)), (first, other, how) => how switch
        {
            0 => ImmutableArray.Create(first),
            1 => [first, first],
            2 => [first, (other.Labels, first.Ports)],
            3 => [first, (first.Labels, other.Ports)],
            _ => [first, other],
        });

    private static readonly Gen<IpBlock> IpBlocks =
        Gen.Select(Gen.Int[0, Prefixes.Length - 1], Gen.Int[0, Prefixes.Length - 1].Array[0, 2], (cidr, excepts) =>
        {
            var block = Prefixes[cidr];
            return new IpBlock(block, [.. excepts.Distinct().Select(i => Prefixes[i]).Where(e => block.Contains(e) && e.PrefixLength > block.PrefixLength)]);
        });

    private static readonly Gen<PolicyPeer> Peers =
        Gen.Frequency(
            (3, Selector(PodSelectorVocabulary).Select(pods => new PolicyPeer(pods, null, null, SourceSpan.None))),
            (2, Selector(NamespaceSelectorVocabulary).Select(namespaces => new PolicyPeer(null, namespaces, null, SourceSpan.None))),
            (2, Gen.Select(Selector(PodSelectorVocabulary), Selector(NamespaceSelectorVocabulary),
                (pods, namespaces) => new PolicyPeer(pods, namespaces, null, SourceSpan.None))),
            (3, IpBlocks.Select(block => new PolicyPeer(null, null, block, SourceSpan.None))));

    private static readonly Gen<PolicyPort> PolicyPorts =
        Gen.Frequency(
            (4, Gen.Select(Protocols, Gen.Int[0, Ports.Length - 1], Gen.Int[-3, Ports.Length - 1], (protocol, start, end) =>
                new PolicyPort(protocol, Ports[start], end < start ? null : Ports[end], null, SourceSpan.None))),
            (1, Protocols.Select(protocol => new PolicyPort(protocol, null, null, null, SourceSpan.None))),
            (2, Gen.Select(Protocols, Gen.OneOf([.. PortNames, "metrics"]), (protocol, name) =>
                new PolicyPort(protocol, null, null, name, SourceSpan.None))));

    private static readonly Gen<PolicyRule> Rules =
        Gen.Select(
            Gen.Frequency((1, Gen.Const(default(ImmutableArray<PolicyPeer>?))), (3, Peers.Array[1, 3].Select(p => (ImmutableArray<PolicyPeer>?)[.. p]))),
            Gen.Frequency((2, Gen.Const(ImmutableArray<PolicyPort>.Empty)), (3, PolicyPorts.Array[1, 2].Select(p => p.ToImmutableArray()))),
            (peers, ports) => new PolicyRule(peers, ports, SourceSpan.None));

    // YAML cannot say "neither direction" (an empty policyTypes is defaulted), so every policy affects at least one.
    private static readonly Gen<(bool Ingress, bool Egress)> PolicyTypes =
        Gen.Frequency((3, (true, false)), (2, (false, true)), (3, (true, true)));

    private static readonly Gen<(int Namespace, LabelSelector Pods, (bool Ingress, bool Egress) Types, PolicyRule[] Ingress, PolicyRule[] Egress)> PolicyShape =
        Gen.Select(Gen.Int[0, NamespaceNames.Length - 1], Selector(PodSelectorVocabulary), PolicyTypes, Rules.Array[0, 2], Rules.Array[0, 2]);

    private static readonly Gen<(bool Declared, ImmutableSortedDictionary<string, string> Labels)> NamespaceShape =
        Gen.Select(Gen.Frequency((4, true), (1, false)), Labels(NamespaceLabelVocabulary));

    /// <summary>
    /// A workload: its namespace, its pods, whether a single pod is a bare Pod rather than a ReplicaSet's, whether it
    /// runs on the host network (a property of the pod template, so of all its pods), and each pod's addresses.
    /// </summary>
    private static readonly Gen<(int Namespace, ImmutableArray<(ImmutableSortedDictionary<string, string> Labels, ImmutableArray<ContainerPort> Ports)> Pods, bool Bare, bool HostNetwork, ImmutableArray<Cidr>[] Addresses)> WorkloadShape =
        Gen.Select(Gen.Int[0, NamespaceNames.Length - 1], PodShapes, Gen.Bool, Gen.Frequency((3, false), (1, true)), PodAddresses.Array[2]);

    /// <summary>
    /// 1-3 namespaces (some only referenced, never declared), 1-6 workloads of 1-2 pods, 0-5 policies. About half the
    /// clusters give their pods addresses (as status.podIPs of running pods), about a third put some workloads on the
    /// host network; the others are as pod templates are: no address, off the host network.
    /// </summary>
    public static readonly Gen<Cluster> Clusters =
        Gen.Select(
            Gen.Int[1, NamespaceNames.Length],
            NamespaceShape.Array[NamespaceNames.Length],
            WorkloadShape.Array[1, 6],
            PolicyShape.Array[0, 5],
            Gen.Bool,
            Gen.Frequency((2, false), (1, true)),
            Build);

    private static Cluster Build(
        int namespaceCount,
        (bool Declared, ImmutableSortedDictionary<string, string> Labels)[] namespaceShapes,
        (int Namespace, ImmutableArray<(ImmutableSortedDictionary<string, string> Labels, ImmutableArray<ContainerPort> Ports)> Pods, bool Bare, bool HostNetwork, ImmutableArray<Cidr>[] Addresses)[] workloadShapes,
        (int Namespace, LabelSelector Pods, (bool Ingress, bool Egress) Types, PolicyRule[] Ingress, PolicyRule[] Egress)[] policyShapes,
        bool withAddresses,
        bool withHostNetwork)
    {
        var namespaces = namespaceShapes.Take(namespaceCount)
            .Select((shape, i) => (shape.Declared, Namespace: Namespace.Create(NamespaceNames[i], shape.Labels, SourceSpan.None)))
            .Where(n => n.Declared)
            .Select(n => n.Namespace);
        // Address → whether its holder is on the host network: pods on one node's network share its address, no one else does.
        var taken = new Dictionary<Cidr, bool>();
        var workloads = workloadShapes.Select((shape, i) =>
        {
            var bare = shape.Bare && shape.Pods.Length == 1;
            var host = withHostNetwork && shape.HostNetwork;
            return new Workload(
                NamespaceNames[shape.Namespace % namespaceCount],
                $"w{i}",
                bare ? "Pod" : "ReplicaSet",
                [.. shape.Pods.Select((pod, j) => new Pod(bare ? $"w{i}" : $"w{i}-{j}", pod.Labels, pod.Ports, SourceSpan.None)
                {
                    HostNetwork = host,
                    Addresses = withAddresses ? Free(shape.Addresses[j], host) : [],
                })],
                SourceSpan.None);
        }).ToList();
        var policies = policyShapes.Select((shape, i) => new NetworkPolicy(
            NamespaceNames[shape.Namespace % namespaceCount],
            $"p{i}",
            shape.Pods,
            shape.Types.Ingress,
            shape.Types.Egress,
            [.. shape.Ingress],
            [.. shape.Egress],
            SourceSpan.None));
        return new Cluster([.. namespaces], [.. workloads], [.. policies], []);

        ImmutableArray<Cidr> Free(ImmutableArray<Cidr> addresses, bool host)
        {
            var free = addresses.Where(a => !taken.TryGetValue(a, out var takenByHost) || (host && takenByHost)).ToImmutableArray();
            foreach (var a in free) taken[a] = host;
            return free;
        }
    }

    private static readonly Gen<AdminSelector> AdminSelectors =
        Gen.Frequency(
            (2, Selector(NamespaceSelectorVocabulary).Select(namespaces => new AdminSelector(namespaces, null, SourceSpan.None))),
            (3, Gen.Select(Selector(NamespaceSelectorVocabulary), Selector(PodSelectorVocabulary),
                (namespaces, pods) => new AdminSelector(namespaces, pods, SourceSpan.None))));

    private static readonly Gen<AdminPeer> AdminIngressPeers =
        AdminSelectors.Select(selector => new AdminPeer(selector, [], null, SourceSpan.None));

    private static readonly Gen<AdminPeer> AdminEgressPeers =
        Gen.Frequency(
            (5, AdminIngressPeers),
            (3, Gen.Int[0, Prefixes.Length - 1].Array[1, 2].Select(i => new AdminPeer(null, [.. i.Distinct().Select(x => Prefixes[x])], null, SourceSpan.None))),
            (1, Gen.Const(new AdminPeer(null, [], LabelSelector.Everything, SourceSpan.None))));

    private static readonly Gen<AdminPort> AdminPorts =
        Gen.Frequency(
            (3, Gen.Select(Protocols, PortNumbers, (protocol, port) => new AdminPort(protocol, port, port, null, SourceSpan.None))),
            (2, Gen.Select(Protocols, Gen.Int[0, Ports.Length - 1], Gen.Int[0, Ports.Length - 1], (protocol, a, b) =>
                new AdminPort(protocol, Ports[Math.Min(a, b)], Ports[Math.Max(a, b)], null, SourceSpan.None))),
            (2, Gen.OneOf([.. PortNames, "metrics"]).Select(name => new AdminPort(Protocol.TCP, 0, 0, name, SourceSpan.None))));

    private static Gen<AdminRule> AdminRules(Gen<AdminPeer> peers, Gen<AdminAction> actions) =>
        Gen.Select(
            actions,
            peers.Array[1, 2],
            Gen.Frequency((2, Gen.Const(default(ImmutableArray<AdminPort>?))), (3, AdminPorts.Array[1, 2].Select(p => (ImmutableArray<AdminPort>?)[.. p]))),
            (action, ps, ports) => new AdminRule("", action, [.. ps], ports, SourceSpan.None));

    private static readonly Gen<AdminAction> AllActions = Gen.Enum<AdminAction>();

    /// <summary>
    /// One cluster-scoped policy: an AdminNetworkPolicy, or a ClusterNetworkPolicy of either tier; priorities are few
    /// so that ties (ordered by kind and name) occur.
    /// </summary>
    private static readonly Gen<(string Kind, AdminTier Tier, int Priority, AdminSelector Subject, AdminRule[] Ingress, AdminRule[] Egress)> AdminShape =
        Gen.Select(
            Gen.Frequency((3, (AdminNetworkPolicy.AdminKind, AdminTier.Admin)), (1, (AdminNetworkPolicy.ClusterKind, AdminTier.Admin)), (1, (AdminNetworkPolicy.ClusterKind, AdminTier.Baseline))),
            Gen.Int[0, 3],
            AdminSelectors,
            AdminRules(AdminIngressPeers, AllActions).Array[0, 3],
            AdminRules(AdminEgressPeers, AllActions).Array[0, 3],
            (kind, priority, subject, ingress, egress) => (kind.Item1, kind.Item2, priority, subject, ingress, egress));

    /// <summary>The one BaselineAdminNetworkPolicy a cluster may have: Allow and Deny only.</summary>
    private static readonly Gen<AdminNetworkPolicy?> Baselines =
        Gen.Frequency(
            (1, Gen.Const(default(AdminNetworkPolicy))),
            (2, Gen.Select(
                AdminSelectors,
                AdminRules(AdminIngressPeers, Gen.OneOf(AdminAction.Allow, AdminAction.Deny)).Array[0, 3],
                AdminRules(AdminEgressPeers, Gen.OneOf(AdminAction.Allow, AdminAction.Deny)).Array[0, 3],
                (subject, ingress, egress) => (AdminNetworkPolicy?)new AdminNetworkPolicy(
                    AdminNetworkPolicy.BaselineKind, "default", AdminTier.Baseline, int.MaxValue, subject, [.. ingress], [.. egress], SourceSpan.None))));

    /// <summary>0-3 AdminNetworkPolicies or ClusterNetworkPolicies, and maybe a BaselineAdminNetworkPolicy.</summary>
    public static readonly Gen<ImmutableArray<AdminNetworkPolicy>> AdminPolicies =
        Gen.Select(AdminShape.Array[0, 3], Baselines, (shapes, baseline) =>
        {
            var policies = shapes.Select((p, i) => new AdminNetworkPolicy(
                p.Kind, $"a{i}", p.Tier, p.Priority, p.Subject,
                [.. p.Ingress.Select((r, j) => r with { Name = $"in{j}" })],
                [.. p.Egress.Select((r, j) => r with { Name = $"out{j}" })],
                SourceSpan.None));
            return baseline is null ? [.. policies] : policies.Append(baseline).ToImmutableArray();
        });

    /// <summary>Random clusters with NetworkPolicies and cluster-scoped policies of both tiers.</summary>
    public static readonly Gen<Cluster> ClustersWithTiers =
        Gen.Select(Clusters, AdminPolicies, (cluster, admin) => cluster with { AdminPolicies = admin });

    private static readonly IpBlock AllV4 = new(Parse("0.0.0.0/0"), []);
    private static readonly IpBlock AllV6 = new(Parse("::/0"), []);

    /// <summary>A Cilium selector: pods by labels (the service account among them) in every namespace, one by name, or those some namespace labels match.</summary>
    private static readonly Gen<CiliumSelector> CiliumSelectors =
        Gen.Select(
            Gen.Frequency(
                (2, Gen.Const(LabelSelector.Everything)),
                (3, Gen.OneOf(NamespaceNames).Select(n => new LabelSelector([new LabelRequirement(Namespace.NameLabel, SelectorOperator.In, [n])]))),
                (2, Selector(NamespaceSelectorVocabulary))),
            Selector(PodSelectorVocabulary),
            Gen.Frequency(
                (4, Gen.Const((LabelRequirement?)null)),
                (1, Gen.Select(Gen.OneOf(SelectorOperator.In, SelectorOperator.NotIn), Gen.OneOf("default", "robot"),
                    (op, sa) => (LabelRequirement?)new LabelRequirement(CiliumSelector.ServiceAccountLabel, op, [sa])))),
            (namespaces, pods, serviceAccount) => new CiliumSelector(
                namespaces, serviceAccount is null ? pods : new LabelSelector(pods.Requirements.Add(serviceAccount)), SourceSpan.None));

    /// <summary>A peer as the reader leaves it: endpoints, address ranges (never pods), pods on the host network, or the entities all, cluster and world.</summary>
    private static readonly Gen<CiliumPeer> CiliumPeers =
        Gen.Frequency(
            (4, CiliumSelectors.Select(selector => new CiliumPeer("endpoints", selector, [], false, SourceSpan.None))),
            (3, IpBlocks.Array[1, 2].Select(blocks => new CiliumPeer("cidr", null, [.. blocks], false, SourceSpan.None))),
            (1, Gen.Const(new CiliumPeer("host", null, [], true, SourceSpan.None))),
            (1, Gen.Const(new CiliumPeer("all", CiliumSelector.AllPods, [AllV4, AllV6], true, SourceSpan.None))),
            (1, Gen.Const(new CiliumPeer("cluster", CiliumSelector.AllPods, [], true, SourceSpan.None))),
            (1, Gen.Const(new CiliumPeer("world", null, [AllV4, AllV6], false, SourceSpan.None))));

    private static readonly Gen<CiliumRule> CiliumRules =
        Gen.Select(
            CiliumPeers.Array[0, 2],
            Gen.Frequency((2, Gen.Const(ImmutableArray<PolicyPort>.Empty)), (3, PolicyPorts.Array[1, 2].Select(p => p.ToImmutableArray()))),
            (peers, ports) => new CiliumRule([.. peers], ports, SourceSpan.None));

    /// <summary>0-3 Cilium policies, namespaced or clusterwide, with allow and deny rules and either default-deny setting.</summary>
    public static readonly Gen<ImmutableArray<CiliumPolicy>> CiliumPolicies =
        Gen.Select(
            CiliumSelectors,
            CiliumRules.Array[0, 2],
            CiliumRules.Array[0, 2],
            CiliumRules.Array[0, 1],
            CiliumRules.Array[0, 1],
            Gen.Frequency((3, true), (1, false)).Array[2],
            (subject, ingress, egress, ingressDeny, egressDeny, defaultDeny) =>
            {
                var ns = subject.Namespaces.Requirements is [{ Key: Namespace.NameLabel, Operator: SelectorOperator.In, Values: [var only] }] ? only : "";
                return new CiliumPolicy(
                    ns.Length > 0 ? CiliumPolicy.NamespacedKind : CiliumPolicy.ClusterwideKind, ns, "c", 0, subject,
                    defaultDeny[0] && (ingress.Length + ingressDeny.Length > 0), defaultDeny[1] && (egress.Length + egressDeny.Length > 0),
                    [.. ingress], [.. egress], [.. ingressDeny], [.. egressDeny], SourceSpan.None);
            })
        .Array[0, 3]
        .Select(policies => policies.Select((p, i) => p with { Name = $"c{i}" }).ToImmutableArray());

    /// <summary>Random clusters with NetworkPolicies and Cilium policies; pods of every other workload run as service account robot.</summary>
    public static readonly Gen<Cluster> ClustersWithCilium =
        Gen.Select(Clusters, CiliumPolicies, (cluster, cilium) => WithServiceAccounts(cluster) with { CiliumPolicies = cilium });

    /// <summary>Random clusters with every kind: NetworkPolicies, both cluster-scoped tiers and Cilium policies.</summary>
    public static readonly Gen<Cluster> ClustersWithEverything =
        Gen.Select(ClustersWithTiers, CiliumPolicies, (cluster, cilium) => WithServiceAccounts(cluster) with { CiliumPolicies = cilium });

    /// <summary>The Cilium policies of a cluster as text, for a failing property's report.</summary>
    public static string CiliumText(Cluster cluster)
    {
        var sb = new StringBuilder();
        foreach (var w in cluster.Workloads.Where(w => w.Pods.Any(p => p.ServiceAccount != "default"))) sb.Append($"# {w.Id} runs as robot\n");
        foreach (var p in cluster.CiliumPolicies)
        {
            sb.Append($"# {p.Id}: subject {p.Subject}, default deny ingress {p.DefaultDenyIngress} egress {p.DefaultDenyEgress}\n");
            foreach (var (name, rules) in new[] { ("ingress", p.Ingress), ("egress", p.Egress), ("ingressDeny", p.IngressDeny), ("egressDeny", p.EgressDeny) })
            {
                foreach (var r in rules)
                {
                    var peers = string.Join("; ", r.Peers.Select(x => $"{x.Text} {x.Endpoints} [{string.Join(", ", x.Addresses)}]{(x.HostNetworkPods ? " host-network" : "")}"));
                    sb.Append($"#   {name}: peers {peers}; ports {string.Join(", ", r.Ports)}\n");
                }
            }
        }
        return sb.ToString();
    }

    private static Cluster WithServiceAccounts(Cluster cluster) => cluster with
    {
        Workloads = [.. cluster.Workloads.Select((w, i) => w with { Pods = [.. w.Pods.Select(p => p with { ServiceAccount = i % 2 == 0 ? "default" : "robot" })] })],
    };

    /// <summary>
    /// The cluster as manifests `netpact analyze` reads: pods owned by their workload (bare Pods by none), with
    /// hostNetwork and status.podIP(s) where they have them, policies with explicit policyTypes.
    /// </summary>
    public static string ToYaml(Cluster cluster)
    {
        var sb = new StringBuilder();
        foreach (var ns in cluster.Namespaces)
        {
            sb.Append("---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: ").Append(ns.Name).Append('\n');
            var labels = ns.Labels.Remove(Namespace.NameLabel);
            if (!labels.IsEmpty) sb.Append("  labels: ").Append(MapYaml(labels)).Append('\n');
        }
        foreach (var w in cluster.Workloads)
        {
            foreach (var pod in w.Pods)
            {
                sb.Append("---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: ").Append(pod.Name)
                    .Append("\n  namespace: ").Append(w.Namespace)
                    .Append("\n  labels: ").Append(MapYaml(pod.Labels));
                if (w.Kind != "Pod")
                {
                    sb.Append("\n  ownerReferences: [{apiVersion: apps/v1, kind: ").Append(w.Kind).Append(", name: ").Append(w.Name)
                        .Append(", uid: ").Append(w.Name).Append(", controller: true}]");
                }
                sb.Append("\nspec:\n").Append(pod.HostNetwork ? "  hostNetwork: true\n" : "")
                    .Append(pod.ServiceAccount == "default" ? "" : $"  serviceAccountName: {pod.ServiceAccount}\n").Append("  containers:\n  - name: c\n    image: x\n    ports: [")
                    .AppendJoin(", ", pod.Ports.Select(p =>
                        $"{{{(p.Name is null ? "" : $"name: {p.Name}, ")}containerPort: {p.Port}, protocol: {p.Protocol}}}"))
                    .Append("]\n");
                if (!pod.Addresses.IsEmpty)
                {
                    sb.Append("status:\n  podIP: \"").Append(pod.Addresses[0].AddressText).Append("\"\n  podIPs: [")
                        .AppendJoin(", ", pod.Addresses.Select(a => $"{{ip: \"{a.AddressText}\"}}")).Append("]\n");
                }
            }
        }
        foreach (var p in cluster.Policies)
        {
            sb.Append("---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ").Append(p.Name)
                .Append("\n  namespace: ").Append(p.Namespace)
                .Append("\nspec:\n  podSelector: ").Append(SelectorYaml(p.PodSelector))
                .Append("\n  policyTypes: [").AppendJoin(", ", new[] { p.AffectsIngress ? "Ingress" : null, p.AffectsEgress ? "Egress" : null }.OfType<string>())
                .Append("]\n");
            AppendRules(sb, "ingress", "from", p.Ingress);
            AppendRules(sb, "egress", "to", p.Egress);
        }
        foreach (var p in cluster.AdminPolicies) AppendAdminPolicy(sb, p);
        foreach (var p in cluster.CiliumPolicies) AppendCiliumPolicy(sb, p);
        return sb.ToString();
    }

    /// <summary>
    /// A Cilium policy as a CiliumClusterwideNetworkPolicy (so no selector gets the implicit namespace of a namespaced
    /// one): namespaces by k8s:io.kubernetes.pod.namespace and io.cilium.k8s.namespace.labels.X, pods by their labels
    /// (some with the k8s: prefix) and the service account; host-network peers as the host entity, which a deny rule
    /// reads as matching nothing.
    /// </summary>
    private static void AppendCiliumPolicy(StringBuilder sb, CiliumPolicy p)
    {
        sb.Append("---\napiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata:\n  name: ").Append(p.Name)
            .Append("\nspec:\n  endpointSelector: ").Append(CiliumSelectorYaml(p.Subject))
            .Append("\n  enableDefaultDeny: {ingress: ").Append(p.DefaultDenyIngress ? "true" : "false")
            .Append(", egress: ").Append(p.DefaultDenyEgress ? "true" : "false").Append("}\n");
        foreach (var (key, prefix, rules) in new[] { ("ingress", "from", p.Ingress), ("egress", "to", p.Egress), ("ingressDeny", "from", p.IngressDeny), ("egressDeny", "to", p.EgressDeny) })
        {
            if (rules.IsEmpty) continue;
            sb.Append("  ").Append(key).Append(":\n");
            foreach (var rule in rules)
            {
                var fields = new List<string>();
                var endpoints = rule.Peers.Where(x => x.Text == "endpoints").Select(x => CiliumSelectorYaml(x.Endpoints!)).ToList();
                var blocks = rule.Peers.SelectMany(x => x.Text == "cidr" ? x.Addresses : []).ToList();
                var entities = rule.Peers.Where(x => x.Text is "host" or "all" or "cluster" or "world").Select(x => x.Text).ToList();
                if (endpoints.Count > 0) fields.Add($"{prefix}Endpoints: [{string.Join(", ", endpoints)}]");
                if (blocks.Count > 0)
                {
                    fields.Add($"{prefix}CIDRSet: [{string.Join(", ", blocks.Select(b => $"{{cidr: \"{b.Cidr}\", except: [{string.Join(", ", b.Except.Select(e => $"\"{e}\""))}]}}"))}]");
                }
                if (entities.Count > 0) fields.Add($"{prefix}Entities: [{string.Join(", ", entities)}]");
                if (fields.Count == 0) fields.Add($"{prefix}Endpoints: []");
                if (!rule.Ports.IsEmpty)
                {
                    fields.Add($"toPorts: [{{ports: [{string.Join(", ", rule.Ports.Select(port =>
                        $"{{port: \"{port.Name ?? (port.Port ?? 0).ToString(CultureInfo.InvariantCulture)}\", protocol: {port.Protocol}{(port.EndPort is { } end ? $", endPort: {end}" : "")}}}"))}]}}]");
                }
                sb.Append("  - {").AppendJoin(", ", fields).Append("}\n");
            }
        }
    }

    private static string CiliumSelectorYaml(CiliumSelector selector)
    {
        var expressions = selector.Namespaces.Requirements
            .Select(r => r with { Key = r.Key == Namespace.NameLabel ? "k8s:io.kubernetes.pod.namespace" : "io.cilium.k8s.namespace.labels." + r.Key })
            .Concat(selector.Pods.Requirements.Select((r, i) => r.Key != CiliumSelector.ServiceAccountLabel && i % 2 == 0 ? r with { Key = "k8s:" + r.Key } : r))
            .Select(r => $"{{key: \"{r.Key}\", operator: {r.Operator}{(r.Values.IsEmpty ? "" : $", values: [{string.Join(", ", r.Values.Select(v => $"\"{v}\""))}]")}}}");
        return $"{{matchExpressions: [{string.Join(", ", expressions)}]}}";
    }

    private static void AppendAdminPolicy(StringBuilder sb, AdminNetworkPolicy p)
    {
        var cnp = p.Kind == AdminNetworkPolicy.ClusterKind;
        sb.Append("---\napiVersion: policy.networking.k8s.io/").Append(cnp ? "v1alpha2" : "v1alpha1").Append("\nkind: ").Append(p.Kind)
            .Append("\nmetadata:\n  name: ").Append(p.Name).Append("\nspec:\n");
        if (cnp) sb.Append("  tier: ").Append(p.Tier).Append('\n');
        if (p.Kind != AdminNetworkPolicy.BaselineKind) sb.Append("  priority: ").Append(p.Priority.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("  subject: ").Append(AdminSelectorYaml(p.Subject)).Append('\n');
        foreach (var (key, peersKey, rules) in new[] { ("ingress", "from", p.Ingress), ("egress", "to", p.Egress) })
        {
            if (rules.IsEmpty) continue;
            sb.Append("  ").Append(key).Append(":\n");
            foreach (var r in rules)
            {
                var action = cnp && r.Action == AdminAction.Allow ? "Accept" : r.Action.ToString();
                sb.Append("  - {name: ").Append(r.Name).Append(", action: ").Append(action).Append(", ").Append(peersKey).Append(": [")
                    .AppendJoin(", ", r.Peers.Select(peer => peer.Selector is { } selector ? AdminSelectorYaml(selector)
                        : peer.Nodes is not null ? "{nodes: {}}" : $"{{networks: [{string.Join(", ", peer.Networks.Select(n => $"\"{n}\""))}]}}"))
                    .Append(']');
                if (r.Ports is { } ports)
                {
                    sb.Append(cnp ? ", protocols: [" : ", ports: [").AppendJoin(", ", ports.Select(port => AdminPortYaml(port, cnp))).Append(']');
                }
                sb.Append("}\n");
            }
        }
    }

    private static string AdminSelectorYaml(AdminSelector s) => s.Pods is { } pods
        ? $"{{pods: {{namespaceSelector: {SelectorYaml(s.Namespaces)}, podSelector: {SelectorYaml(pods)}}}}}"
        : $"{{namespaces: {SelectorYaml(s.Namespaces)}}}";

    private static string AdminPortYaml(AdminPort port, bool cnp)
    {
        var start = port.Start.ToString(CultureInfo.InvariantCulture);
        var end = port.End.ToString(CultureInfo.InvariantCulture);
        if (cnp)
        {
            if (port.Name is { } n) return $"{{destinationNamedPort: {n}}}";
            var number = port.Start == port.End ? $"number: {start}" : $"range: {{start: {start}, end: {end}}}";
            return $"{{{port.Protocol.ToString().ToLowerInvariant()}: {{destinationPort: {{{number}}}}}}}";
        }
        if (port.Name is { } name) return $"{{namedPort: {name}}}";
        return port.Start == port.End
            ? $"{{portNumber: {{protocol: {port.Protocol}, port: {start}}}}}"
            : $"{{portRange: {{protocol: {port.Protocol}, start: {start}, end: {end}}}}}";
    }

    private static void AppendRules(StringBuilder sb, string key, string peersKey, ImmutableArray<PolicyRule> rules)
    {
        if (rules.IsEmpty) return;
        sb.Append("  ").Append(key).Append(":\n");
        foreach (var rule in rules)
        {
            var parts = new List<string>();
            if (rule.Peers is { } peers) parts.Add($"{peersKey}: [{string.Join(", ", peers.Select(PeerYaml))}]");
            if (!rule.Ports.IsEmpty) parts.Add($"ports: [{string.Join(", ", rule.Ports.Select(PortYaml))}]");
            sb.Append("  - {").AppendJoin(", ", parts).Append("}\n");
        }
    }

    private static string PeerYaml(PolicyPeer peer)
    {
        if (peer.IpBlock is { } block)
        {
            var except = block.Except.IsEmpty ? "" : $", except: [{string.Join(", ", block.Except)}]";
            return $"{{ipBlock: {{cidr: \"{block.Cidr}\"{except}}}}}";
        }
        var parts = new List<string>();
        if (peer.PodSelector is { } pods) parts.Add($"podSelector: {SelectorYaml(pods)}");
        if (peer.NamespaceSelector is { } namespaces) parts.Add($"namespaceSelector: {SelectorYaml(namespaces)}");
        return $"{{{string.Join(", ", parts)}}}";
    }

    private static string PortYaml(PolicyPort port)
    {
        var parts = new List<string> { $"protocol: {port.Protocol}" };
        if (port.Name is not null) parts.Add($"port: {port.Name}");
        if (port.Port is { } number) parts.Add($"port: {number.ToString(CultureInfo.InvariantCulture)}");
        if (port.EndPort is { } end) parts.Add($"endPort: {end.ToString(CultureInfo.InvariantCulture)}");
        return $"{{{string.Join(", ", parts)}}}";
    }

    private static string SelectorYaml(LabelSelector selector) =>
        selector.MatchesEverything
            ? "{}"
            : $"{{matchExpressions: [{string.Join(", ", selector.Requirements.Select(r =>
                $"{{key: \"{r.Key}\", operator: {r.Operator}{(r.Values.IsEmpty ? "" : $", values: [{string.Join(", ", r.Values.Select(v => $"\"{v}\""))}]")}}}"))}]}}";

    private static string MapYaml(IEnumerable<KeyValuePair<string, string>> labels) =>
        $"{{{string.Join(", ", labels.Select(l => $"\"{l.Key}\": \"{l.Value}\""))}}}";
}
