using Netpact.Tests;

namespace Netpact.Cli.Tests;

/// <summary>The cilium target and Cilium policies on the command line: compile, verify proves it, explain names the Cilium rules.</summary>
public sealed class CiliumTargetCliTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("netpact-cilium-cli-");

    private static readonly string Intent = Path.Combine(TestPaths.Examples, "noa-server", "intent.yaml");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Compile_to_cilium_then_verify_proves_the_noa_server()
    {
        var compile = CliRunner.Run("compile", Intent, "--target", "cilium", "-o", _dir.FullName);
        var verify = CliRunner.Run("verify", Intent, _dir.FullName);

        Assert.Equal(0, compile.ExitCode);
        Assert.Contains("kind: CiliumNetworkPolicy\n", File.ReadAllText(Path.Combine(_dir.FullName, "cilium", "policies", "databases", "postgresql-ingress.yaml")), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir.FullName, "k8s")));
        Assert.Equal(0, verify.ExitCode);
        Assert.Contains("proven", verify.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("not modelled", verify.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_all_writes_one_compiler_per_layer_and_no_cilium_policies()
    {
        var compile = CliRunner.Run("compile", Intent, "--target", "all", "-o", _dir.FullName);

        Assert.Equal(0, compile.ExitCode);
        Assert.False(Directory.Exists(Path.Combine(_dir.FullName, "cilium")));
    }

    [Fact]
    public void Explain_blocks_by_the_cilium_deny_rule_at_its_line()
    {
        var file = Path.Combine(TestPaths.TestData, "cilium-docs", "with-networkpolicy.yaml");

        var r = CliRunner.Run("explain", file, "--src", "default/client", "--dst", "default/server", "--port", "22");

        // explain exits 1 on DENIED, as kubectl auth can-i does on "no".
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("DENIED: default/client[Pod] => default/server[Pod] on TCP 22", r.Stdout, StringComparison.Ordinal);
        Assert.Contains($"CiliumNetworkPolicy/default/cilium-side ingressDeny rule 1 ({file}:61:5): denies TCP 22", r.Stdout, StringComparison.Ordinal);
    }
}
