using System.Collections.Immutable;
using CsCheck;
using Netpact.Analysis;
using Netpact.Kubernetes;
using Netpact.Model;

namespace Netpact.Tests.Analysis;

public sealed class EngineMatchesLiteralEvaluatorTests
{
    /// <summary>Addresses inside, outside and at the edges of the generators' prefixes.</summary>
    private static readonly ImmutableArray<(bool IsV6, UInt128 Address)> SampleAddresses =
    [
        .. new[]
        {
            "0.0.0.0", "8.8.8.8", "9.255.255.255", "10.0.0.0", "10.0.255.255", "10.1.0.0", "10.1.2.3", "10.1.3.0",
            "10.1.255.255", "10.2.0.1", "10.255.255.255", "11.0.0.0", "172.16.0.1", "172.31.255.255", "172.32.0.0",
            "192.167.255.255", "192.168.0.0", "192.168.1.1", "192.168.2.0", "192.168.255.255", "192.169.0.0", "255.255.255.255",
            "::", "::1", "2001:db8::", "2001:db8::1", "2001:db8:1::5", "2001:db8:2::", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff",
            "2001:db9::", "fd00::1", "fe80::1", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
        }.Select(a => RandomClusters.Parse(a.Contains(':') ? $"{a}/128" : $"{a}/32")).Select(c => (c.IsV6, c.First)),
    ];

    [Fact]
    public void Engine_allows_exactly_what_the_literal_evaluator_allows_on_random_clusters() =>
        AgreesWithLiteralEvaluator(RandomClusters.Clusters, 2000);

    /// <summary>Random mixes of NetworkPolicies, AdminNetworkPolicies, ClusterNetworkPolicies of both tiers and a BaselineAdminNetworkPolicy.</summary>
    [Fact]
    public void Engine_allows_exactly_what_the_literal_evaluator_allows_with_admin_and_baseline_tiers() =>
        AgreesWithLiteralEvaluator(RandomClusters.ClustersWithTiers, 1500);

    /// <summary>Random mixes of NetworkPolicies and Cilium policies (namespaced and clusterwide, allow and deny rules, enableDefaultDeny either way).</summary>
    [Fact]
    public void Engine_allows_exactly_what_the_literal_evaluator_allows_with_cilium_policies() =>
        AgreesWithLiteralEvaluator(RandomClusters.ClustersWithCilium, 1500);

    /// <summary>Every kind at once: NetworkPolicies, the Admin and Baseline tiers and Cilium policies.</summary>
    [Fact]
    public void Engine_allows_exactly_what_the_literal_evaluator_allows_with_every_kind_mixed() =>
        AgreesWithLiteralEvaluator(RandomClusters.ClustersWithEverything, 1000);

    /// <summary>
    /// Random clusters of every kind written as manifests, Cilium policies as CiliumClusterwideNetworkPolicies, and read
    /// back: the reader gives the Cilium rules the generator made (a host entity in a deny rule matching nothing, as
    /// netpact reads it), and the engine agrees with the literal evaluator on what was read.
    /// </summary>
    [Fact]
    public void Cilium_policies_written_as_manifests_read_back_as_generated_and_the_engine_agrees()
    {
        RandomClusters.ClustersWithEverything.Sample(
            cluster =>
            {
                var read = ManifestReader.ReadText(RandomClusters.ToYaml(cluster), "cluster.yaml");
                Assert.False(read.HasErrors, string.Join("\n", read.Diagnostics));
                Assert.Equal(cluster.CiliumPolicies.Select(p => Shape(p, true)), read.Cluster.CiliumPolicies.Select(p => Shape(p, false)));
                var disagreements = Disagreements(read.Cluster);
                if (disagreements.Count > 0)
                {
                    Assert.Fail($"{disagreements.Count} disagreements, first ones:\n{string.Join("\n", disagreements.Take(12))}");
                }
            },
            iter: 200,
            print: RandomClusters.ToYaml);

        // Selectors by meaning (requirements in order, prefixes stripped), peers by what each matches, ports with endPort = port as a single port.
        static string Shape(CiliumPolicy p, bool generated)
        {
            string Rules(IEnumerable<CiliumRule> rules, bool deny) => string.Join(" | ", rules.Select(r =>
                string.Join(";", r.Peers
                    .SelectMany(x => (x.Endpoints is { } e ? [$"endpoints {e.Namespaces}/{e.Pods}"] : Array.Empty<string>())
                        .Concat(x.Addresses.Select(a => $"addresses {a}"))
                        .Concat(x.HostNetworkPods && !(deny && generated && x.Text == "host") ? ["host network"] : []))
                    .Distinct()
                    .Order(StringComparer.Ordinal))
                + " ports " + string.Join(",", r.Ports.Select(port => port with { EndPort = port.EndPort == port.Port ? null : port.EndPort, Span = SourceSpan.None }))));
            return $"{p.Subject.Namespaces}/{p.Subject.Pods} {p.DefaultDenyIngress} {p.DefaultDenyEgress} in {Rules(p.Ingress, false)} out {Rules(p.Egress, false)} "
                + $"deny-in {Rules(p.IngressDeny, true)} deny-out {Rules(p.EgressDeny, true)}";
        }
    }

    /// <summary>
    /// The same random clusters written as manifests and read back: addresses from status.podIP(s), hostNetwork from
    /// the pod spec, and workloads whose pods the policies tell apart split into groups by the reader.
    /// </summary>
    [Fact]
    public void Engine_allows_exactly_what_the_literal_evaluator_allows_on_clusters_read_from_manifests()
    {
        RandomClusters.ClustersWithTiers.Sample(
            cluster =>
            {
                var read = ManifestReader.ReadText(RandomClusters.ToYaml(cluster), "cluster.yaml");
                Assert.False(read.HasErrors, string.Join("\n", read.Diagnostics));
                Assert.Equal(PodsAsRead(cluster), PodsAsRead(read.Cluster));
                var disagreements = Disagreements(read.Cluster);
                if (disagreements.Count > 0)
                {
                    Assert.Fail($"{disagreements.Count} disagreements, first ones:\n{string.Join("\n", disagreements.Take(12))}");
                }
            },
            iter: 200,
            print: RandomClusters.ToYaml);

        static List<string> PodsAsRead(Cluster cluster) =>
            [.. cluster.Workloads.SelectMany(w => w.Pods.Select(p => $"{w.Namespace}/{p.Name} host={p.HostNetwork} {string.Join(",", p.Addresses)}")).Order()];
    }

    private static void AgreesWithLiteralEvaluator(Gen<Cluster> clusters, int iterations)
    {
        clusters.Sample(
            cluster =>
            {
                var disagreements = Disagreements(cluster);
                if (disagreements.Count > 0)
                {
                    Assert.Fail($"{disagreements.Count} disagreements, first ones:\n{string.Join("\n", disagreements.Take(12))}");
                }
            },
            iter: iterations,
            print: c => RandomClusters.ToYaml(c) + RandomClusters.CiliumText(c));
    }

    [Fact]
    public void Named_port_with_other_protocol_matches_nothing()
    {
        var server = Pod("server", [("app", "dns")], new ContainerPort("dns", 53, Protocol.UDP));
        var client = Pod("client", [("app", "web")]);
        var cluster = Cluster(
            [server, client],
            Policy("ns", Selects("app", "dns"), ingress: [new PolicyRule(null, [Named(Protocol.TCP, "dns")], SourceSpan.None)]));

        var tcp = LiteralEvaluator.Allowed(cluster, At(client), At(server), Protocol.TCP, 53);
        var udp = LiteralEvaluator.Allowed(cluster, At(client), At(server), Protocol.UDP, 53);

        Assert.False(tcp);
        Assert.False(udp);
    }

    [Fact]
    public void Named_egress_port_resolves_on_the_destination_pod_and_never_on_an_external_address()
    {
        var web = Pod("web", [("app", "web")], new ContainerPort("http", 8080, Protocol.TCP));
        var client = Pod("client", [("app", "client")], new ContainerPort("http", 80, Protocol.TCP));
        var cluster = Cluster(
            [web, client],
            Policy("ns", Selects("app", "client"), egress: [new PolicyRule(null, [Named(Protocol.TCP, "http")], SourceSpan.None)]));

        Assert.True(LiteralEvaluator.Allowed(cluster, At(client), At(web), Protocol.TCP, 8080));
        Assert.False(LiteralEvaluator.Allowed(cluster, At(client), At(web), Protocol.TCP, 80));
        Assert.False(LiteralEvaluator.Allowed(cluster, At(client), Address("8.8.8.8"), Protocol.TCP, 80));
        Assert.False(LiteralEvaluator.Allowed(cluster, At(client), Address("8.8.8.8"), Protocol.TCP, 8080));
    }

    [Fact]
    public void Empty_ingress_list_denies_all_ingress_but_not_egress()
    {
        var db = Pod("db", [("app", "db")]);
        var web = Pod("web", [("app", "web")]);
        var cluster = Cluster([db, web], Policy("ns", Selects("app", "db"), ingress: []));

        Assert.False(LiteralEvaluator.Allowed(cluster, At(web), At(db), Protocol.TCP, 5432));
        Assert.False(LiteralEvaluator.Allowed(cluster, Address("10.1.2.3"), At(db), Protocol.TCP, 5432));
        Assert.True(LiteralEvaluator.Allowed(cluster, At(db), At(web), Protocol.TCP, 80));
    }

    [Fact]
    public void Separate_peers_are_ORed_and_an_ipBlock_matches_no_pod_whose_address_is_unknown()
    {
        var db = Pod("db", [("app", "db")]);
        var web = Pod("web", [("app", "web")]);
        var api = Pod("api", [("app", "api")]);
        PolicyPeer[] peers =
        [
            new(Selects("app", "web"), null, null, SourceSpan.None),
            new(null, null, new IpBlock(RandomClusters.Parse("0.0.0.0/0"), [RandomClusters.Parse("10.1.0.0/16")]), SourceSpan.None),
        ];
        var cluster = Cluster([db, web, api], Policy("ns", Selects("app", "db"), ingress: [new PolicyRule([.. peers], [], SourceSpan.None)]));

        Assert.True(LiteralEvaluator.Allowed(cluster, At(web), At(db), Protocol.TCP, 5432));
        Assert.True(LiteralEvaluator.Allowed(cluster, Address("10.2.0.1"), At(db), Protocol.TCP, 5432));
        Assert.False(LiteralEvaluator.Allowed(cluster, Address("10.1.2.3"), At(db), Protocol.TCP, 5432));
        Assert.False(LiteralEvaluator.Allowed(cluster, At(api), At(db), Protocol.TCP, 5432));
    }

    [Fact]
    public void Namespace_and_pod_selectors_in_one_peer_are_ANDed()
    {
        var db = Pod("db", [("app", "db")]);
        var prodWeb = Pod("prod-web", [("app", "web")]);
        var devWeb = Pod("dev-web", [("app", "web")]);
        var prodApi = Pod("prod-api", [("app", "api")]);
        var peer = new PolicyPeer(Selects("app", "web"), Selects("env", "prod"), null, SourceSpan.None);
        var cluster = new Cluster(
            [Namespace.Create("prod", [new("env", "prod")], SourceSpan.None), Namespace.Create("dev", [new("env", "dev")], SourceSpan.None)],
            [Workload("prod", db), Workload("prod", prodWeb), Workload("dev", devWeb), Workload("prod", prodApi)],
            [Policy("prod", Selects("app", "db"), ingress: [new PolicyRule([peer], [], SourceSpan.None)])],
            []);

        Assert.True(LiteralEvaluator.Allowed(cluster, LiteralEvaluator.PodIn("prod", prodWeb), LiteralEvaluator.PodIn("prod", db), Protocol.TCP, 5432));
        Assert.False(LiteralEvaluator.Allowed(cluster, LiteralEvaluator.PodIn("dev", devWeb), LiteralEvaluator.PodIn("prod", db), Protocol.TCP, 5432));
        Assert.False(LiteralEvaluator.Allowed(cluster, LiteralEvaluator.PodIn("prod", prodApi), LiteralEvaluator.PodIn("prod", db), Protocol.TCP, 5432));
    }

    /// <summary>e2e "should allow egress access to server in CIDR block": a /32 of the server's address lets the client reach it.</summary>
    [Fact]
    public void An_ipBlock_admits_egress_to_the_pod_whose_address_it_holds()
    {
        var client = RunningPod("client", "10.244.1.1");
        var server = RunningPod("server", "10.244.1.2");
        var other = RunningPod("other", "10.244.1.3");
        var cluster = Cluster([client, server, other], Policy("ns", Selects("app", "client"), egress: [To(Block("10.244.1.2/32"))]));

        AssertVerdict(cluster, "client", "server", Protocol.TCP, 80, allowed: true);
        AssertVerdict(cluster, "client", "other", Protocol.TCP, 80, allowed: false);
    }

    /// <summary>e2e "should enforce except clause while egress access to server in CIDR block".</summary>
    [Fact]
    public void An_except_clause_excludes_the_pod_whose_address_it_holds()
    {
        var client = RunningPod("client", "10.244.1.1");
        var server = RunningPod("server", "10.244.1.2");
        var other = RunningPod("other", "10.244.1.3");
        var cluster = Cluster([client, server, other],
            Policy("ns", Selects("app", "client"), egress: [To(Block("10.244.1.0/24", "10.244.1.2/32"))]));

        AssertVerdict(cluster, "client", "server", Protocol.TCP, 80, allowed: false);
        AssertVerdict(cluster, "client", "other", Protocol.TCP, 80, allowed: true);
    }

    /// <summary>e2e "should ensure an IP overlapping both IPBlock.CIDR and IPBlock.Except is allowed": peers are ORed.</summary>
    [Fact]
    public void An_address_in_the_except_of_one_block_and_the_cidr_of_another_is_admitted()
    {
        var client = RunningPod("client", "10.244.1.1");
        var server = RunningPod("server", "10.244.1.2");
        var cluster = Cluster([client, server], Policy("ns", Selects("app", "client"),
            egress: [new PolicyRule([Block("10.244.1.0/24", "10.244.1.2/32"), Block("10.244.1.2/32")], [], SourceSpan.None)]));

        AssertVerdict(cluster, "client", "server", Protocol.TCP, 80, allowed: true);
    }

    /// <summary>
    /// The API reference: plugins ignore hostNetwork pods "when matching podSelector and namespaceSelector", and treat
    /// their traffic as the node's; so a deny-all policy does not isolate one, and podSelector {} does not admit one.
    /// </summary>
    [Fact]
    public void A_pod_on_the_host_network_is_not_isolated_by_a_default_deny_and_not_matched_by_an_empty_pod_selector()
    {
        var agent = RunningPod("agent", "192.168.1.10", hostNetwork: true);
        var web = RunningPod("web", "10.1.2.3");
        var denyAll = Policy("ns", LabelSelector.Everything, ingress: [], egress: []);
        var fromPods = Policy("ns", Selects("app", "web"), ingress: [From(new PolicyPeer(LabelSelector.Everything, null, null, SourceSpan.None))]);
        var cluster = Cluster([agent, web], denyAll, fromPods with { Name = "from-pods" });

        AssertVerdict(cluster, "8.8.8.8", "agent", Protocol.TCP, 22, allowed: true);
        AssertVerdict(cluster, "agent", "8.8.8.8", Protocol.TCP, 443, allowed: true);
        AssertVerdict(cluster, "agent", "web", Protocol.TCP, 80, allowed: false);
    }

    /// <summary>The API reference: traffic from a hostNetwork pod "is treated the same as all other traffic to/from the node IP", which ipBlocks match.</summary>
    [Fact]
    public void An_ipBlock_holding_the_address_of_a_pod_on_the_host_network_matches_it()
    {
        var agent = RunningPod("agent", "192.168.1.10", hostNetwork: true);
        var web = RunningPod("web", "10.1.2.3");
        var cluster = Cluster([agent, web], Policy("ns", Selects("app", "web"), ingress: [From(Block("192.168.1.0/24"))]));

        AssertVerdict(cluster, "agent", "web", Protocol.TCP, 80, allowed: true);
        AssertVerdict(cluster, "192.168.1.11", "web", Protocol.TCP, 80, allowed: true);
        AssertVerdict(cluster, "192.168.2.1", "web", Protocol.TCP, 80, allowed: false);
    }

    /// <summary>A named port means the destination pod's container port: a pod the block holds has one, an address outside the cluster none.</summary>
    [Fact]
    public void A_named_port_towards_an_ipBlock_resolves_on_a_pod_it_holds_and_matches_nothing_outside_the_cluster()
    {
        var client = RunningPod("client", "10.1.0.1");
        var server = RunningPod("server", "10.1.2.3", ports: [new ContainerPort("http", 8080, Protocol.TCP)]);
        var cluster = Cluster([client, server], Policy("ns", Selects("app", "client"),
            egress: [new PolicyRule([Block("10.0.0.0/8")], [Named(Protocol.TCP, "http")], SourceSpan.None)]));

        AssertVerdict(cluster, "client", "server", Protocol.TCP, 8080, allowed: true);
        AssertVerdict(cluster, "client", "server", Protocol.TCP, 80, allowed: false);
        AssertVerdict(cluster, "client", "10.9.9.9", Protocol.TCP, 8080, allowed: false);
    }

    /// <summary>
    /// Every way the engine's result differs from the literal evaluator. Between consecutive probes neither side
    /// can change its verdict (probes include every port, endPort and address edge of the cluster and every edge of
    /// the engine's own port sets and ranges), so agreement on the probes is agreement everywhere.
    /// </summary>
    internal static List<string> Disagreements(Cluster cluster)
    {
        var connectivity = ConnectivityEngine.Analyze(cluster);
        var problems = new List<string>();
        var ports = ProbePorts(cluster);

        var between = new Dictionary<(string, string), ConnectionSet>();
        var fromExternal = new Dictionary<(IpRange, string), ConnectionSet>();
        var toExternal = new Dictionary<(string, IpRange), ConnectionSet>();
        foreach (var c in connectivity.Connections)
        {
            var added = (c.Source, c.Destination) switch
            {
                ({ Workload: { } s }, { Workload: { } d }) => s.Id != d.Id && between.TryAdd((s.Id, d.Id), c.Allowed),
                ({ Range: { } r }, { Workload: { } d }) => fromExternal.TryAdd((r, d.Id), c.Allowed),
                ({ Workload: { } s }, { Range: { } r }) => toExternal.TryAdd((s.Id, r), c.Allowed),
                _ => false,
            };
            if (!added || c.Allowed.IsEmpty) problems.Add($"engine lists an unexpected connection {c.Source} => {c.Destination} : {c.Allowed}");
        }

        // A workload is compared as the intersection over its pods: the engine analyses workloads as given (the reader
        // splits those whose pods the policies tell apart) and lists what every pod pair allows.
        foreach (var src in cluster.Workloads)
        {
            foreach (var dst in cluster.Workloads.Where(d => d.Id != src.Id))
            {
                between.TryGetValue((src.Id, dst.Id), out var engine);
                Compare(
                    $"{src.Id} => {dst.Id}",
                    engine,
                    ports,
                    (protocol, port) => src.Pods.All(sp => dst.Pods.All(dp => LiteralEvaluator.Allowed(
                        cluster, LiteralEvaluator.PodIn(src.Namespace, sp), LiteralEvaluator.PodIn(dst.Namespace, dp), protocol, port))),
                    problems);
            }
        }

        foreach (var direction in new[] { Direction.Ingress, Direction.Egress })
        {
            var ranges = direction == Direction.Ingress
                ? fromExternal.Keys.Select(k => k.Item1).Distinct().ToList()
                : toExternal.Keys.Select(k => k.Item2).Distinct().ToList();
            foreach (var (a, b) in ranges.SelectMany((a, i) => ranges.Skip(i + 1).Select(b => (a, b))))
            {
                if (a.IsV6 == b.IsV6 && a.First <= b.Last && b.First <= a.Last)
                    problems.Add($"engine's {direction} external ranges {a} and {b} overlap");
            }
            foreach (var (address, range) in ProbeAddresses(cluster, connectivity, direction, ranges))
            {
                var external = LiteralEvaluator.External(address.IsV6, address.Address);
                var text = Cidr.FormatAddress(address.IsV6, address.Address);
                foreach (var w in cluster.Workloads)
                {
                    if (direction == Direction.Ingress)
                    {
                        var engine = range is null ? null : fromExternal.GetValueOrDefault((range, w.Id));
                        Compare($"{text} (in engine range {range?.ToString() ?? "none"}) => {w.Id}", engine, ports, (protocol, port) =>
                            w.Pods.All(p => LiteralEvaluator.Allowed(cluster, external, LiteralEvaluator.PodIn(w.Namespace, p), protocol, port)), problems);
                    }
                    else
                    {
                        var engine = range is null ? null : toExternal.GetValueOrDefault((w.Id, range));
                        Compare($"{w.Id} => {text} (in engine range {range?.ToString() ?? "none"})", engine, ports, (protocol, port) =>
                            w.Pods.All(p => LiteralEvaluator.Allowed(cluster, LiteralEvaluator.PodIn(w.Namespace, p), external, protocol, port)), problems);
                    }
                }
            }
        }
        return problems;
    }

    private static void Compare(string what, ConnectionSet? engine, SortedSet<int> ports, Func<Protocol, int, bool> literal, List<string> problems)
    {
        foreach (var protocol in ConnectionSet.Protocols)
        {
            var probes = new SortedSet<int>(ports);
            foreach (var (lo, hi) in engine?[protocol].Ranges ?? [])
            {
                probes.UnionWith(new[] { lo - 1, lo, hi, hi + 1 }.Where(IsPort));
            }
            foreach (var port in probes)
            {
                var expected = literal(protocol, port);
                var actual = engine?.Allows(protocol, port) ?? false;
                if (expected != actual)
                {
                    problems.Add($"{what} {protocol} {port}: engine {(actual ? "allows" : "denies")}, literal evaluator {(expected ? "allows" : "denies")}");
                }
            }
        }
    }

    private static bool IsPort(int port) => port is >= 1 and <= 65535;

    /// <summary>Every port number the cluster mentions and its neighbours, plus both ends of the port space.</summary>
    private static SortedSet<int> ProbePorts(Cluster cluster)
    {
        var mentioned = cluster.Workloads.SelectMany(w => w.Pods).SelectMany(p => p.Ports).Select(p => p.Port)
            .Concat(cluster.Policies.SelectMany(p => p.Ingress.Concat(p.Egress)).SelectMany(r => r.Ports)
                .SelectMany(p => new[] { p.Port, p.EndPort }).OfType<int>())
            .Concat(cluster.AdminPolicies.SelectMany(p => p.Ingress.Concat(p.Egress)).SelectMany(r => r.Ports ?? [])
                .Where(p => p.Name is null).SelectMany(p => new[] { p.Start, p.End }))
            .Concat(cluster.CiliumPolicies.SelectMany(p => p.Ingress.Concat(p.Egress).Concat(p.IngressDeny).Concat(p.EgressDeny)).SelectMany(r => r.Ports)
                .SelectMany(p => new[] { p.Port, p.EndPort }).OfType<int>());
        return [.. mentioned.SelectMany(p => new[] { p - 1, p, p + 1 }).Append(1).Append(65535).Where(IsPort)];
    }

    /// <summary>
    /// External addresses to probe in one direction, each with the engine range that holds it (null: none).
    /// Candidates are the sample addresses, both ends of every engine range and the edges of every cidr and
    /// except; of those that no ipBlock and no engine range tell apart, one stands for all.
    /// IPv6 is probed only where the engine reports it: when some rule of the direction has an IPv6 ipBlock.
    /// </summary>
    private static List<((bool IsV6, UInt128 Address) Address, IpRange? Range)> ProbeAddresses(
        Cluster cluster, Connectivity connectivity, Direction direction, List<IpRange> directionRanges)
    {
        var blocks = cluster.Policies.SelectMany(p => p.Rules(direction)).SelectMany(r => r.Peers ?? [])
            .Select(peer => peer.IpBlock).OfType<IpBlock>()
            .Concat(cluster.CiliumPolicies.SelectMany(p => p.Allows(direction).Concat(p.Denies(direction))).SelectMany(r => r.Peers).SelectMany(peer => peer.Addresses))
            .SelectMany(b => b.Except.Prepend(b.Cidr)).Distinct().ToList();
        var withV6 = blocks.Any(c => c.IsV6);
        var networks = direction == Direction.Egress
            ? cluster.AdminPolicies.SelectMany(p => p.Egress).SelectMany(r => r.Peers).SelectMany(peer => peer.Networks)
            : [];
        var cidrs = blocks.Concat(networks).Distinct().ToList();
        var edges = cidrs.SelectMany(c => new[]
        {
            (c.IsV6, c.First), (c.IsV6, c.Last),
            (c.IsV6, c.First == 0 ? c.First : c.First - 1),
            (c.IsV6, c.Last == Cidr.MaxOf(c.IsV6) ? c.Last : c.Last + 1),
        });
        var ends = connectivity.ExternalRanges.Concat(directionRanges).SelectMany(r => new[] { (r.IsV6, r.First), (r.IsV6, r.Last) });
        return SampleAddresses.Concat(edges).Concat(ends)
            .Where(a => !a.IsV6 || withV6)
            .Select(a => (Address: a, Range: directionRanges.FirstOrDefault(r => r.IsV6 == a.IsV6 && r.First <= a.Item2 && a.Item2 <= r.Last)))
            .DistinctBy(p => (p.Address.IsV6, p.Range, string.Concat(cidrs.Select(c => c.IsV6 == p.Address.IsV6 && c.First <= p.Address.Item2 && p.Address.Item2 <= c.Last ? '1' : '0'))))
            .ToList();
    }

    private static Pod Pod(string name, (string Key, string Value)[] labels, params ContainerPort[] ports) =>
        new(name, labels.ToImmutableSortedDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal), [.. ports], SourceSpan.None);

    /// <summary>A pod labelled app=name, running with the address (status.podIP), on the host network or not.</summary>
    private static Pod RunningPod(string name, string address, bool hostNetwork = false, ContainerPort[]? ports = null) =>
        Pod(name, [("app", name)], ports ?? []) with
        {
            Addresses = [Cidr.TryParseAddress(address, out var error) ?? throw new ArgumentException(error, nameof(address))],
            HostNetwork = hostNetwork,
        };

    private static Workload Workload(string ns, Pod pod) => new(ns, pod.Name, "Pod", [pod], SourceSpan.None);

    private static Cluster Cluster(Pod[] pods, params NetworkPolicy[] policies) =>
        new([Namespace.Create("ns", [], SourceSpan.None)], [.. pods.Select(p => Workload("ns", p))], [.. policies], []);

    private static PolicyPeer Block(string cidr, params string[] except) =>
        new(null, null, new IpBlock(RandomClusters.Parse(cidr), [.. except.Select(RandomClusters.Parse)]), SourceSpan.None);

    private static PolicyRule To(PolicyPeer peer) => new([peer], [], SourceSpan.None);

    private static PolicyRule From(PolicyPeer peer) => new([peer], [], SourceSpan.None);

    /// <summary>
    /// Both the engine and the literal evaluator give the expected verdict; an end is a pod of namespace ns by name,
    /// or an address outside the cluster.
    /// </summary>
    private static void AssertVerdict(Cluster cluster, string source, string destination, Protocol protocol, int port, bool allowed)
    {
        var engine = ConnectivityEngine.Analyze(cluster).Allowed(EngineEnd(source), EngineEnd(destination)).Allows(protocol, port);
        var literal = LiteralEvaluator.Allowed(cluster, LiteralEnd(source), LiteralEnd(destination), protocol, port);

        Assert.True(engine == allowed, $"engine: {source} => {destination} {protocol} {port} {(engine ? "allowed" : "denied")}");
        Assert.True(literal == allowed, $"literal evaluator: {source} => {destination} {protocol} {port} {(literal ? "allowed" : "denied")}");

        Endpoint EngineEnd(string end) => cluster.Workloads.FirstOrDefault(w => w.Name == end) is { } w
            ? Endpoint.Of(w)
            : Address(end) is LiteralEvaluator.ExternalEnd a ? Endpoint.Of(new IpRange(a.IsV6, a.Address, a.Address)) : throw new ArgumentException(end);

        LiteralEvaluator.End LiteralEnd(string end) => cluster.Workloads.FirstOrDefault(w => w.Name == end) is { } w
            ? LiteralEvaluator.PodIn(w.Namespace, w.Pods[0])
            : Address(end);
    }

    private static NetworkPolicy Policy(string ns, LabelSelector pods, PolicyRule[]? ingress = null, PolicyRule[]? egress = null) =>
        new(ns, "policy", pods, ingress is not null, egress is not null, [.. ingress ?? []], [.. egress ?? []], SourceSpan.None);

    private static LabelSelector Selects(string key, string value) =>
        new([new LabelRequirement(key, SelectorOperator.In, [value])]);

    private static PolicyPort Named(Protocol protocol, string name) => new(protocol, null, null, name, SourceSpan.None);

    private static LiteralEvaluator.End At(Pod pod) => LiteralEvaluator.PodIn("ns", pod);

    private static LiteralEvaluator.End Address(string address)
    {
        var cidr = RandomClusters.Parse(address.Contains(':') ? $"{address}/128" : $"{address}/32");
        return LiteralEvaluator.External(cidr.IsV6, cidr.First);
    }
}
