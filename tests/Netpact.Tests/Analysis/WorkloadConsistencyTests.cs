using CsCheck;
using Netpact.Analysis;
using Netpact.Kubernetes;
using Netpact.Model;

namespace Netpact.Tests.Analysis;

public sealed class WorkloadConsistencyTests
{
    private const string TwoPodsOfOneReplicaSet = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: a-1
          labels: {app: a, role: reader}
          ownerReferences: [{kind: ReplicaSet, name: a-5d4f, controller: true}]
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: a-2
          labels: {app: a, role: writer}
          ownerReferences: [{kind: ReplicaSet, name: a-5d4f, controller: true}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: p}
        spec:
          podSelector: {matchLabels: {app: a}}
          ingress:
            - from:
                - podSelector: {matchLabels: {SELECTOR}}

        """;

    [Fact]
    public void A_selector_telling_pods_of_one_workload_apart_is_an_error_at_the_selector()
    {
        var read = ManifestReader.ReadText(TwoPodsOfOneReplicaSet.Replace("SELECTOR", "role: writer", StringComparison.Ordinal), "p.yaml");

        var diagnostics = WorkloadConsistency.Check(read.Cluster);

        var d = Assert.Single(diagnostics);
        Assert.Equal("p.yaml:22:11", d.Span.ToString());
        Assert.Contains("matches pod a-2 but not pod a-1", d.Message, StringComparison.Ordinal);
        Assert.Contains("default/a-5d4f[ReplicaSet]", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Labels_that_differ_but_no_selector_uses_are_fine()
    {
        var read = ManifestReader.ReadText(TwoPodsOfOneReplicaSet.Replace("SELECTOR", "app: a", StringComparison.Ordinal), "p.yaml");

        Assert.Empty(WorkloadConsistency.Check(read.Cluster));
        Assert.Equal(2, Assert.Single(read.Cluster.Workloads).Pods.Length);
    }

    [Fact]
    public void Reports_what_trying_every_selector_on_every_workload_reports_on_random_clusters()
    {
        RandomClusters.Clusters.Sample(
            cluster =>
            {
                var expected = EverySelectorOnEveryWorkload(cluster);
                var actual = WorkloadConsistency.Check(cluster);
                Assert.Equal(expected.Count, actual.Count);
                foreach (var (e, a) in expected.Zip(actual))
                {
                    Assert.StartsWith(e, a.Message, StringComparison.Ordinal);
                }
            },
            iter: 1000,
            print: RandomClusters.ToYaml);
    }

    /// <summary>The plain definition: each selector that applies in the workload's namespace, tried on all its pods.</summary>
    private static List<string> EverySelectorOnEveryWorkload(Cluster cluster)
    {
        var found = new List<string>();
        foreach (var workload in cluster.Workloads.Where(w => w.Pods.Length > 1))
        {
            var ns = cluster.Namespace(workload.Namespace);
            var selectors = cluster.Policies.SelectMany(policy =>
                (policy.Namespace == ns.Name ? [(policy, policy.PodSelector)] : Array.Empty<(NetworkPolicy, LabelSelector)>())
                .Concat(policy.Ingress.Concat(policy.Egress).SelectMany(r => r.Peers ?? [])
                    .Where(peer => peer.PodSelector is not null
                                   && (peer.NamespaceSelector is { } nss ? nss.Matches(ns.Labels) : policy.Namespace == ns.Name))
                    .Select(peer => (policy, peer.PodSelector!))));
            foreach (var (policy, selector) in selectors)
            {
                var matching = workload.Pods.Count(p => selector.Matches(p.Labels));
                if (matching == 0 || matching == workload.Pods.Length) continue;
                found.Add($"selector '{selector}' of policy {policy.Id} ");
                break;
            }
        }
        return found;
    }
}
