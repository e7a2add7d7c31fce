using Netpact.Audit.Tests.Lab;

namespace Netpact.Audit.Tests.Endpoints;

/// <summary>The strong nginx: none of the weak endpoint's problems, and the modern profile passes.</summary>
public sealed class StrongEndpointTests(AuditLab lab)
{
    private async Task<(AuditJsonView View, int ExitCode)> AuditAsync()
    {
        var run = await lab.AuditOnceAsync(lab.StrongArgs("json"));
        return (new AuditJsonView(run.Stdout), run.ExitCode);
    }

    [Fact]
    public async Task Nothing_is_wrong_and_the_exit_code_is_0()
    {
        var (audit, exit) = await AuditAsync();
        Assert.DoesNotContain(audit.Findings, AuditJsonView.IsProblem);
        Assert.Equal(0, exit);
    }

    [Fact]
    public async Task None_of_the_weak_endpoints_findings_appear()
    {
        var (audit, _) = await AuditAsync();
        foreach (var id in new[] { "TLS1", "TLS1_1", "SSLv3", "cipherlist_NULL", "cipherlist_aNULL" })
            Assert.Contains("not offered", audit.One(id).Text, StringComparison.Ordinal);
        Assert.Equal(("OK", "ecdsa-with-SHA256"), (audit.One("cert_signatureAlgorithm").Severity, audit.One("cert_signatureAlgorithm").Text));
        Assert.Equal(("OK", "EC 256 bits (prime256v1)"), (audit.One("cert_keySize").Severity, audit.One("cert_keySize").Text));
        Assert.Equal(("OK", "passed"), (audit.One("cert_chain_of_trust").Severity, audit.One("cert_chain_of_trust").Text));
        Assert.Equal("OK", audit.One("cert_trust").Severity);
        Assert.Equal("OK", audit.One("cert_expirationStatus").Severity);
        Assert.Equal("OK", audit.One("HSTS").Severity);
        Assert.Contains("hsts-implemented-max-age-at-least-six-months", audit.One("strict-transport-security").Text, StringComparison.Ordinal);
        Assert.Contains("csp-implemented-with-no-unsafe-default-src-none", audit.One("content-security-policy").Text, StringComparison.Ordinal);
        Assert.DoesNotContain(audit.Findings, f => f.Id is "cookie_secure" or "cookie_httponly");
        Assert.Equal("OK", audit.One("subresource-integrity").Severity);
    }

    [Fact]
    public async Task Modern_profile_passes_with_tls_1_3_only_and_ocsp_stapled()
    {
        var (audit, _) = await AuditAsync();
        Assert.Equal(("OK", "passes (expected profile)"), (audit.One("mozilla_profile_modern").Severity, audit.One("mozilla_profile_modern").Text));
        Assert.Equal("offered with final", audit.One("TLS1_3").Text);
        Assert.Equal("not offered", audit.One("TLS1_2").Text);
        Assert.Equal("offered", audit.One("OCSP_stapling").Text);
    }

    [Fact]
    public async Task Observatory_grades_it_A_plus_and_the_tls_grade_is_A_plus()
    {
        var (audit, _) = await AuditAsync();
        // 100 + 10 (CSP default-src 'none') + 5 (no-referrer) + 5 (frame-ancestors): no penalty, so the bonus counts.
        Assert.Equal(120, audit.Http.GetProperty("observatoryScore").GetInt32());
        Assert.Equal("A+", audit.Http.GetProperty("observatoryGrade").GetString());
        Assert.Equal("A+", audit.Tls.GetProperty("grade").GetString());
        Assert.Contains("redirection-to-https", audit.One("redirection").Text, StringComparison.Ordinal);
    }
}
