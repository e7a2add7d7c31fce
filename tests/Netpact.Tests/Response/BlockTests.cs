using Netpact.Analysis;
using Netpact.Intents;
using Netpact.Kubernetes;
using Netpact.Model;
using Netpact.Response;

namespace Netpact.Tests.Response;

/// <summary>
/// `block`: the admin tier's egress Deny and the nftables drop stop the ranges and only them, proven by reading them
/// back; what the APIs cannot deny (ingress at the Kubernetes layer, security groups) is named.
/// </summary>
public sealed class BlockTests
{
    private static readonly Cidr Documentation = Cidr.TryParse("203.0.113.0/24", out _, out _)!;

    private static BlockRequest Request(params Cidr[] networks) => new()
    {
        Networks = [.. networks],
        Reason = "test: scanner",
        Created = new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero),
    };

    private static LayerProof Proof(QuarantineResult result, string layer) => result.Proofs.Single(p => p.Layer == layer);

    [Fact]
    public void Admin_tier_denies_egress_to_the_range_and_nothing_else()
    {
        var input = QuarantineTests.Read("shop");

        var result = Block.Stop(input, Request(Documentation));

        var egress = Proof(result, "k8s egress");
        Assert.Contains(egress.Before, f => f.Source == "shop/db[StatefulSet]");
        Assert.Empty(egress.After);
        var after = ConnectivityEngine.Analyze(QuarantineInput.Combine(input.Cluster, QuarantineInput.ReadCompiled(result.Files.Where(f => f.Path.StartsWith("k8s/", StringComparison.Ordinal)))));
        var db = after.Workloads.Single(w => w.Name == "db");
        var google = new IpRange(false, 0x08080808u, 0x08080808u);
        Assert.False(after.Allowed(Endpoint.Of(db), Endpoint.Of(google)).IsEmpty);
        Assert.True(after.Allowed(Endpoint.Of(db), Endpoint.Of(new IpRange(false, Documentation.First, Documentation.Last))).IsEmpty);
        Assert.True(result.Holds);
    }

    [Fact]
    public void Ingress_from_the_range_is_named_as_not_blockable_on_kubernetes()
    {
        var result = Block.Stop(QuarantineTests.Read("shop"), Request(Documentation));

        var ingress = Proof(result, "k8s ingress");
        Assert.False(ingress.Decides);
        Assert.NotEmpty(ingress.After);
        Assert.Contains(result.Uncovered, u => u.StartsWith("k8s ingress:", StringComparison.Ordinal) && u.Contains("no networks", StringComparison.Ordinal));
    }

    [Fact]
    public void Noa_server_block_is_proven_on_nftables_aws_and_istio()
    {
        var intent = IntentReader.ReadFile(Path.Combine(TestPaths.Examples, "noa-server", "intent.yaml")).Intent!;

        var result = Block.Stop(QuarantineInput.FromIntent(intent), Request(Documentation));

        var nft = Proof(result, "nftables");
        Assert.Equal("0.0.0.0-255.255.255.255[External] => ingress-nginx-controller : TCP 443", Assert.Single(nft.Before).ToString());
        Assert.Empty(nft.After);
        Assert.Equal(intent.Workloads.Length, result.Files.Count(f => f.Path.StartsWith("nftables/", StringComparison.Ordinal)));
        var aws = Proof(result, "aws");
        Assert.Equal("0.0.0.0-255.255.255.255[External] => ingress-nginx-controller : TCP 443", Assert.Single(aws.Before).ToString());
        Assert.Empty(aws.After);
        var istio = Proof(result, "istio");
        Assert.Equal("203.0.113.0-203.0.113.255[External] => ingress-nginx-controller : TCP 443", Assert.Single(istio.Before).ToString());
        Assert.Empty(istio.After);
        Assert.DoesNotContain(result.Uncovered, u => u.StartsWith("aws:", StringComparison.Ordinal));
        Assert.Contains(result.Uncovered, u => u.StartsWith("istio outbound:", StringComparison.Ordinal));
        Assert.True(result.Holds);
    }

    [Fact]
    public void Written_files_carry_reason_and_time_and_read_back()
    {
        var intent = IntentReader.ReadFile(Path.Combine(TestPaths.Examples, "noa-server", "intent.yaml")).Intent!;

        var result = Block.Stop(QuarantineInput.FromIntent(intent), Request(Documentation));

        Assert.All(result.Files, f =>
        {
            Assert.Contains("netpact.io/block-reason: ", f.Content, StringComparison.Ordinal);
            Assert.Contains("netpact.io/block-created: ", f.Content, StringComparison.Ordinal);
        });
        var anp = ManifestReader.ReadText(result.Files[0].Content, result.Files[0].Path).Cluster.AdminPolicies.Single();
        Assert.Equal(0, anp.Priority);
        Assert.Equal("203.0.113.0/24", anp.Egress.Single().Peers.Single().Networks.Single().ToString());
        var istio = result.Files.Single(f => f.Path.StartsWith("istio/", StringComparison.Ordinal));
        Assert.Contains("remoteIpBlocks:", istio.Content, StringComparison.Ordinal);
        Assert.Contains(result.Files, f => f.Path == "aws/network-acl-block.tf");
        Assert.Empty(Istio.IstioReader.Read([(istio.Path, istio.Content)]).Diagnostics.Where(d => d.Severity == Severity.Error));
    }
}
