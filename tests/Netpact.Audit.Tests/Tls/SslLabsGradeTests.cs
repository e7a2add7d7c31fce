using System.Collections.Immutable;
using Netpact.Audit.Tls;

namespace Netpact.Audit.Tests.Tls;

public sealed class SslLabsGradeTests
{
    private static CipherSuite Suite(string name) => CipherSuites.All.Single(s => s.IanaName == name || s.OpenSslName == name);

    private static CertificateInfo Cert(string type = "EC", int bits = 256, bool trusted = true, bool? matches = true, string signature = "ecdsa-with-SHA256", bool incomplete = false) =>
        new("CN=x", "CN=ca", ["x"], type, bits, type == "EC" ? "prime256v1" : null, signature, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(90),
            80, false, trusted, trusted ? "chain of trust ok" : "untrusted", matches, 2, incomplete, []);

    private static TlsScanResult Scan(CertificateInfo cert, params (TlsVersion Version, string[] Suites)[] protocols) =>
        new([.. TlsVersions.All.Select(v => protocols.FirstOrDefault(p => p.Version == v) is { Suites: not null } p
                ? new ProtocolSupport(v, true, [.. p.Suites.Select(Suite)], "")
                : new ProtocolSupport(v, false, [], ""))],
            [], null, cert, true, null);

    [Fact]
    public void Tls13_only_with_hsts_is_A_plus()
    {
        var scan = Scan(Cert(), (TlsVersion.Tls13, ["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384"]));

        Assert.Equal("A+", SslLabsGrade.Rate(scan, 63072000).Grade);
        Assert.Equal("A", SslLabsGrade.Rate(scan, null).Grade);
    }

    [Fact]
    public void Tls10_caps_at_B_and_anonymous_suites_give_F()
    {
        var old = Scan(Cert(), (TlsVersion.Tls10, ["ECDHE-ECDSA-AES128-SHA"]), (TlsVersion.Tls12, ["ECDHE-ECDSA-AES128-GCM-SHA256"]));
        Assert.Equal("B", SslLabsGrade.Rate(old, null).Grade);

        var anon = Scan(Cert(), (TlsVersion.Tls12, ["ECDHE-ECDSA-AES128-GCM-SHA256", "AECDH-AES128-SHA"]));
        Assert.Equal("F", SslLabsGrade.Rate(anon, null).Grade);
    }

    [Fact]
    public void A_chain_missing_an_intermediate_is_capped_at_B_not_T()
    {
        var scan = Scan(Cert(trusted: false, incomplete: true), (TlsVersion.Tls13, ["TLS_AES_128_GCM_SHA256"]));

        var grade = SslLabsGrade.Rate(scan, 63072000);

        Assert.Equal(("B", "B"), (grade.Grade, grade.GradeIgnoringTrust));
        Assert.Contains("certificate chain incomplete (capped at B)", grade.Reasons);
    }

    [Fact]
    public void Trust_problems_give_T_and_name_mismatch_M_with_the_grade_otherwise()
    {
        var scan = Scan(Cert(trusted: false), (TlsVersion.Tls13, ["TLS_AES_128_GCM_SHA256"]));
        var grade = SslLabsGrade.Rate(scan, null);
        Assert.Equal(("T", "A"), (grade.Grade, grade.GradeIgnoringTrust));

        var mismatch = Scan(Cert(matches: false), (TlsVersion.Tls13, ["TLS_AES_128_GCM_SHA256"]));
        Assert.Equal("M", SslLabsGrade.Rate(mismatch, null).Grade);
    }

    [Fact]
    public void Rsa_1024_caps_at_B_and_3des_with_tls_1_2_at_C()
    {
        var small = Scan(Cert("RSA", 1024, signature: "sha256WithRSAEncryption"), (TlsVersion.Tls12, ["ECDHE-RSA-AES128-GCM-SHA256"]));
        Assert.Equal("B", SslLabsGrade.Rate(small, null).Grade);

        var tripleDes = Scan(Cert("RSA", 2048, signature: "sha256WithRSAEncryption"), (TlsVersion.Tls12, ["ECDHE-RSA-AES128-GCM-SHA256", "DES-CBC3-SHA"]));
        Assert.Equal("C", SslLabsGrade.Rate(tripleDes, null).Grade);
    }

    [Fact]
    public void Modern_profile_accepts_tls13_with_an_ecdsa_certificate_only()
    {
        var modern = Scan(Cert(), (TlsVersion.Tls13, ["TLS_AES_128_GCM_SHA256"]));
        Assert.True(MozillaProfile.Modern.Check(modern).Passes);

        var rsa = Scan(Cert("RSA", 2048, signature: "sha256WithRSAEncryption"), (TlsVersion.Tls13, ["TLS_AES_128_GCM_SHA256"]));
        var verdict = MozillaProfile.Modern.Check(rsa);
        Assert.False(verdict.Passes);
        Assert.Contains("RSA certificate (profile: ECDSA)", verdict.Deviations);
        Assert.True(MozillaProfile.Intermediate.Check(rsa).Passes);
    }
}
