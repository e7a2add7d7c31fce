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
}
