using Netpact.Audit.Tests.Lab;

namespace Netpact.Audit.Tests.Targets;

/// <summary>An audit file names endpoints, profiles, hosts and allowed ports; paths in it are relative to it.</summary>
public sealed class AuditFileTests(AuditLab lab)
{
    [Fact]
    public void The_strong_endpoint_and_its_host_pass_when_audited_from_a_file()
    {
        var file = Path.Combine(lab.Dir, "strong-audit.yaml");
        File.WriteAllText(file, $"""
            apiVersion: netpact/v1
            kind: Audit
            ca: ca.crt
            resolve:
              - strong.test:{lab.StrongHttps}:{AuditLab.StrongAddress}
              - strong.test:{lab.StrongHttp}:{AuditLab.StrongAddress}
            endpoints:
              - name: shop
                tls: strong.test:{lab.StrongHttps}
                http: [http://strong.test:{lab.StrongHttp}/, https://strong.test:{lab.StrongHttps}/]
                profile: modern
            hosts:
              - host: strong.test
                ports: [{lab.StrongHttps}, {lab.StrongHttp}]
                allowed: [{lab.StrongHttps}, {lab.StrongHttp}]
            """);

        var run = AuditLab.Audit(file, "--format", "json");

        var audit = new AuditJsonView(run.Stdout);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("passes (expected profile)", audit.One("mozilla_profile_modern").Text);
        Assert.Equal("OK", audit.One($"port_{lab.StrongHttp}").Severity);
        Assert.Single(audit.Endpoint().GetProperty("tls").EnumerateArray());
    }

    [Fact]
    public void Unknown_fields_are_errors_with_their_place()
    {
        var file = Path.Combine(lab.Dir, "typo-audit.yaml");
        File.WriteAllText(file, "apiVersion: netpact/v1\nkind: Audit\nendpoint:\n  - tls: a:1\n");

        var run = AuditLab.Audit(file);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{file}:3:1: error: unknown field 'endpoint'", run.Stderr, StringComparison.Ordinal);
    }
}
