using Netpact.Audit.Tests.Lab;

namespace Netpact.Audit.Tests.Endpoints;

/// <summary>openssl s_server speaking one version, and peers that refuse, stay silent, answer garbage or hang up.</summary>
public sealed class HostileAndSingleVersionTests(AuditLab lab)
{
    private static AuditJsonView Json(AuditLab.CliResult run) => new(run.Stdout);

    [Fact]
    public void A_tls_1_1_only_server_offers_exactly_tls_1_1()
    {
        var run = AuditLab.Audit("--tls", $"{AuditLab.SingleVersionAddress}:{lab.Tls11Only}", "--format", "json");

        var audit = Json(run);
        Assert.Equal("offered (deprecated)", audit.One("TLS1_1").Text);
        Assert.All(new[] { "SSLv3", "TLS1", "TLS1_2", "TLS1_3" }, id => Assert.Equal("not offered", audit.One(id).Text));
        Assert.NotEqual("A", audit.Tls.GetProperty("gradeIgnoringTrust").GetString());
        Assert.Equal(1, run.ExitCode);
    }

    [Fact]
    public void A_tls_1_2_only_server_fails_modern_and_passes_intermediate_profile_checks_on_protocols()
    {
        var run = AuditLab.Audit("--tls", $"{AuditLab.SingleVersionAddress}:{lab.Tls12Only}", "--profile", "modern", "--format", "json");

        var audit = Json(run);
        Assert.Equal("offered", audit.One("TLS1_2").Text);
        Assert.Equal("not offered", audit.One("TLS1_3").Text);
        Assert.Contains("TLSv1.2 offered", audit.One("mozilla_profile_modern").Text, StringComparison.Ordinal);
        Assert.DoesNotContain("TLSv1.2 offered", audit.One("mozilla_profile_intermediate").Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sha1_signatures_are_low_where_the_server_signs_with_them_and_absent_where_it_does_not()
    {
        // The weak nginx: an RSA-1024 key at security level 0 signs with SHA-1 too (and not PSS with SHA-512: the key is too short).
        var weak = Json(await lab.AuditOnceAsync(lab.WeakArgs("json"))).One("FS_TLS12_sig_algs");
        // openssl s_server -tls1_2 with the P-256 key at the default security level.
        var run = AuditLab.Audit("--tls", $"{AuditLab.SingleVersionAddress}:{lab.Tls12Only}", "--format", "json");
        var strong = Json(run).One("FS_TLS12_sig_algs");

        // What testssl.sh 3.2.3 itself listed for the same nginx configuration, in its order.
        Assert.Equal(("LOW", "RSA-PSS-RSAE+SHA384 RSA-PSS-RSAE+SHA256 RSA+SHA512 RSA+SHA384 RSA+SHA256 RSA+SHA224 RSA+SHA1"), (weak.Severity, weak.Text));
        Assert.Equal("INFO", strong.Severity);
        Assert.Contains("ECDSA+SHA256", strong.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("SHA1", strong.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_curve_and_finite_field_group_is_listed_as_testssl_3_2_3_lists_them()
    {
        // What testssl.sh 3.2.3 itself wrote for the same nginx and s_server configurations.
        var weak = Json(await lab.AuditOnceAsync(lab.WeakArgs("json")));
        // TLS 1.2 only with a P-256 certificate: curves other than the certificate's are found only when it stays in the list.
        var ecdsa = Json(AuditLab.Audit("--tls", $"{AuditLab.SingleVersionAddress}:{lab.Tls12Only}", "--format", "json"));

        Assert.Equal(("OK", "prime256v1 secp384r1 secp521r1 X25519 X448"), (weak.One("FS_ECDHE_curves").Severity, weak.One("FS_ECDHE_curves").Text));
        Assert.Equal(("OK", "ffdhe2048 ffdhe3072 ffdhe4096 ffdhe6144 ffdhe8192"), (weak.One("DH_groups").Severity, weak.One("DH_groups").Text));
        Assert.Equal(("OK", "prime256v1 secp384r1 secp521r1 X25519 X448"), (ecdsa.One("FS_ECDHE_curves").Severity, ecdsa.One("FS_ECDHE_curves").Text));
    }

    [Fact]
    public void A_refused_connection_is_a_finding_not_a_crash()
    {
        var run = AuditLab.Audit("--tls", $"{AuditLab.HostileAddress}:{lab.Refused}", "--format", "json");

        Assert.Equal(1, run.ExitCode);
        var problem = Json(run).One("scanProblem");
        Assert.Equal("HIGH", problem.Severity);
        Assert.Contains("connection refused", problem.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_silent_server_times_out_within_the_limit()
    {
        var run = AuditLab.Audit("--tls", $"{AuditLab.HostileAddress}:{lab.Silent}", "--timeout", "0.5", "--format", "json");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("timeout", Json(run).One("scanProblem").Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Garbage_instead_of_a_tls_reply_is_reported_as_not_tls()
    {
        var run = AuditLab.Audit("--tls", $"{AuditLab.HostileAddress}:{lab.Garbage}", "--format", "json");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("not a TLS server", Json(run).One("scanProblem").Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_server_closing_mid_handshake_is_reported()
    {
        var run = AuditLab.Audit("--tls", $"{AuditLab.HostileAddress}:{lab.Closer}", "--format", "json");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("mid-", Json(run).One("scanProblem").Text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_site_that_refuses_both_schemes_is_reported_as_down()
    {
        var run = AuditLab.Audit("--http", $"http://{AuditLab.HostileAddress}:{lab.Refused}/", "--http", $"https://{AuditLab.HostileAddress}:{lab.Refused}/", "--format", "json");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("cannot be reached", Json(run).One("scanProblem").Text, StringComparison.Ordinal);
    }
}
