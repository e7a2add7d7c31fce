using Netpact.Diff;
using Netpact.Kubernetes;
using Netpact.Model;

namespace Netpact.Tests.Diff;

/// <summary>The semantic diff where it goes beyond the oracle: IPv6 ranges listed on one side only, workloads added and removed.</summary>
public sealed class SemanticDiffTests
{
    private const string Workloads = """
        apiVersion: v1
        kind: Pod
        metadata: {name: w, namespace: ns, labels: {app: w}}
        spec: {containers: [{name: c, image: i}]}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: x, namespace: ns, labels: {app: x}}
        spec: {containers: [{name: c, image: i}]}
        """;

    private const string XFromDocumentationRange = """

        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: x, namespace: ns}
        spec:
          podSelector: {matchLabels: {app: x}}
          policyTypes: [Ingress]
          ingress:
            - from: [{ipBlock: {cidr: "2001:db8::/32"}}]
        """;

    private static Cluster Read(string yaml)
    {
        var read = ManifestReader.ReadText(yaml, "test.yaml");
        Assert.False(read.HasErrors, string.Join("\n", read.Diagnostics));
        return read.Cluster;
    }

    [Fact]
    public void An_IPv6_block_on_one_side_does_not_show_unchanged_IPv6_access_as_added()
    {
        // Old has no IPv6 ipBlock, so its list names no IPv6 range; w is unrestricted on both sides.
        var diff = SemanticDiff.Compare(Read(Workloads), Read(Workloads + XFromDocumentationRange));

        // Nothing changes between w and the outside; only x is isolated now (so w loses x too).
        Assert.DoesNotContain(diff.Differences, e => (e.Source.IsExternal || e.Destination.IsExternal)
                                                     && (e.Destination.Workload?.Name == "w" || e.Source.Workload?.Name == "w"));
        var lines = diff.Differences.Where(e => e.Source.IsExternal).Select(e => $"{e.Type} {e.Source} => {e.Destination}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
        [
            "Removed 0.0.0.0-255.255.255.255[External] => ns/x[Pod]",
            "Removed 2001:db9::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External] => ns/x[Pod]",
            "Removed ::-2001:db7:ffff:ffff:ffff:ffff:ffff:ffff[External] => ns/x[Pod]",
        ], lines);
    }

    [Fact]
    public void Workloads_only_on_one_side_are_listed_and_mark_their_connections()
    {
        var old = Read(Workloads);
        var @new = Read(Workloads.Replace("name: x,", "name: y,", StringComparison.Ordinal));

        var diff = SemanticDiff.Compare(old, @new);

        Assert.Equal(["ns/y[Pod]"], diff.AddedWorkloads.Select(w => w.Id));
        Assert.Equal(["ns/x[Pod]"], diff.RemovedWorkloads.Select(w => w.Id));
        var added = Assert.Single(diff.Differences, e => e.Type == DiffType.Added && e.Source.Workload?.Name == "w" && !e.Destination.IsExternal);
        Assert.True(added.DestinationIsNewOrLost);
        Assert.False(added.SourceIsNewOrLost);
        Assert.True(added.Opens);
        Assert.All(diff.Differences.Where(e => e.Type == DiffType.Removed), e => Assert.False(e.Opens));
    }
}
