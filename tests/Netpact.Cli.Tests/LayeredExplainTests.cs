using Netpact.Tests;

namespace Netpact.Cli.Tests;

/// <summary>explain walks every layer of its input: NetworkPolicy and Istio together, or a Compose or security-group deployment.</summary>
public sealed class LayeredExplainTests
{
    private static string Bookinfo(string file) => Path.Combine(TestPaths.TestData, "istio-bookinfo", file);

    private static string Compose => Path.Combine(TestPaths.TestData, "layers", "compose-database-beside-published-service", "docker-compose.yml");

    [Fact]
    public void A_caller_outside_the_mesh_is_denied_by_istio_under_strict_mtls_and_explain_says_so()
    {
        var r = CliRunner.Run("explain", Bookinfo("bookinfo.yaml"), Bookinfo("namespaces.yaml"), Bookinfo("authz-http.yaml"), Bookinfo("strict-mtls.yaml"),
            "--src", "legacy/sleep", "--dst", "default/productpage-v1", "--port", "9080");

        Assert.StartsWith("DENIED: legacy/sleep[Deployment] => default/productpage-v1[Deployment] on TCP 9080\nblocked by: Istio at default/productpage-v1[Deployment]\n", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("  the source runs no sidecar: it calls in plaintext, with no principal or namespace\n", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("  PeerAuthentication STRICT on default/productpage-v1[Deployment]: Istio refuses plaintext on every port\n", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_call_the_viewer_policy_admits_is_allowed_with_its_rule_and_the_approximation_named()
    {
        var r = CliRunner.Run("explain", Bookinfo("bookinfo.yaml"), Bookinfo("namespaces.yaml"), Bookinfo("authz-http.yaml"),
            "--src", "default/productpage-v1", "--dst", "default/details-v1", "--port", "9080");

        Assert.StartsWith("ALLOWED: default/productpage-v1[Deployment] => default/details-v1[Deployment] on TCP 9080\n", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("  AuthorizationPolicy default/details-viewer rule 1 (", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("  approximation: AuthorizationPolicy default/details-viewer rule 1", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_explains_which_network_lets_a_service_reach_another()
    {
        var r = CliRunner.Run("explain", Compose, "--src", "ingress-nginx-controller", "--dst", "postgresql", "--port", "5432");

        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith("ALLOWED: ingress-nginx-controller => postgresql on TCP 5432\n", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("Compose network 'public' (", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_denies_an_outside_address_a_port_nothing_publishes()
    {
        var r = CliRunner.Run("explain", Compose, "--src", "203.0.113.9", "--dst", "postgresql");

        Assert.StartsWith("DENIED: 203.0.113.9 => postgresql\n", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_service_is_an_error_naming_those_that_exist()
    {
        var r = CliRunner.Run("explain", Compose, "--src", "nosuch", "--dst", "redis");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("they name: ingress-nginx-controller, mongodb, postgresql, redis", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_security_group_explains_its_rule()
    {
        var r = CliRunner.Run("explain", Path.Combine(TestPaths.TestData, "security-group-shapes", "group.json"), "--src", "default", "--dst", "default", "--port", "443");

        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith("ALLOWED: default => default on TCP 443\n\naws (", r.Stdout, StringComparison.Ordinal);
    }
}
