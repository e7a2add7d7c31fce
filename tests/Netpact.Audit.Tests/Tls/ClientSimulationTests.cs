using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Netpact.Audit.Tests.Lab;

namespace Netpact.Audit.Tests.Tls;

/// <summary>
/// Client simulation on openssl s_server (127.0.0.19): what each reference client negotiates, and SSL Labs'
/// forward-secrecy and 3DES caps applied to that, not to what is merely offered.
/// </summary>
public sealed class ClientSimulationTests
{
    private const string Address = "127.0.0.19";

    private static async Task<AuditJsonView> AuditAsync(string dir, params string[] serverArgs)
    {
        await using var server = await OpenSslServer.StartAsync(Address, ["-quiet", "-cert", Path.Combine(dir, "leaf.crt"), "-key", Path.Combine(dir, "leaf.key"), .. serverArgs]);
        var run = await Task.Run(() => AuditLab.Audit("--tls", server.Endpoint, "--format", "json"), TestContext.Current.CancellationToken);
        return new AuditJsonView(run.Stdout);
    }

    private static string Certificate()
    {
        var dir = Directory.CreateTempSubdirectory("netpact-clientsim-").FullName;
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={Address}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var leaf = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        TestCertificates.WritePem(Path.Combine(dir, "leaf.crt"), leaf);
        TestCertificates.WriteKey(Path.Combine(dir, "leaf.key"), leaf);
        return dir;
    }

    [Fact]
    public async Task A_server_preferring_RSA_key_transport_is_capped_at_B_although_it_offers_forward_secrecy()
    {
        var dir = Certificate();
        try
        {
            // TLS 1.2 only, its own order first: every client that knows AES128-GCM-SHA256 gets it, without forward secrecy.
            var audit = await AuditAsync(dir, "-tls1_2", "-serverpref", "-cipher", "AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256");

            Assert.Equal("TLSv1.2 AES128-GCM-SHA256", audit.One("clientsimulation-chrome_120_win10").Text);
            Assert.Equal("INFO", audit.One("clientsimulation-chrome_120_win10").Severity);
            Assert.Equal("No connection", audit.One("clientsimulation-ie_8_xp").Text);
            Assert.Contains("ECDHE-RSA-AES128-GCM-SHA256", audit.One("supportedciphers_TLSv1_2").Text, StringComparison.Ordinal);
            Assert.Contains("no forward secrecy with the modern reference clients (capped at B)", audit.One("overall_grade").Text, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Triple_DES_offered_but_never_negotiated_is_not_capped_and_forward_secrecy_negotiated_is_not_capped()
    {
        // OpenSSL 3 here has no 3DES suite: the fake server of the vulnerability tests, preferring ECDHE-RSA-AES128-GCM-SHA256 and ECDHE-RSA-AES128-SHA (for IE 11 on Windows 7) to DES-CBC3-SHA.
        using var key = RSA.Create(2048);
        using var certificate = TestCertificates.Filler(0, key);
        await using var server = FakeTlsServer.Start(Address, new FakeTlsBehavior { Min = Netpact.Audit.Tls.TlsVersion.Tls10, Suites = [0xC02F, 0xC013, 0x000A] }, certificate.RawData);

        var run = await Task.Run(() => AuditLab.Audit("--tls", $"{Address}:{server.Port}", "--format", "json"), TestContext.Current.CancellationToken);
        var audit = new AuditJsonView(run.Stdout);

        Assert.Equal("TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256", audit.One("clientsimulation-firefox_120_win10").Text);
        Assert.Equal("TLSv1 DES-CBC3-SHA", audit.One("clientsimulation-ie_8_xp").Text);
        Assert.Contains("DES-CBC3-SHA", audit.One("supportedciphers_TLSv1_2").Text, StringComparison.Ordinal);
        Assert.DoesNotContain("64-bit block", audit.One("overall_grade").Text, StringComparison.Ordinal);
        Assert.DoesNotContain("forward secrecy", audit.One("overall_grade").Text, StringComparison.Ordinal);
    }
}
