using Netpact.Audit.Tests.Lab;

namespace Netpact.Audit.Tests.Targets;

/// <summary>With an intent, public endpoints must meet the modern profile and be HTTPS only.</summary>
public sealed class IntentAuditTests(AuditLab lab)
{
    private string WriteIntent(int publicPort)
    {
        var file = Path.Combine(lab.Dir, $"intent-{publicPort}.yaml");
        File.WriteAllText(file, $"""
            apiVersion: netpact/v1
            kind: Intent
            metadata:
              name: audit-test
            zones:
              public:
                namespace: ingress
                internal: false
            workloads:
              web:
                zone: public
                labels: {"{"}app: web{"}"}
                ports:
                  - {"{"}name: https, port: {publicPort}{"}"}
            flows:
              - name: internet-to-web
                from: internet
                to: web
                ports: [https]
            """);
        return file;
    }

    [Fact]
    public void The_strong_public_endpoint_meets_modern_and_redirects_to_https()
    {
        var run = AuditLab.Audit(["--intent", WriteIntent(lab.StrongHttps), .. lab.StrongArgs("json").Where(a => a is not "--profile" and not "modern")]);

        var audit = new AuditJsonView(run.Stdout);
        Assert.Equal(("OK", "passes (expected profile)"), (audit.One("mozilla_profile_modern").Severity, audit.One("mozilla_profile_modern").Text));
        Assert.Equal("OK", audit.One("intent_https_only").Severity);
        Assert.Equal("modern", audit.Tls.GetProperty("expectedProfile").GetString());
    }

    [Fact]
    public void The_weak_public_endpoint_fails_modern_and_serves_plain_http()
    {
        var args = lab.WeakArgs("json").Where(a => a is not "--profile" and not "modern").ToArray();
        var run = AuditLab.Audit(["--intent", WriteIntent(lab.WeakHttps), "--ports", $"weak.test:{lab.WeakHttps},{lab.WeakHttp}", .. args]);

        var audit = new AuditJsonView(run.Stdout);
        Assert.Equal("HIGH", audit.One("mozilla_profile_modern").Severity);
        Assert.Equal("HIGH", audit.One("intent_https_only").Severity);
        // HTTPS only from the internet: the plain-HTTP port is open but not among the intent's public ports.
        Assert.Equal("HIGH", audit.One($"port_{lab.WeakHttp}").Severity);
        Assert.Contains("intent", audit.One($"port_{lab.WeakHttp}").Text, StringComparison.Ordinal);
    }
}
