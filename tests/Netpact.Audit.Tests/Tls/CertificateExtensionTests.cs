using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Netpact.Audit.Tests.Lab;

namespace Netpact.Audit.Tests.Tls;

/// <summary>testssl.sh 3.2.3's certificate lines on a leaf made for the test, served by openssl s_server on 127.0.0.16.</summary>
public sealed class CertificateExtensionTests
{
    private const string Address = "127.0.0.16";

    [Fact]
    public async Task Wrong_key_usages_must_staple_without_stapling_and_embedded_scts_are_reported()
    {
        var dir = Directory.CreateTempSubdirectory("netpact-certext-").FullName;
        try
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest($"CN={Address}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            // Key transport only, client authentication only: wrong for an ECDHE-RSA server.
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
            request.CertificateExtensions.Add(new X509Extension("1.3.6.1.5.5.7.1.24", [0x30, 0x03, 0x02, 0x01, 0x05], false));    // TLS feature: status_request
            request.CertificateExtensions.Add(new X509Extension("1.3.6.1.4.1.11129.2.4.2", [0x04, 0x02, 0x00, 0x00], false));   // an (empty) SCT list
            using var leaf = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
            TestCertificates.WritePem(Path.Combine(dir, "leaf.crt"), leaf);
            TestCertificates.WriteKey(Path.Combine(dir, "leaf.key"), leaf);
            await using var server = await OpenSslServer.StartAsync(Address, "-quiet", "-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256",
                "-cert", Path.Combine(dir, "leaf.crt"), "-key", Path.Combine(dir, "leaf.key"));

            var run = await Task.Run(() => AuditLab.Audit("--tls", server.Endpoint, "--format", "json"), TestContext.Current.CancellationToken);

            Assert.True(run.Stdout.Length > 0, run.Stderr);
            var audit = new AuditJsonView(run.Stdout);
            Assert.Equal(("HIGH", "Certificate incorrectly used for digital signatures: \"Key Encipherment\""), Line(audit, "cert_keyUsage"));
            Assert.Equal(("HIGH", "Certificate incorrectly used for TLS Web Server Authentication: \"TLS Web Client Authentication\""), Line(audit, "cert_extKeyUsage"));
            Assert.Equal(("HIGH", "extension detected but no OCSP stapling provided"), Line(audit, "cert_mustStapleExtension"));
            Assert.Equal(("OK", "yes (certificate extension)"), Line(audit, "certificate_transparency"));
            Assert.Equal(("HIGH", "Neither CRL nor OCSP URI provided"), Line(audit, "cert_revocation"));
            Assert.Equal(("INFO", leaf.GetCertHashString(HashAlgorithmName.SHA256)), Line(audit, "cert_fingerprintSHA256"));
            Assert.Equal(("INFO", leaf.SerialNumber), Line(audit, "cert_serialNumber"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static (string Severity, string Text) Line(AuditJsonView audit, string id) => (audit.One(id).Severity, audit.One(id).Text);
}
