using Netpact.Tests;

namespace Netpact.Cli.Tests;

/// <summary>analyze reads Compose files and security-group JSON too, and lists them like manifests.</summary>
public sealed class AnalyzeLayersTests
{
    private static string Layer(string name, string file) => Path.Combine(TestPaths.TestData, "layers", name, file);

    [Fact]
    public void A_compose_file_lists_shared_networks_both_ways_and_published_ports_from_outside()
    {
        var r = CliRunner.Run("analyze", Layer("compose-database-beside-published-service", "docker-compose.yml"));

        Assert.Equal(0, r.ExitCode);
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("ingress-nginx-controller => postgresql : All Connections", lines);
        Assert.Contains("postgresql => ingress-nginx-controller : All Connections", lines);
        Assert.Contains("0.0.0.0-255.255.255.255[External] => ingress-nginx-controller : TCP 443", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("0.0.0.0-255.255.255.255[External] => postgresql", StringComparison.Ordinal));
        Assert.Equal(lines.Order(StringComparer.Ordinal), lines);
    }

    [Fact]
    public void Security_group_json_lists_what_the_groups_allow()
    {
        var r = CliRunner.Run("analyze", Layer("aws-ssh-open-and-unrestricted-egress", "security-groups.json"), "--format", "csv");

        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith("src,dst,conn\n", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("0.0.0.0-255.255.255.255[External],ingress-nginx-controller,\"TCP 22,443\"", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Inputs_mixing_layers_are_refused_with_the_layers_named()
    {
        var r = CliRunner.Run("analyze", Layer("compose-database-beside-published-service", "docker-compose.yml"),
            Path.Combine(TestPaths.Examples, "noa-server", "manifests"));

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("several layers (compose, k8s)", r.Stderr, StringComparison.Ordinal);
    }
}
