using Netpact.Intents;
using Netpact.Kubernetes;
using Netpact.Verify;

namespace Netpact.Tests.Verify;

/// <summary>The seed's own policies against the seed's architecture: verify must name both contradictions.</summary>
public sealed class ManifestVerifierTests
{
    private static Verification VerifySeed()
    {
        var intent = IntentReader.ReadFile(Path.Combine(TestPaths.Examples, "noa-server", "intent.yaml"));
        Assert.False(intent.HasErrors, string.Join("\n", intent.Diagnostics));
        var manifests = ManifestReader.Read([Path.Combine(TestPaths.Examples, "noa-server", "manifests")]);
        Assert.False(manifests.HasErrors, string.Join("\n", manifests.Diagnostics));
        return ManifestVerifier.Verify(intent.Intent!, manifests.Cluster, "manifests");
    }

    [Fact]
    public void Default_deny_blocking_noa_server_from_postgresql_is_a_missing_flow_blamed_on_the_egress_policy()
    {
        var v = VerifySeed();

        var missing = Assert.Single(v.Missing, m => m.Source.Workload == "noa-server" && m.Destination.Workload == "postgresql");
        Assert.Equal("TCP 5432", missing.Connections.ToString());
        var blame = Assert.Single(missing.Reasons, r => r.StartsWith("blocked by", StringComparison.Ordinal));
        Assert.Contains("egress of noa-server/noa-server[Deployment]", blame, StringComparison.Ordinal);
        Assert.Contains("noa-server/default-deny-all (", blame, StringComparison.Ordinal);
        Assert.Contains("network-policies/base/noa-server.yaml:7:1", blame, StringComparison.Ordinal);
        Assert.DoesNotContain("ingress of", blame, StringComparison.Ordinal);
        Assert.False(v.Proven);
    }

    [Fact]
    public void Postgresql_policy_peer_admitting_the_whole_noa_server_namespace_is_an_over_permissive_rule_at_its_line()
    {
        var v = VerifySeed();

        var rule = Assert.Single(v.OverPermissive, o => o.Destination.Workload == "postgresql");
        Assert.Equal("noa-server/*", rule.Source.Workload);
        Assert.Equal("TCP 5432", rule.Connections.ToString());
        Assert.StartsWith("databases/postgresql-policy ingress rule 1 (", rule.Rule, StringComparison.Ordinal);
        Assert.Contains("postgresql-policy.yaml:17:7", rule.Rule, StringComparison.Ordinal);
        Assert.Contains("peer at ", rule.Rule, StringComparison.Ordinal);
        Assert.EndsWith("postgresql-policy.yaml:18:11", rule.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_the_seed_allows_is_reported_allowed_when_nothing_is_reachable()
    {
        var v = VerifySeed();

        Assert.Empty(v.Extra);
        Assert.Equal(0, v.Allowed);
        Assert.Contains(v.Missing, m => m.Source.IsExternal && m.Destination.Workload == "ingress-nginx-controller");
    }
}
