using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Netpact.Audit.Tests.Lab;

/// <summary>Certificates made for one test with .NET's CertificateRequest, written as PEM for openssl s_server.</summary>
internal static class TestCertificates
{
    public static X509Certificate2 Root(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    public static X509Certificate2 Intermediate(string name, X509Certificate2 issuer)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        using var issued = request.Create(issuer, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29), Serial());
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>A server certificate for an address, with its issuer's URL (AIA caIssuers), an OCSP URL and a CRL URL when given.</summary>
    public static X509Certificate2 Leaf(IPAddress address, X509Certificate2 issuer, string? issuerUrl = null, string? ocspUrl = null, string? crlUrl = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={address}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(address);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        if (issuerUrl is not null || ocspUrl is not null)
            request.CertificateExtensions.Add(new X509AuthorityInformationAccessExtension(ocspUrl is null ? null : [ocspUrl], issuerUrl is null ? null : [issuerUrl]));
        if (crlUrl is not null) request.CertificateExtensions.Add(CertificateRevocationListBuilder.BuildCrlDistributionPointExtension([crlUrl]));
        using var issued = request.Create(issuer, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(28), Serial());
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>
    /// An RSA-2048 self-signed certificate padded to about 1.4 KB, as certificates of real chains are:
    /// filler for a chain of any length (the key is shared; only the size matters).
    /// </summary>
    public static X509Certificate2 Filler(int index, RSA key)
    {
        var request = new CertificateRequest($"CN=netpact filler certificate {index}, O=netpact test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var padding = new AsnWriter(AsnEncodingRules.DER);
        padding.WriteOctetString(new byte[560]);
        request.CertificateExtensions.Add(new X509Extension("1.3.6.1.4.1.55555.1", padding.Encode(), false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    public static void WritePem(string path, params X509Certificate2[] certificates) =>
        File.WriteAllText(path, string.Concat(certificates.Select(c => c.ExportCertificatePem() + "\n")));

    public static void WriteKey(string path, X509Certificate2 certificate)
    {
        using AsymmetricAlgorithm key = (AsymmetricAlgorithm?)certificate.GetECDsaPrivateKey() ?? certificate.GetRSAPrivateKey()
            ?? throw new InvalidOperationException("the certificate has no private key");
        File.WriteAllText(path, key.ExportPkcs8PrivateKeyPem());
    }

    private static byte[] Serial() => RandomNumberGenerator.GetBytes(12);
}
