using Netpact.Analysis;
using Netpact.Kubernetes;
using Netpact.Model;

namespace Netpact.Tests.Analysis;

/// <summary>
/// The examples of Cilium's policy documentation (tests/testdata/cilium-docs, one file each) with the outcomes the pages
/// state. Every verdict is asked of the engine, of explain and of the literal evaluator, which must all give the
/// documented one.
/// </summary>
public sealed class CiliumDocumentationTests
{
    /// <summary>Every example file of the folder, each held by the test of the same name below.</summary>
    private static readonly string[] Examples =
    [
        "l3-simple-ingress.yaml", "l3-simple-egress.yaml", "ingress-allow-all.yaml", "egress-allow-all.yaml", "egress-deny.yaml",
        "egress-default-deny.yaml", "l4.yaml", "l4-port-range.yaml", "l3-l4-combined.yaml", "cidr-l4-combined.yaml", "cidr.yaml",
        "entities-world.yaml", "entities-cluster.yaml", "entities-kube-apiserver.yaml", "from-world-deny.yaml",
        "deny-table-1.yaml", "deny-table-2.yaml", "deny-table-3.yaml", "deny-table-4.yaml", "deny-table-5.yaml",
        "namespace-isolation.yaml", "expose-across-namespace.yaml", "service-account.yaml", "default-deny-except-dns.yaml",
        "enable-default-deny-false.yaml", "with-networkpolicy.yaml",
    ];

    [Fact]
    public void Every_documentation_example_in_the_folder_is_tested()
    {
        var folder = Path.Combine(TestPaths.TestData, "cilium-docs");
        var files = Directory.GetFiles(folder, "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(Examples.Order(StringComparer.Ordinal), files);
        TestContext.Current.SendDiagnosticMessage($"Cilium documentation examples reproduced: {Examples.Length}");
    }

    [Fact]
    public void Simple_ingress_allow_admits_frontend_and_no_one_else()
    {
        var c = Load("l3-simple-ingress.yaml");
        Verdict(c, "default/frontend", "default/backend", Protocol.TCP, 80, true);
        Verdict(c, "default/other", "default/backend", Protocol.TCP, 80, false);
        Verdict(c, "8.8.8.8", "default/backend", Protocol.TCP, 80, false);
        Verdict(c, "default/other", "default/frontend", Protocol.UDP, 53, true);
    }

    [Fact]
    public void Simple_egress_allow_lets_frontend_reach_backend_only()
    {
        var c = Load("l3-simple-egress.yaml");
        Verdict(c, "default/frontend", "default/backend", Protocol.TCP, 8080, true);
        Verdict(c, "default/frontend", "default/other", Protocol.TCP, 8080, false);
        Verdict(c, "default/frontend", "8.8.8.8", Protocol.UDP, 53, false);
        Verdict(c, "default/other", "default/backend", Protocol.TCP, 8080, true);
    }

    [Fact]
    public void An_empty_endpoint_selector_in_a_namespaced_policy_admits_the_endpoints_of_its_namespace()
    {
        var c = Load("ingress-allow-all.yaml");
        Verdict(c, "default/neighbour", "default/victim", Protocol.TCP, 80, true);
        Verdict(c, "other/stranger", "default/victim", Protocol.TCP, 80, false);
        Verdict(c, "8.8.8.8", "default/victim", Protocol.TCP, 80, false);
    }

    [Fact]
    public void Egress_allow_all_endpoints_reaches_every_endpoint_of_the_namespace_and_nothing_else()
    {
        var c = Load("egress-allow-all.yaml");
        Verdict(c, "default/frontend", "default/neighbour", Protocol.TCP, 443, true);
        Verdict(c, "default/frontend", "other/stranger", Protocol.TCP, 443, false);
        Verdict(c, "default/frontend", "1.1.1.1", Protocol.TCP, 443, false);
    }

    [Fact]
    public void An_egress_deny_rule_wins_over_an_egress_allow_of_the_same_policy()
    {
        var c = Load("egress-deny.yaml");
        Verdict(c, "default/frontend", "default/backend", Protocol.TCP, 80, false);
        Verdict(c, "default/frontend", "default/other", Protocol.TCP, 80, true);
    }

    [Fact]
    public void An_empty_egress_rule_puts_the_endpoint_into_default_deny_at_egress_only()
    {
        var c = Load("egress-default-deny.yaml");
        Verdict(c, "default/restricted", "default/other", Protocol.TCP, 80, false);
        Verdict(c, "default/restricted", "8.8.8.8", Protocol.UDP, 53, false);
        Verdict(c, "default/other", "default/restricted", Protocol.TCP, 80, true);
    }

    [Fact]
    public void A_toPorts_rule_without_peers_allows_that_port_to_any_destination()
    {
        var c = Load("l4.yaml");
        Verdict(c, "default/my-service", "default/server", Protocol.TCP, 80, true);
        Verdict(c, "default/my-service", "93.184.216.34", Protocol.TCP, 80, true);
        Verdict(c, "default/my-service", "default/server", Protocol.TCP, 443, false);
        Verdict(c, "default/my-service", "default/server", Protocol.UDP, 80, false);
    }

    [Fact]
    public void A_port_range_allows_every_port_from_port_to_endPort()
    {
        var c = Load("l4-port-range.yaml");
        Verdict(c, "default/my-service", "default/server", Protocol.TCP, 80, true);
        Verdict(c, "default/my-service", "default/server", Protocol.TCP, 444, true);
        Verdict(c, "default/my-service", "default/server", Protocol.TCP, 79, false);
        Verdict(c, "default/my-service", "default/server", Protocol.TCP, 445, false);
    }

    [Fact]
    public void Labels_dependent_layer_4_rule_admits_frontend_on_80_only()
    {
        var c = Load("l3-l4-combined.yaml");
        Verdict(c, "default/frontend", "default/backend", Protocol.TCP, 80, true);
        Verdict(c, "default/frontend", "default/backend", Protocol.TCP, 81, false);
        Verdict(c, "default/other", "default/backend", Protocol.TCP, 80, false);
    }

    [Fact]
    public void Cidr_dependent_layer_4_rule_reaches_the_range_on_80_only()
    {
        var c = Load("cidr-l4-combined.yaml");
        Verdict(c, "default/crawler", "192.0.2.10", Protocol.TCP, 80, true);
        Verdict(c, "default/crawler", "192.0.2.10", Protocol.TCP, 443, false);
        Verdict(c, "default/crawler", "198.51.100.1", Protocol.TCP, 80, false);
        Verdict(c, "default/other", "198.51.100.1", Protocol.TCP, 80, true);
    }

    [Fact]
    public void A_cidr_set_allows_its_range_minus_except_and_never_matches_a_pod()
    {
        var c = Load("cidr.yaml");
        Verdict(c, "default/my-service", "20.1.1.1", Protocol.TCP, 443, true);
        Verdict(c, "default/my-service", "10.1.2.3", Protocol.TCP, 443, true);
        Verdict(c, "default/my-service", "10.96.0.1", Protocol.TCP, 443, false);
        Verdict(c, "default/my-service", "8.8.8.8", Protocol.TCP, 443, false);
        // The pod at 10.0.0.2 is inside 10.0.0.0/8, but CIDR rules do not apply between endpoints.
        Verdict(c, "default/my-service", "default/server", Protocol.TCP, 443, false);
    }

    [Fact]
    public void From_world_admits_addresses_outside_the_cluster_and_no_pod()
    {
        var c = Load("entities-world.yaml");
        Verdict(c, "203.0.113.7", "default/public", Protocol.TCP, 443, true);
        Verdict(c, "2001:db8::7", "default/public", Protocol.TCP, 443, true);
        Verdict(c, "default/other", "default/public", Protocol.TCP, 443, false);
    }

    [Fact]
    public void From_cluster_admits_every_pod_and_pods_on_the_host_network_but_no_outside_address()
    {
        var c = Load("entities-cluster.yaml");
        Verdict(c, "other/elsewhere", "default/dev", Protocol.TCP, 80, true);
        Verdict(c, "kube-system/agent", "default/dev", Protocol.TCP, 80, true);
        Verdict(c, "203.0.113.7", "default/dev", Protocol.TCP, 80, false);
    }

    [Fact]
    public void To_kube_apiserver_is_an_approximation_towards_allowed_with_a_warning_at_the_entity()
    {
        var (c, read) = LoadWithDiagnostics("entities-kube-apiserver.yaml");
        var warning = Assert.Single(read.Diagnostics);
        Assert.Equal(Severity.Warning, warning.Severity);
        Assert.Contains("kube-apiserver", warning.Message, StringComparison.Ordinal);
        Assert.Equal(41, warning.Span.Line);
        // The API server may be any address outside the cluster: netpact keeps them reachable, and no pod.
        Verdict(c, "default/dev", "203.0.113.7", Protocol.TCP, 6443, true);
        Verdict(c, "default/dev", "default/other", Protocol.TCP, 6443, false);
    }

    [Fact]
    public void A_clusterwide_deny_from_world_blocks_outside_addresses_and_keeps_traffic_inside_the_cluster()
    {
        var c = Load("from-world-deny.yaml");
        Verdict(c, "203.0.113.7", "default/web", Protocol.TCP, 443, false);
        Verdict(c, "203.0.113.7", "data/db", Protocol.TCP, 5432, false);
        Verdict(c, "default/web", "data/db", Protocol.TCP, 5432, true);
    }

    [Theory]
    [InlineData(1, true, true)]
    [InlineData(2, true, false)]
    [InlineData(3, false, false)]
    [InlineData(4, false, false)]
    [InlineData(5, false, false)]
    public void The_deny_table_column_gives_the_documented_curl_results(int column, bool port81, bool port80)
    {
        var c = Load($"deny-table-{column}.yaml");
        Verdict(c, "default/client", "default/server", Protocol.TCP, 81, port81);
        Verdict(c, "default/client", "default/server", Protocol.TCP, 80, port80);
    }

    [Fact]
    public void Namespace_boundaries_admit_pods_of_the_same_namespace_only_on_ingress()
    {
        var c = Load("namespace-isolation.yaml");
        Verdict(c, "ns1/b", "ns1/a", Protocol.TCP, 80, true);
        Verdict(c, "ns2/c", "ns1/a", Protocol.TCP, 80, false);
        Verdict(c, "ns3/d", "ns2/c", Protocol.TCP, 80, false);
        Verdict(c, "ns1/a", "ns3/d", Protocol.TCP, 80, true);
    }

    [Fact]
    public void A_selector_naming_the_namespace_label_reaches_across_namespaces()
    {
        var c = Load("expose-across-namespace.yaml");
        Verdict(c, "ns2/luke", "ns1/leia", Protocol.TCP, 80, true);
        Verdict(c, "ns1/luke-here", "ns1/leia", Protocol.TCP, 80, false);
    }

    [Fact]
    public void Service_account_selectors_admit_luke_to_leia_on_80_and_the_l7_rule_is_warned()
    {
        var (c, read) = LoadWithDiagnostics("service-account.yaml");
        Assert.Contains(read.Diagnostics, d => d.Severity == Severity.Warning && d.Message.Contains("L7", StringComparison.Ordinal));
        Verdict(c, "default/luke", "default/leia", Protocol.TCP, 80, true);
        Verdict(c, "default/luke", "default/leia", Protocol.TCP, 81, false);
        Verdict(c, "default/han", "default/leia", Protocol.TCP, 80, false);
        Verdict(c, "default/han", "default/luke", Protocol.TCP, 80, true);
    }

    [Fact]
    public void The_clusterwide_default_deny_leaves_only_dns_to_kube_dns()
    {
        var c = Load("default-deny-except-dns.yaml");
        Verdict(c, "default/web", "kube-system/coredns", Protocol.UDP, 53, true);
        Verdict(c, "default/web", "kube-system/coredns", Protocol.TCP, 53, false);
        Verdict(c, "default/web", "default/details", Protocol.TCP, 9080, false);
        Verdict(c, "default/web", "93.184.216.34", Protocol.TCP, 443, false);
        // kube-system is not selected: its pods keep their egress.
        Verdict(c, "kube-system/coredns", "93.184.216.34", Protocol.UDP, 53, true);
    }

    [Fact]
    public void With_enableDefaultDeny_false_a_policy_adds_allows_and_denies_nothing()
    {
        var c = Load("enable-default-deny-false.yaml");
        Verdict(c, "default/web", "kube-system/coredns", Protocol.UDP, 53, true);
        Verdict(c, "default/web", "default/details", Protocol.TCP, 9080, true);
        Verdict(c, "default/web", "93.184.216.34", Protocol.TCP, 443, true);
    }

    [Fact]
    public void Cilium_and_NetworkPolicy_allows_add_up_and_a_cilium_deny_beats_a_NetworkPolicy_allow()
    {
        var c = Load("with-networkpolicy.yaml");
        Verdict(c, "default/client", "default/server", Protocol.TCP, 80, true);
        Verdict(c, "default/client", "default/server", Protocol.TCP, 22, false);
        Verdict(c, "203.0.113.7", "default/server", Protocol.TCP, 443, true);
        Verdict(c, "203.0.113.7", "default/server", Protocol.TCP, 80, false);
    }

    [Fact]
    public void Explain_names_the_cilium_deny_rule_and_the_allow_rule_with_file_line_and_column()
    {
        var c = Load("with-networkpolicy.yaml");
        var client = c.Workloads.Single(w => w.Name == "client");
        var server = c.Workloads.Single(w => w.Name == "server");
        var file = Path.Combine(TestPaths.TestData, "cilium-docs", "with-networkpolicy.yaml");

        var text = Netpact.Reports.ExplainReport.Write(Explainer.Explain(c, Endpoint.Of(client), Endpoint.Of(server)));

        Assert.Contains($"CiliumNetworkPolicy/default/cilium-side ingressDeny rule 1 ({file}:61:5): denies TCP 22", text, StringComparison.Ordinal);
        Assert.Contains($"default/allow-client ingress rule 1 ({file}:", text, StringComparison.Ordinal);
        Assert.Contains($"CiliumNetworkPolicy/default/cilium-side ({file}:", text, StringComparison.Ordinal);
    }

    private static Cluster Load(string file) => LoadWithDiagnostics(file).Cluster;

    private static (Cluster Cluster, ReadResult Read) LoadWithDiagnostics(string file)
    {
        var read = ManifestReader.Read([Path.Combine(TestPaths.TestData, "cilium-docs", file)]);
        Assert.False(read.HasErrors, string.Join("\n", read.Diagnostics));
        Assert.NotEmpty(read.Cluster.CiliumPolicies);
        return (read.Cluster, read);
    }

    /// <summary>The engine, explain and the literal evaluator all give the documented verdict; an end is ns/pod or an address.</summary>
    private static void Verdict(Cluster cluster, string source, string destination, Protocol protocol, int port, bool allowed)
    {
        var engine = ConnectivityEngine.Analyze(cluster).Allowed(EngineEnd(source), EngineEnd(destination)).Allows(protocol, port);
        var explain = Explainer.Explain(cluster, EngineEnd(source), EngineEnd(destination)).Allowed.Allows(protocol, port);
        var literal = LiteralEvaluator.Allowed(cluster, LiteralEnd(source), LiteralEnd(destination), protocol, port);

        var what = $"{source} => {destination} {protocol} {port}";
        Assert.True(engine == allowed, $"engine: {what} {(engine ? "allowed" : "denied")}");
        Assert.True(explain == allowed, $"explain: {what} {(explain ? "allowed" : "denied")}");
        Assert.True(literal == allowed, $"literal evaluator: {what} {(literal ? "allowed" : "denied")}");

        Endpoint EngineEnd(string end) => Find(end) is { } w
            ? Endpoint.Of(w)
            : Address(end) is var a ? Endpoint.Of(new IpRange(a.IsV6, a.First, a.First)) : throw new ArgumentException(end);

        LiteralEvaluator.End LiteralEnd(string end) => Find(end) is { } w
            ? LiteralEvaluator.PodIn(w.Namespace, w.Pods[0])
            : Address(end) is var a ? LiteralEvaluator.External(a.IsV6, a.First) : throw new ArgumentException(end);

        Workload? Find(string end) => cluster.Workloads.FirstOrDefault(w => $"{w.Namespace}/{w.Name}" == end);
    }

    private static Cidr Address(string address) =>
        Cidr.TryParseAddress(address, out var error) ?? throw new ArgumentException(error, nameof(address));
}
