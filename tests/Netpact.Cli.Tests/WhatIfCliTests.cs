using Netpact.Tests;

namespace Netpact.Cli.Tests;

/// <summary>analyze --without: what a policy, a file or a whole layer really guards, shown as what would change.</summary>
public sealed class WhatIfCliTests
{
    private static string Bookinfo(string file) => Path.Combine(TestPaths.TestData, "istio-bookinfo", file);

    private static string Noa(string part) => Path.Combine(TestPaths.Examples, "noa-server", "manifests", part);

    [Fact]
    public void Without_one_authorization_policy_only_the_calls_it_admitted_lose_tcp()
    {
        var r = CliRunner.Run("analyze", Bookinfo("bookinfo.yaml"), Bookinfo("namespaces.yaml"), Bookinfo("authz-http.yaml"),
            "--without", "AuthorizationPolicy/default/ratings-viewer");

        Assert.Equal(0, r.ExitCode);
        var changes = r.Stdout.Split('\n').Where(l => l.StartsWith("diff-type:", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, changes.Count);
        Assert.All(changes, l => Assert.Contains("destination: default/ratings-v1[Deployment], with: All Connections, without: SCTP 1-65535,UDP 1-65535", l, StringComparison.Ordinal));
        Assert.Contains("netpact: without AuthorizationPolicy/default/ratings-viewer: 3 connections change", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_istio_layer_the_allow_nothing_policy_no_longer_holds()
    {
        var r = CliRunner.Run("analyze", Bookinfo("bookinfo.yaml"), Bookinfo("namespaces.yaml"), Bookinfo("authz-http.yaml"), "--without", "istio");

        Assert.Contains("diff-type: changed, source: default/details-v1[Deployment], destination: default/ratings-v1[Deployment], with: SCTP 1-65535,UDP 1-65535, without: All Connections", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_network_policies_the_internet_reaches_the_databases()
    {
        var r = CliRunner.Run("analyze", Noa(""), "--without", "k8s");

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("diff-type: added, source: 0.0.0.0-255.255.255.255[External], destination: databases/postgresql[StatefulSet], with: No Connections, without: All Connections", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_policy_whose_flow_another_side_already_stops_changes_nothing()
    {
        // The seed's postgresql-policy admits noa-server, but noa-server's egress (default deny, no rule to the
        // databases) stops that flow anyway (verify reports it missing): taking the policy away changes nothing.
        var r = CliRunner.Run("analyze", Noa(""), "--without", Noa(Path.Combine("network-policies", "databases", "postgresql-policy.yaml")));

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("NetworkPolicy/databases/postgresql-policy: 0 connections change", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("diff-type:", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_that_matches_no_policy_is_an_error()
    {
        var r = CliRunner.Run("analyze", Noa(""), "--without", "NetworkPolicy/nosuch/policy");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--without names no policy of the inputs", r.Stderr, StringComparison.Ordinal);
    }
}
