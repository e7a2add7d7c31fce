using System.Collections.Immutable;
using Netpact.Intents;
using Netpact.Model;
using Netpact.Response;

namespace Netpact.Tests.Response;

/// <summary>
/// Quarantine on Istio and nftables for an intent's compiled layers: the files written, read back with verify's layer
/// readers together with the compiled ones, leave the target no flow but the permitted ones.
/// </summary>
public sealed class LayerQuarantineTests
{
    private static Intent NoaServer => IntentReader.ReadFile(Path.Combine(TestPaths.Examples, "noa-server", "intent.yaml")).Intent!;

    private static LayerProof Proof(QuarantineResult result, string layer) => result.Proofs.Single(p => p.Layer == layer);

    private static QuarantineResult Isolate(string target, bool dns = false, params string[] allow) =>
        Quarantine.Isolate(QuarantineInput.FromIntent(NoaServer), QuarantineTests.Request(target, allow) with { Dns = dns });

    [Fact]
    public void Istio_deny_leaves_postgresql_only_the_forensic_source()
    {
        var result = Isolate("databases/postgresql", allow: "monitoring/prometheus");

        var istio = Proof(result, "istio");
        Assert.Contains(istio.Before, f => f.ToString() == "noa-server => postgresql : TCP 5432");
        var after = Assert.Single(istio.After);
        Assert.Equal("prometheus => postgresql : TCP 1-65535", after.ToString());
        Assert.Equal("forensic source monitoring/prometheus", after.Permitted);
        Assert.True(istio.Holds);
    }

    [Fact]
    public void Istio_mesh_wide_deny_stops_the_target_calling_out()
    {
        var result = Isolate("noa-server/noa-server");

        var istio = Proof(result, "istio");
        Assert.Contains(istio.Before, f => f.Source == "noa-server" && f.Destination == "postgresql");
        Assert.Empty(istio.After);
        var outbound = result.Files.Single(f => f.Path == "istio/istio-system/netpact-quarantine-noa-server-noa-server-outbound.yaml");
        Assert.Contains("- cluster.local/ns/noa-server/sa/noa-server", outbound.Content, StringComparison.Ordinal);
    }

    [Fact]
    public void Nftables_replacement_drops_everything_but_dns_when_asked()
    {
        var without = Isolate("databases/postgresql");
        var with = Isolate("databases/postgresql", dns: true);

        Assert.Contains(Proof(without, "nftables").Before, f => f.ToString() == "noa-server => postgresql : TCP 5432");
        Assert.Empty(Proof(without, "nftables").After);
        var dns = Assert.Single(Proof(with, "nftables").After);
        Assert.Equal("postgresql => coredns : TCP 53,UDP 53", dns.ToString());
        Assert.Equal("DNS", dns.Permitted);
    }

    [Fact]
    public void Zone_quarantine_covers_every_host_of_the_namespace()
    {
        var result = Isolate("databases");

        Assert.Equal(["mongodb.nft", "postgresql.nft", "redis.nft"],
            result.Files.Where(f => f.Path.StartsWith("nftables/", StringComparison.Ordinal)).Select(f => Path.GetFileName(f.Path)).Order(StringComparer.Ordinal));
        foreach (var layer in new[] { "k8s", "istio", "nftables" })
        {
            Assert.NotEmpty(Proof(result, layer).Before);
            Assert.Empty(Proof(result, layer).After);
        }
    }

    [Fact]
    public void Every_istio_nftables_and_compose_file_says_why_and_when()
    {
        var result = Isolate("databases/postgresql", allow: "monitoring/prometheus");

        var files = result.Files.Where(f => f.Path.Split('/')[0] is "istio" or "nftables" or "compose").ToList();
        Assert.Equal(5, files.Count);
        Assert.All(files, f =>
        {
            Assert.Contains("netpact.io/quarantine-reason: ", f.Content, StringComparison.Ordinal);
            Assert.Contains("netpact.io/quarantine-created: ", f.Content, StringComparison.Ordinal);
            Assert.Contains("test: suspected compromise", f.Content, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Every_compiled_layer_is_proven()
    {
        var result = Isolate("databases/postgresql");

        Assert.Empty(result.Uncovered);
        Assert.Equal(["k8s", "k8s (no admin tier)", "istio", "compose", "aws", "nftables"], result.Proofs.Select(p => p.Layer));
    }

    [Fact]
    public void Aws_moves_the_target_into_an_isolation_group_that_admits_nothing_and_the_swap_script_is_valid_shell()
    {
        var result = Isolate("databases/postgresql");

        var aws = Proof(result, "aws");
        Assert.Contains(aws.Before, f => f.ToString() == "noa-server => postgresql : TCP 5432");
        Assert.Empty(aws.After);
        var group = System.Text.Json.Nodes.JsonNode.Parse(result.Files.Single(f => f.Path == "aws/netpact-quarantine-databases-postgresql.json").Content)!["SecurityGroups"]![0]!;
        Assert.Empty(group["IpPermissions"]!.AsArray());
        Assert.Empty(group["IpPermissionsEgress"]!.AsArray());
        Assert.Contains("resource \"aws_security_group\" \"netpact_quarantine_databases_postgresql\"", result.Files.Single(f => f.Path.EndsWith(".tf", StringComparison.Ordinal)).Content, StringComparison.Ordinal);
        var script = result.Files.Single(f => f.Path == "aws/netpact-quarantine-databases-postgresql-swap.sh");
        Assert.Contains("aws ec2 modify-network-interface-attribute", script.Content, StringComparison.Ordinal);
        var path = Path.Combine(Path.GetTempPath(), $"netpact-swap-{Guid.NewGuid():N}.sh");
        File.WriteAllText(path, script.Content);
        try
        {
            using var sh = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sh", ["-n", path]) { RedirectStandardError = true })!;
            sh.WaitForExit(10_000);
            Assert.Equal(0, sh.ExitCode);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Compose_disconnection_leaves_postgresql_no_flow_and_the_script_is_valid_shell()
    {
        var result = Isolate("databases/postgresql");

        var compose = Proof(result, "compose");
        Assert.Contains(compose.Before, f => f.ToString() == "noa-server => postgresql : All Connections");
        Assert.Empty(compose.After);
        var script = result.Files.Single(f => f.Path == "compose/quarantine.sh");
        Assert.Contains("docker compose -p noa ps -q postgresql", script.Content, StringComparison.Ordinal);
        var path = Path.Combine(Path.GetTempPath(), $"netpact-quarantine-{Guid.NewGuid():N}.sh");
        File.WriteAllText(path, script.Content);
        try
        {
            using var sh = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sh", ["-n", path]) { RedirectStandardError = true })!;
            var errors = sh.StandardError.ReadToEnd();
            Assert.True(sh.WaitForExit(10_000));
            Assert.True(sh.ExitCode == 0, errors);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Layer_files_given_as_paths_without_an_intent_are_named_not_quarantined()
    {
        var shop = QuarantineTests.Read("shop");
        var istio = new TextFile("mesh/policy.yaml", "apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: x, namespace: shop}\nspec: {}\n");
        var input = shop with { OtherLayers = ImmutableDictionary<Layer, ImmutableArray<TextFile>>.Empty.Add(Layer.Istio, [istio]) };

        var result = Quarantine.Isolate(input, QuarantineTests.Request("shop/db"));

        Assert.Contains(result.Uncovered, u => u.StartsWith("istio:", StringComparison.Ordinal) && u.Contains("--intent", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Files, f => f.Path.StartsWith("istio/", StringComparison.Ordinal));
    }
}
