using Netpact.Analysis;
using Netpact.Kubernetes;

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
}
