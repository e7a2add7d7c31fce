using CsCheck;
using Netpact.Tests.Analysis;
using Netpact.Kubernetes;
using Netpact.Model;

namespace Netpact.Tests.Kubernetes;

public sealed class WorkloadGroupsTests
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
    public void Under_strict_a_selector_telling_pods_of_one_workload_apart_is_an_error_at_the_selector()
    {
        var read = ManifestReader.ReadText(TwoPodsOfOneReplicaSet.Replace("SELECTOR", "role: writer", StringComparison.Ordinal), "p.yaml", new ReadOptions { Strict = true });

        var d = Assert.Single(read.Diagnostics);
        Assert.Equal(Severity.Error, d.Severity);
        Assert.Equal("p.yaml:22:11", d.Span.ToString());
        Assert.Contains("matches pod a-2 but not pod a-1", d.Message, StringComparison.Ordinal);
        Assert.Contains("default/a-5d4f[ReplicaSet]", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_selector_telling_pods_of_one_workload_apart_splits_it_into_groups_with_a_warning()
    {
        var read = ManifestReader.ReadText(TwoPodsOfOneReplicaSet.Replace("SELECTOR", "role: writer", StringComparison.Ordinal), "p.yaml");

        var d = Assert.Single(read.Diagnostics);
        Assert.Equal(Severity.Warning, d.Severity);
        Assert.Contains("selector 'role=writer' of policy default/p matches pod a-2 but not pod a-1", d.Message, StringComparison.Ordinal);
        Assert.Equal(["default/a-5d4f~a-1[ReplicaSet]", "default/a-5d4f~a-2[ReplicaSet]"], read.Cluster.Workloads.Select(w => w.Id));
        Assert.Equal(["a-1", "a-2"], read.Cluster.Workloads.Select(w => Assert.Single(w.Pods).Name));
    }

    [Fact]
    public void An_ipBlock_holding_the_address_of_one_pod_of_a_workload_splits_it()
    {
        const string yaml = """
            apiVersion: v1
            kind: Pod
            metadata: {name: ds-abc, labels: {app: ds}, ownerReferences: [{kind: DaemonSet, name: ds, controller: true}]}
            status: {podIP: 10.0.0.5}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: ds-def, labels: {app: ds}, ownerReferences: [{kind: DaemonSet, name: ds, controller: true}]}
            status: {podIP: 10.0.1.5}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: ds-ghi, labels: {app: ds}, ownerReferences: [{kind: DaemonSet, name: ds, controller: true}]}
            status: {podIPs: [{ip: 10.0.0.9}]}
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: p}
            spec:
              podSelector: {}
              ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/24}}]}]
            """;

        var read = ManifestReader.ReadText(yaml, "p.yaml");

        var d = Assert.Single(read.Diagnostics);
        Assert.Contains("ipBlock 10.0.0.0/24 of policy default/p holds pod ds-abc but not pod ds-def", d.Message, StringComparison.Ordinal);
        Assert.Equal(["default/ds~abc[DaemonSet]", "default/ds~def[DaemonSet]"], read.Cluster.Workloads.Select(w => w.Id));
        Assert.Equal(["ds-abc", "ds-ghi"], read.Cluster.Workloads[0].Pods.Select(p => p.Name));
    }

    [Fact]
    public void A_pod_an_ipBlock_holds_and_one_without_a_known_address_are_told_apart()
    {
        const string yaml = """
            apiVersion: v1
            kind: Pod
            metadata: {name: a-1, labels: {app: a}, ownerReferences: [{kind: ReplicaSet, name: a, controller: true}]}
            status: {podIP: 10.0.0.5}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: a-2, labels: {app: a}, ownerReferences: [{kind: ReplicaSet, name: a, controller: true}]}
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: p}
            spec:
              podSelector: {}
              ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8}}]}]
            """;

        var read = ManifestReader.ReadText(yaml, "p.yaml");

        Assert.Contains("ipBlock 10.0.0.0/8 of policy default/p holds pod a-1 but not pod a-2", Assert.Single(read.Diagnostics).Message, StringComparison.Ordinal);
        Assert.Equal(["default/a~1[ReplicaSet]", "default/a~2[ReplicaSet]"], read.Cluster.Workloads.Select(w => w.Id));
    }

    [Fact]
    public void Pods_whose_addresses_every_ipBlock_treats_alike_stay_one_workload()
    {
        const string yaml = """
            apiVersion: v1
            kind: Pod
            metadata: {name: a-1, labels: {app: a}, ownerReferences: [{kind: ReplicaSet, name: a, controller: true}]}
            status: {podIP: 10.0.0.5}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: a-2, labels: {app: a}, ownerReferences: [{kind: ReplicaSet, name: a, controller: true}]}
            status: {podIP: 10.0.0.6}
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: p}
            spec:
              podSelector: {}
              ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/24}}]}]
            """;

        var read = ManifestReader.ReadText(yaml, "p.yaml");

        Assert.Empty(read.Diagnostics);
        Assert.Equal(2, Assert.Single(read.Cluster.Workloads).Pods.Length);
    }

    [Fact]
    public void Labels_that_differ_but_no_selector_uses_are_fine()
    {
        var read = ManifestReader.ReadText(TwoPodsOfOneReplicaSet.Replace("SELECTOR", "app: a", StringComparison.Ordinal), "p.yaml");

        Assert.Empty(read.Diagnostics);
        Assert.Equal(2, Assert.Single(read.Cluster.Workloads).Pods.Length);
    }

    [Fact]
    public void Splits_exactly_where_trying_every_selector_and_ipBlock_on_every_workload_tells_pods_apart_on_random_clusters()
    {
        RandomClusters.Clusters.Sample(
            cluster =>
            {
                var expected = EverySelectorAndIpBlockOnEveryWorkload(cluster);
                var diagnostics = new List<Diagnostic>();
                WorkloadGroups.Split(cluster, strict: true, diagnostics);
                Assert.Equal(expected.Count, diagnostics.Count);
                foreach (var (e, a) in expected.Zip(diagnostics))
                {
                    Assert.StartsWith(e, a.Message, StringComparison.Ordinal);
                }
                var split = WorkloadGroups.Split(cluster, strict: false, []);
                Assert.Equal(cluster.Workloads.Sum(w => w.Pods.Length), split.Workloads.Sum(w => w.Pods.Length));
                Assert.Equal(cluster.Workloads.Length, split.Workloads.Length - ExtraGroups(split));
                Assert.Equal(expected.Count, split.Workloads.Where(w => w.Name.Contains('~', StringComparison.Ordinal)).Select(w => (w.Namespace, w.Name[..w.Name.IndexOf('~')], w.Kind)).Distinct().Count());
            },
            iter: 1000,
            print: RandomClusters.ToYaml);
    }

    /// <summary>Groups beyond the first of each split workload.</summary>
    private static int ExtraGroups(Cluster split) =>
        split.Workloads.Where(w => w.Name.Contains('~', StringComparison.Ordinal)).GroupBy(w => (w.Namespace, w.Name[..w.Name.IndexOf('~')], w.Kind)).Sum(g => g.Count() - 1);

    /// <summary>
    /// The plain definition: each selector that applies in the workload's namespace, tried on all its pods (none matches a
    /// pod on the host network); when none tells them apart, each ipBlock, tried on all their addresses (a pod is held
    /// when any of its addresses is); then whether some pods are on the host network and others not.
    /// </summary>
    private static List<string> EverySelectorAndIpBlockOnEveryWorkload(Cluster cluster)
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
            string? reason = null;
            foreach (var (policy, selector) in selectors)
            {
                // Selectors never match pods on the host network.
                if (!TellsApart(workload, p => !p.HostNetwork && selector.Matches(p.Labels))) continue;
                reason = $"selector '{selector}' of policy {policy.Id} ";
                break;
            }
            var blocks = cluster.Policies.SelectMany(policy => policy.Ingress.Concat(policy.Egress).SelectMany(r => r.Peers ?? [])
                .Select(peer => peer.IpBlock).OfType<IpBlock>()
                .Select(block => (policy, block)));
            foreach (var (policy, block) in reason is null ? blocks : [])
            {
                if (!TellsApart(workload, p => p.Addresses.Any(a => block.Cidr.Contains(a) && !block.Except.Any(e => e.Contains(a))))) continue;
                reason = $"ipBlock {block} of policy {policy.Id} holds pod ";
                break;
            }
            if (reason is null && TellsApart(workload, p => p.HostNetwork)) reason = "pod ";
            if (reason is not null) found.Add(reason);
        }
        return found;

        static bool TellsApart(Workload workload, Func<Pod, bool> test)
        {
            var matching = workload.Pods.Count(test);
            return matching > 0 && matching < workload.Pods.Length;
        }
    }
}
