using Netpact.Audit.Tests.Lab;

namespace Netpact.Audit.Tests.Endpoints;

/// <summary>Connect scans of named hosts only, compared with the allowed ports.</summary>
public sealed class PortScanTests(AuditLab lab)
{
    [Fact]
    public void Open_ports_outside_the_allowed_list_are_findings()
    {
        var ports = $"{lab.StrongHttps},{lab.StrongHttp},{lab.Refused}";
        var run = AuditLab.Audit("--ports", $"{AuditLab.StrongAddress}:{ports}", "--allow", $"{AuditLab.StrongAddress}:{lab.StrongHttps}", "--format", "json");

        var audit = new AuditJsonView(run.Stdout);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("OK", audit.One($"port_{lab.StrongHttps}").Severity);
        Assert.Equal("HIGH", audit.One($"port_{lab.StrongHttp}").Severity);
        Assert.DoesNotContain(audit.Findings, f => f.Id == $"port_{lab.Refused}");
        Assert.Contains("3 ports scanned", audit.One("port_scan").Text, StringComparison.Ordinal);
        Assert.Contains("2 open, 1 closed", audit.One("port_scan").Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_allowed_ports_open_exits_0()
    {
        var run = AuditLab.Audit("--ports", $"{AuditLab.StrongAddress}:{lab.StrongHttps}", "--allow", $"{AuditLab.StrongAddress}:{lab.StrongHttps}");

        Assert.Equal(0, run.ExitCode);
    }

    [Theory]
    [InlineData("127.0.0.0/24:80")]
    [InlineData("127.0.0.1-9:80")]
    [InlineData("127.0.0.*:80")]
    public void A_range_of_hosts_is_refused(string spec)
    {
        var run = AuditLab.Audit("--ports", spec);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("range of hosts", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public void Ports_not_reached_within_the_budget_count_as_filtered()
    {
        // The budget is spent before most ports are reached: they are reported filtered, and the scan says so.
        var run = AuditLab.Audit("--ports", $"{AuditLab.HostileAddress}:1-65535", "--port-concurrency", "1", "--port-budget", "0.2", "--format", "json");

        var scan = new AuditJsonView(run.Stdout).One("port_scan");
        Assert.Equal("LOW", scan.Severity);
        Assert.Contains("time budget exhausted", scan.Text, StringComparison.Ordinal);
    }
}
