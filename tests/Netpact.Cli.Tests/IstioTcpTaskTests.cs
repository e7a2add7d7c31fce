using Netpact.Tests;

namespace Netpact.Cli.Tests;

/// <summary>
/// istio.io's "Authorization for TCP traffic" task (tests/testdata/istio-tcp): each step's outcome as the task states it,
/// from sleep to tcp-echo. The Service names ports 9000 and 9001 tcp, so Istio applies TCP semantics there: an ALLOW
/// rule with HTTP-only fields matches nothing, a DENY rule with them denies what the rest of it matches.
/// </summary>
public sealed class IstioTcpTaskTests
{
    private static string Data(string file) => Path.Combine(TestPaths.TestData, "istio-tcp", file);

    /// <summary>explain's verdict for sleep calling tcp-echo on one TCP port: ALLOWED or DENIED.</summary>
    private static string Verdict(string policy, int port, string workloads = "workloads.yaml")
    {
        var r = CliRunner.Run("explain", Data(workloads), Data(policy), "--src", "foo/sleep", "--dst", "foo/tcp-echo", "--port", $"{port}/TCP");
        var verdict = r.Stdout[..r.Stdout.IndexOf(':', StringComparison.Ordinal)];
        // explain exits 0 on ALLOWED and 1 on DENIED, as kubectl auth can-i does.
        Assert.Equal(verdict == "ALLOWED" ? 0 : 1, r.ExitCode);
        return verdict;
    }

    [Fact]
    public void Allowing_ports_9000_and_9001_rejects_the_undeclared_9002()
    {
        Assert.Equal("ALLOWED", Verdict("allow-ports.yaml", 9000));
        Assert.Equal("ALLOWED", Verdict("allow-ports.yaml", 9001));
        Assert.Equal("DENIED", Verdict("allow-ports.yaml", 9002));
    }

    [Fact]
    public void An_allow_rule_with_an_http_only_field_on_a_tcp_port_matches_nothing()
    {
        Assert.Equal("DENIED", Verdict("allow-methods.yaml", 9000));
        Assert.Equal("DENIED", Verdict("allow-methods.yaml", 9001));
    }

    [Fact]
    public void A_deny_rule_with_an_http_only_field_on_a_tcp_port_denies_the_port()
    {
        Assert.Equal("DENIED", Verdict("deny-methods.yaml", 9000));
        Assert.Equal("ALLOWED", Verdict("deny-methods.yaml", 9001));
        var r = CliRunner.Run("explain", Data("workloads.yaml"), Data("deny-methods.yaml"), "--src", "foo/sleep", "--dst", "foo/tcp-echo", "--port", "9000/TCP");
        Assert.Contains("AuthorizationPolicy foo/tcp-policy rule 1 (", r.Stdout, StringComparison.Ordinal);
        Assert.Contains(") denies TCP 9000\n", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_service_the_port_may_carry_http_and_the_methods_rule_counts_it_open_as_an_approximation()
    {
        var dir = Directory.CreateTempSubdirectory("netpact-istio-tcp-").FullName;
        try
        {
            // The same workloads without the Service: nothing declares 9000 TCP, so Istio sniffs it and a GET may pass.
            var text = File.ReadAllText(Data("workloads.yaml"));
            var start = text.IndexOf("apiVersion: v1\nkind: Service", StringComparison.Ordinal);
            var end = text.IndexOf("---", start, StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(dir, "workloads.yaml"), text[..start] + text[(end + 4)..]);
            var r = CliRunner.Run("explain", Path.Combine(dir, "workloads.yaml"), Data("allow-methods.yaml"), "--src", "foo/sleep", "--dst", "foo/tcp-echo", "--port", "9000/TCP");

            Assert.StartsWith("ALLOWED", r.Stdout, StringComparison.Ordinal);
            Assert.Contains("approximation: AuthorizationPolicy foo/tcp-policy rule 1", r.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
