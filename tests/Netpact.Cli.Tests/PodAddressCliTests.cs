using Netpact.Tests;

namespace Netpact.Cli.Tests;

/// <summary>
/// Pods with known addresses, as the Kubernetes e2e suite has it: an ipBlock holding a pod's address admits the pod,
/// explain names that rule, and a pod's address given to explain stands for the pod.
/// </summary>
public sealed class PodAddressCliTests
{
    private static string Input => Path.Combine(TestPaths.TestData, "analyze", "ipblock-holds-pods", "input.yaml");

    [Fact]
    public void Explain_names_the_ipBlock_rule_that_admits_a_pod()
    {
        var result = CliRunner.Run("explain", Input, "--src", "x/a", "--dst", "y/b", "--port", "8080/TCP");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("ALLOWED: x/a[Pod] => y/b[Pod] on TCP 8080", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("x/egress egress rule 1 (", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("peer ipBlock 0.0.0.0/0 except 169.254.169.254/32 at ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("y/deny ingress rule 1 (", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("peer ipBlock 10.244.1.0/24 at ", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pods_address_given_to_explain_is_the_pod()
    {
        var byAddress = CliRunner.Run("explain", Input, "--src", "x/a", "--dst", "10.244.2.11", "--port", "80/TCP");
        var byName = CliRunner.Run("explain", Input, "--src", "x/a", "--dst", "y/b", "--port", "80/TCP");

        Assert.Equal(byName.Stdout, byAddress.Stdout);
        Assert.StartsWith("DENIED: x/a[Pod] => y/b[Pod] on TCP 80", byAddress.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Under_strict_ipBlocks_match_no_pod_and_a_named_port_towards_one_is_an_error()
    {
        var result = CliRunner.Run("analyze", Input, "--strict");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("input.yaml:30:13: error: named port 'http' cannot be used in an egress rule to an ipBlock", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Exposure_says_when_an_ipBlock_may_hold_pods_whose_addresses_the_input_does_not_give()
    {
        var dir = Directory.CreateTempSubdirectory("netpact-exposure-");
        try
        {
            var text = File.ReadAllText(Input).Replace("status: {podIP: 10.244.1.10}", "", StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(dir.FullName, "input.yaml"), text);

            var withoutAddress = CliRunner.Run("analyze", dir.FullName, "--exposure");
            var withAddresses = CliRunner.Run("analyze", Input, "--exposure");

            Assert.Equal(0, withoutAddress.ExitCode);
            Assert.Contains("warning: ipBlock 10.244.1.0/24 of policy y/deny may also hold pod addresses: 1 workload(s)", withoutAddress.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("may also hold pod addresses", withAddresses.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
