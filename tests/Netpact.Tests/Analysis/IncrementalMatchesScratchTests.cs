using CsCheck;
using Netpact.Analysis;
using Netpact.Model;

namespace Netpact.Tests.Analysis;

/// <summary>
/// Re-analysis after one policy changes must give exactly what an analysis from scratch of the changed cluster
/// gives; the summary and single-pair queries must agree with the listed connections.
/// </summary>
public sealed class IncrementalMatchesScratchTests
{
    private enum Change { Replace, Add, Remove }

    /// <summary>A cluster, and a policy of a second random cluster to replace one of the first's with, or to add.</summary>
    private static Gen<(Cluster Cluster, Change Change, int Index, NetworkPolicy? Policy)> Changes(Gen<Cluster> clusters) =>
        Gen.Select(clusters, RandomClusters.Clusters, Gen.Enum<Change>(), Gen.Int[0, 10], (cluster, other, change, index) =>
        {
            var policy = other.Policies.IsEmpty ? null : other.Policies[index % other.Policies.Length];
            if (change == Change.Replace && !cluster.Policies.IsEmpty && policy is not null)
            {
                var old = cluster.Policies[index % cluster.Policies.Length];
                policy = policy with { Namespace = old.Namespace, Name = old.Name };
            }
            else if (policy is not null)
            {
                policy = policy with { Name = "added" };
            }
            return (cluster, change, index, policy);
        });

    [Fact]
    public void Incremental_reanalysis_gives_what_analysis_from_scratch_gives() => IncrementalEqualsScratch(RandomClusters.Clusters);

    /// <summary>The Admin and Baseline tiers wrap every column: a NetworkPolicy change under them must still update exactly.</summary>
    [Fact]
    public void Incremental_reanalysis_under_admin_and_baseline_tiers_gives_what_analysis_from_scratch_gives() =>
        IncrementalEqualsScratch(RandomClusters.ClustersWithTiers);

    /// <summary>NetworkPolicy changes on clusters with Cilium policies (whose deny rules make every column hold every source).</summary>
    [Fact]
    public void Incremental_reanalysis_with_cilium_policies_gives_what_analysis_from_scratch_gives() =>
        IncrementalEqualsScratch(RandomClusters.ClustersWithEverything);

    [Fact]
    public void Changing_a_cluster_scoped_policy_gives_what_analysis_from_scratch_gives()
    {
        Gen.Select(RandomClusters.ClustersWithTiers, RandomClusters.AdminPolicies, Gen.Bool, Gen.Int[0, 10]).Sample(
            sample =>
            {
                var (cluster, others, remove, index) = sample;
                var pool = remove ? cluster.AdminPolicies : others;
                if (pool.IsEmpty) return;
                var policy = pool[index % pool.Length];
                var changed = ConnectivityEngine.Analyze(cluster).WithAdminPolicy(policy, remove);
                var expected = cluster.AdminPolicies.Where(p => p.Id != policy.Id).Concat(remove ? [] : [policy]).Select(p => p.Id).Order();

                Assert.Equal(expected, changed.Cluster.AdminPolicies.Select(p => p.Id).Order());
                Assert.Equal(Lines(ConnectivityEngine.Analyze(changed.Cluster)), Lines(changed));
            },
            iter: 200,
            print: s => $"{(s.Item3 ? "remove" : "add")} {s.Item4}\n{RandomClusters.ToYaml(s.Item1)}");
    }

    private static void IncrementalEqualsScratch(Gen<Cluster> clusters)
    {
        Changes(clusters).Sample(
            sample =>
            {
                var (cluster, change, index, policy) = sample;
                var before = ConnectivityEngine.Analyze(cluster);
                Connectivity incremental;
                if (change == Change.Remove || policy is null)
                {
                    if (cluster.Policies.IsEmpty) return;
                    var removed = cluster.Policies[index % cluster.Policies.Length];
                    incremental = before.WithoutPolicy(removed.Namespace, removed.Name);
                }
                else
                {
                    incremental = before.WithPolicy(policy);
                }
                var scratch = ConnectivityEngine.Analyze(incremental.Cluster);

                Assert.Equal(Lines(scratch), Lines(incremental));
                Assert.Equal(scratch.ExternalRanges, incremental.ExternalRanges);
                // After a policy goes, identities may stay finer than a fresh fold would make them: same answers, more work.
                Assert.Equal(scratch.Summary with { Identities = incremental.Summary.Identities }, incremental.Summary);
                Assert.Equal(Lines(ConnectivityEngine.Analyze(cluster)), Lines(before));
            },
            iter: 1000,
            print: s => $"{s.Change} {s.Index} {s.Policy?.Id}\n{RandomClusters.ToYaml(s.Cluster)}");
    }

    [Fact]
    public void Summary_and_single_queries_agree_with_the_listed_connections() => SummaryAgrees(RandomClusters.Clusters);

    [Fact]
    public void Summary_and_single_queries_agree_with_the_listed_connections_under_admin_and_baseline_tiers() =>
        SummaryAgrees(RandomClusters.ClustersWithTiers);

    [Fact]
    public void Summary_and_single_queries_agree_with_the_listed_connections_with_cilium_policies() =>
        SummaryAgrees(RandomClusters.ClustersWithEverything);

    private static void SummaryAgrees(Gen<Cluster> clusters)
    {
        clusters.Sample(
            cluster =>
            {
                var connectivity = ConnectivityEngine.Analyze(cluster);
                var connections = connectivity.Connections;
                var summary = connectivity.Summary;
                var betweenWorkloads = connections.Where(c => !c.Source.IsExternal && !c.Destination.IsExternal).ToList();

                Assert.Equal(betweenWorkloads.Count, summary.AllowedPairs);
                Assert.Equal(betweenWorkloads.Count(c => c.Allowed.IsAll), summary.OpenPairs);
                Assert.Equal(connections.Count(c => c.Source.IsExternal), summary.FromExternalPairs);
                Assert.Equal(connections.Count(c => c.Destination.IsExternal), summary.ToExternalPairs);
                var reached = connections.Select(c => c.Destination.Workload).OfType<Workload>().ToHashSet();
                Assert.Equal(cluster.Workloads.Count(w => !reached.Contains(w)), summary.Unreachable);
                Assert.Equal(cluster.Workloads.Length, summary.Workloads);

                var listed = connections.ToDictionary(c => (c.Source.ToString(), c.Destination.ToString()), c => c.Allowed);
                var endpoints = cluster.Workloads.Select(Endpoint.Of).ToList();
                foreach (var s in endpoints)
                {
                    foreach (var d in endpoints.Where(d => d != s))
                    {
                        var expected = listed.GetValueOrDefault((s.ToString(), d.ToString()), ConnectionSet.Empty);
                        Assert.Equal(expected, connectivity.Allowed(s, d));
                    }
                }
            },
            iter: 1000,
            print: RandomClusters.ToYaml);
    }

    private static List<string> Lines(Connectivity c) => [.. c.Connections.Select(x => $"{x.Source} => {x.Destination} : {x.Allowed}")];
}
