using Netpact.Audit.Tests.Lab;

namespace Netpact.Audit.Tests.Endpoints;

/// <summary>The weak nginx: every acceptance item of the audit must be reported.</summary>
public sealed class WeakEndpointTests(AuditLab lab)
{
    private async Task<AuditJsonView> AuditAsync()
    {
        var run = await lab.AuditOnceAsync(lab.WeakArgs("json"));
        Assert.Equal(1, run.ExitCode);
        return new AuditJsonView(run.Stdout);
    }

    [Fact]
    public async Task Tls_1_0_and_1_1_are_reported_as_offered()
    {
        var audit = await AuditAsync();
        Assert.Equal(("LOW", "offered (deprecated)"), (audit.One("TLS1").Severity, audit.One("TLS1").Text));
        Assert.Equal(("LOW", "offered (deprecated)"), (audit.One("TLS1_1").Severity, audit.One("TLS1_1").Text));
        Assert.Equal("not offered", audit.One("SSLv3").Text);
    }

    [Fact]
    public async Task Null_and_anonymous_suites_are_reported()
    {
        var audit = await AuditAsync();
        Assert.Equal("CRITICAL", audit.One("cipherlist_NULL").Severity);
        Assert.Contains("NULL-SHA", audit.One("cipherlist_NULL").Text, StringComparison.Ordinal);
        Assert.Equal("CRITICAL", audit.One("cipherlist_aNULL").Severity);
        Assert.Contains("AECDH-", audit.One("cipherlist_aNULL").Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Certificate_problems_are_each_reported()
    {
        var audit = await AuditAsync();
        Assert.Equal("MEDIUM", audit.One("cert_signatureAlgorithm").Severity);
        Assert.StartsWith("sha1WithRSAEncryption", audit.One("cert_signatureAlgorithm").Text, StringComparison.Ordinal);
        Assert.Equal(("MEDIUM", "RSA 1024 bits"), (audit.One("cert_keySize").Severity, audit.One("cert_keySize").Text));
        Assert.Equal(("CRITICAL", "failed (self signed)"), (audit.One("cert_chain_of_trust").Severity, audit.One("cert_chain_of_trust").Text));
        Assert.Equal("HIGH", audit.One("cert_trust").Severity);
        Assert.Contains("hostname mismatch", audit.One("cert_trust").Text, StringComparison.Ordinal);
        Assert.Equal("HIGH", audit.One("cert_expirationStatus").Severity);
        Assert.StartsWith("expires < 30 days", audit.One("cert_expirationStatus").Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_headers_flagless_cookie_and_insecure_script_are_reported()
    {
        var audit = await AuditAsync();
        Assert.Equal(("LOW", "not offered"), (audit.One("HSTS").Severity, audit.One("HSTS").Text));
        Assert.StartsWith("csp-not-implemented", audit.One("content-security-policy").Text, StringComparison.Ordinal);
        var cookies = audit.One("cookies");
        Assert.Contains("sessionid: no Secure, no HttpOnly", cookies.Text, StringComparison.Ordinal);
        Assert.Equal("INFO", audit.One("cookie_secure").Severity);
        Assert.Equal("INFO", audit.One("cookie_httponly").Severity);
        var sri = audit.One("subresource-integrity");
        Assert.Equal("HIGH", sri.Severity);
        Assert.Contains("sri-not-implemented-and-external-scripts-not-loaded-securely", sri.Text, StringComparison.Ordinal);
        Assert.Contains("http://cdn.example.com/lib.js (no integrity)", sri.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Observatory_grades_it_F_with_score_0()
    {
        var audit = await AuditAsync();
        Assert.Equal(0, audit.Http.GetProperty("observatoryScore").GetInt32());
        Assert.Equal("F", audit.Http.GetProperty("observatoryGrade").GetString());
    }

    [Fact]
    public async Task Modern_profile_fails_and_the_grade_is_T_over_F()
    {
        var audit = await AuditAsync();
        Assert.Equal("HIGH", audit.One("mozilla_profile_modern").Severity);
        Assert.Equal("T", audit.Tls.GetProperty("grade").GetString());
        Assert.Equal("F", audit.Tls.GetProperty("gradeIgnoringTrust").GetString());
    }
}
