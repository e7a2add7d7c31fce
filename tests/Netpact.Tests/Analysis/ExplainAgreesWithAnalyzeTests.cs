using CsCheck;
using Netpact.Analysis;
using Netpact.Kubernetes;
using Netpact.Model;

namespace Netpact.Tests.Analysis;

/// <summary>`explain` evaluates one pair rule by rule; on every pair it must give what `analyze` lists.</summary>
public sealed class ExplainAgreesWithAnalyzeTests
{
    public static TheoryData<string> Inputs => new()
    {
        "examples/noa-server/manifests",
        "../shared/oracles/netpol-analyzer/tests/onlineboutique_workloads",
        "../shared/oracles/netpol-analyzer/tests/test_with_named_ports",
        "../shared/oracles/netpol-analyzer/tests/netpol_named_port_test_2",
        "../shared/oracles/netpol-analyzer/tests/ipblockstest",
        "../shared/oracles/netpol-analyzer/tests/semanticDiff-different-topologies-policy-a-with-ipblock",
        "../shared/oracles/netpol-analyzer/tests/with_end_port_example",
        "../shared/oracles/netpol-analyzer/tests/multiple_topology_resources_2",
        "../shared/oracles/netpol-analyzer/tests/anp_demo",
        "../shared/oracles/netpol-analyzer/tests/anp_banp_blog_demo",
        "../shared/oracles/netpol-analyzer/tests/anp_np_banp_core_test",
        "../shared/oracles/netpol-analyzer/tests/anp_with_np_and_banp_pass_test",
        "../shared/oracles/netpol-analyzer/tests/anp_test_4_with_priority_chang_pass_to_banp",
        "../shared/oracles/netpol-analyzer/tests/anp_and_banp_using_networks_test",
        "../shared/oracles/netpol-analyzer/tests/anp_and_banp_using_networks_and_nodes_test",
        "../shared/oracles/netpol-analyzer/tests/anp_test_named_ports_multiple_peers",
        "../shared/oracles/netpol-analyzer/tests/anp_banp_test_with_named_port_matched",
        "../shared/oracles/netpol-analyzer/tests/banp_test_core_egress_sctp_swapping_rules",
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Explain_gives_the_connections_analyze_lists_for_every_pair(string input)
    {
        var read = ManifestReader.Read([Path.Combine(TestPaths.RepoRoot, input)]);
        Assert.False(read.HasErrors, string.Join("\n", read.Diagnostics));
        AgreesOnEveryPair(read.Cluster);
    }

    /// <summary>The explain trail computes the tiers pair by pair on its own; on random tier mixes it must agree too.</summary>
    [Fact]
    public void Explain_gives_the_connections_analyze_lists_under_random_admin_and_baseline_tiers()
    {
        RandomClusters.ClustersWithTiers.Sample(
            cluster =>
            {
                if (cluster.Workloads.Length >= 2) AgreesOnEveryPair(cluster);
            },
            iter: 300,
            print: RandomClusters.ToYaml);
    }

    /// <summary>Explain reads Cilium's allow and deny rules on its own, pair by pair: with every kind mixed it must agree too.</summary>
    [Fact]
    public void Explain_gives_the_connections_analyze_lists_with_cilium_policies_and_every_other_kind()
    {
        RandomClusters.ClustersWithEverything.Sample(
            cluster =>
            {
                if (cluster.Workloads.Length >= 2) AgreesOnEveryPair(cluster);
            },
            iter: 300,
            print: c => RandomClusters.ToYaml(c));
    }

    private static void AgreesOnEveryPair(Cluster cluster)
    {
        var analyzed = ConnectivityEngine.Analyze(cluster).Connections
            .ToDictionary(c => (c.Source.ToString(), c.Destination.ToString()), c => c.Allowed);
        Assert.True(cluster.Workloads.Length >= 2, "the input must hold workloads to compare");

        var workloads = cluster.Workloads.Select(Endpoint.Of).ToList();
        // analyze cuts external sources by ingress ipBlocks and destinations by egress ipBlocks and networks.
        var externalSources = ExternalAtoms.Of(cluster, Direction.Ingress).Select(Endpoint.Of);
        var externalDestinations = ExternalAtoms.Of(cluster, Direction.Egress).Select(Endpoint.Of);
        var pairs = workloads.SelectMany(s => workloads.Where(d => d != s).Select(d => (s, d)))
            .Concat(externalSources.SelectMany(e => workloads.Select(w => (e, w))))
            .Concat(externalDestinations.SelectMany(e => workloads.Select(w => (w, e))))
            .ToList();
        foreach (var (src, dst) in pairs)
        {
            var explained = Explainer.Explain(cluster, src, dst).Allowed;
            var listed = analyzed.GetValueOrDefault((src.ToString(), dst.ToString()), ConnectionSet.Empty);
            Assert.True(explained.Equals(listed), $"{src} => {dst}: explain says '{explained}', analyze lists '{listed}'");
        }
        Assert.NotEmpty(pairs);
    }
}
