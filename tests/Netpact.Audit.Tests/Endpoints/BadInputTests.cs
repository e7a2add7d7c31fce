using Netpact.Audit.Tests.Lab;

namespace Netpact.Audit.Tests.Endpoints;

/// <summary>Bad input: one clear sentence on stderr, exit 2, never a stack trace, nothing contacted.</summary>
public sealed class BadInputTests
{
    [Theory]
    [InlineData("no targets at all", "nothing to audit")]
    [InlineData("--tls|example", "not host:port")]
    [InlineData("--tls|127.0.0.1:99999", "not a port between 1 and 65535")]
    [InlineData("--http|ftp://example/", "not an http:// or https:// URL")]
    [InlineData("--ports|127.0.0.1:70000", "not a port or a range of ports")]
    [InlineData("--ports|127.0.0.1:90-80", "ends before it starts")]
    [InlineData("--resolve|weak.test:443|--tls|127.0.0.1:1", "not name:port:address")]
    [InlineData("--resolve|weak.test:443:not-an-ip|--tls|127.0.0.1:1", "not an IP address")]
    [InlineData("--profile|ancient|--tls|127.0.0.1:1", "unknown profile 'ancient'")]
    [InlineData("--ca|/nonexistent/ca.pem|--tls|127.0.0.1:1", "cannot read the CA file")]
    [InlineData("--timeout|0|--tls|127.0.0.1:1", "--timeout must be")]
    public void Is_a_clear_error_with_exit_code_2(string args, string message)
    {
        var run = AuditLab.Audit(args == "no targets at all" ? [] : args.Split('|'));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public void An_audit_file_error_names_file_line_and_column()
    {
        var file = Path.Combine(Path.GetTempPath(), $"netpact-bad-audit-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, "apiVersion: netpact/v1\nkind: Audit\nendpoints:\n  - tls: nohostport\n    profile: ancient\n");
        try
        {
            var run = AuditLab.Audit(file);

            Assert.Equal(2, run.ExitCode);
            Assert.Contains($"{file}:4:10: error: TLS target 'nohostport' is not host:port", run.Stderr, StringComparison.Ordinal);
            Assert.Contains($"{file}:5:14: error: unknown profile 'ancient'", run.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_missing_audit_file_is_a_clear_error()
    {
        var run = AuditLab.Audit("/nonexistent/audit.yaml");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("cannot read the audit file", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void An_audit_file_nested_100000_levels_deep_is_exit_2_not_a_stack_overflow()
    {
        var file = Path.Combine(Path.GetTempPath(), $"netpact-deep-audit-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, "apiVersion: netpact/v1\nkind: Audit\nendpoints: " + new string('[', 100_000) + new string(']', 100_000) + "\n");
        try
        {
            var run = AuditLab.Audit(file);

            Assert.Equal(2, run.ExitCode);
            Assert.Contains($"{file}:3:267: error: not valid YAML: the data nests more than 256 levels deep here", run.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
