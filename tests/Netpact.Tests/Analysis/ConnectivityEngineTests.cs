using System.Collections.Immutable;
using Netpact.Analysis;
using Netpact.Model;

namespace Netpact.Tests.Analysis;

public sealed class ConnectivityEngineTests
{
    private static Workload BarePod(string name) => new("ns", name, "Pod",
        [new Pod(name, ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("app", name)]), [], SourceSpan.None)],
        SourceSpan.None);

    [Fact]
    public void A_rule_with_an_empty_peer_list_admits_every_peer_as_the_spec_says()
    {
        var policy = new NetworkPolicy("ns", "p",
            new LabelSelector([new LabelRequirement("app", SelectorOperator.In, ["b"])]),
            AffectsIngress: true, AffectsEgress: false,
            Ingress: [new PolicyRule(ImmutableArray<PolicyPeer>.Empty, [], SourceSpan.None)],
            Egress: [], SourceSpan.None);
        var cluster = new Cluster([], [BarePod("a"), BarePod("b")], [policy], []);

        var connection = Assert.Single(ConnectivityEngine.Analyze(cluster).Connections,
            c => c.Source.ToString() == "ns/a[Pod]" && c.Destination.ToString() == "ns/b[Pod]");

        Assert.True(connection.Allowed.IsAll);
        Assert.True(Explainer.Explain(cluster, connection.Source, connection.Destination).Allowed.IsAll);
    }

    /// <summary>
    /// Regression: IPv6 networks of cluster-scoped policies cut the external ranges only when some NetworkPolicy
    /// ipBlock is IPv6 (reports list IPv6 ranges only then), and pods were sorted into those ranges, so a pod's IPv6
    /// address escaped a network that holds it. The API checks cluster-internal traffic against networks too.
    /// </summary>
    [Fact]
    public void An_IPv6_network_of_an_admin_policy_holds_a_pod_when_no_ipBlock_is_IPv6()
    {
        var server = BarePod("server");
        server = server with { Pods = [server.Pods[0] with { Addresses = [Cidr.TryParseAddress("fd00::5", out _)!] }] };
        var deny = new AdminRule("deny", AdminAction.Deny, [new AdminPeer(null, [Cidr.TryParse("fd00::/8", out _, out _)!], null, SourceSpan.None)], null, SourceSpan.None);
        var policy = new AdminNetworkPolicy(AdminNetworkPolicy.AdminKind, "no-ula", AdminTier.Admin, 1,
            new AdminSelector(LabelSelector.Everything, null, SourceSpan.None), [], [deny], SourceSpan.None);
        var cluster = new Cluster([], [BarePod("client"), server], [], []) { AdminPolicies = [policy] };
        var client = Endpoint.Of(cluster.Workloads[0]);
        var destination = Endpoint.Of(cluster.Workloads[1]);

        var allowed = ConnectivityEngine.Analyze(cluster).Allowed(client, destination);

        Assert.True(allowed.IsEmpty, $"analyze allows {allowed}");
        Assert.True(Explainer.Explain(cluster, client, destination).Allowed.IsEmpty);
    }
}
