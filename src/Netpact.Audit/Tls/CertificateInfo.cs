using System.Collections.Immutable;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Netpact.Audit.Tls;

/// <summary>The facts about a served certificate chain that the verdicts use.</summary>
public sealed record CertificateInfo(
    string Subject,
    string Issuer,
    ImmutableArray<string> SubjectAltNames,
    string KeyType,
    int KeyBits,
    string? Curve,
    string SignatureAlgorithm,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    double DaysLeft,
    bool SelfSigned,
    bool Trusted,
    string TrustDetail,
    bool? HostnameMatches,
    int ChainLength,
    bool ChainIncomplete,
    ImmutableArray<string> IssuerUrls)
{
    public bool Expired => DaysLeft < 0;

    /// <summary>Key usage in OpenSSL's words ("Digital Signature, Key Encipherment"); null without the extension.</summary>
    public string? KeyUsage { get; init; }

    public X509KeyUsageFlags KeyUsageFlags { get; init; }

    /// <summary>Extended key usages in OpenSSL's words; null without the extension.</summary>
    public ImmutableArray<string>? ExtendedKeyUsage { get; init; }

    public ImmutableArray<string> CrlUrls { get; init; } = [];

    public ImmutableArray<string> OcspUrls { get; init; } = [];

    /// <summary>The TLS feature extension asks for status_request (OCSP must-staple, RFC 7633).</summary>
    public bool MustStaple { get; init; }

    /// <summary>Signed certificate timestamps embedded in the certificate (RFC 6962).</summary>
    public bool HasSctList { get; init; }

    public string SerialNumber { get; init; } = "";

    public string FingerprintSha1 { get; init; } = "";

    public string FingerprintSha256 { get; init; } = "";

    public double LifetimeDays => (NotAfter - NotBefore).TotalDays;

    /// <summary>Reads the chain as served (leaf first) and checks it against the system store or <paramref name="trustAnchors"/>.</summary>
    public static CertificateInfo Analyze(IReadOnlyList<byte[]> chain, string? hostname, X509Certificate2Collection? trustAnchors, DateTimeOffset now)
    {
        using var leaf = X509CertificateLoader.LoadCertificate(chain[0]);
        var (keyType, bits, curve) = Key(leaf);
        var selfSigned = leaf.SubjectName.RawData.AsSpan().SequenceEqual(leaf.IssuerName.RawData) && SignedBy(leaf, leaf);
        var extra = new X509Certificate2Collection();
        foreach (var der in chain.Skip(1)) extra.Add(X509CertificateLoader.LoadCertificate(der));
        // No outbound traffic but to the target: nothing downloaded, nothing fetched, nothing cached.
        using var x509Chain = new X509Chain { ChainPolicy = OfflineChainPolicy.Create(trustAnchors, now.UtcDateTime) };
        x509Chain.ChainPolicy.ExtraStore.AddRange(extra);
        bool trusted;
        string detail;
        var incomplete = false;
        try
        {
            trusted = x509Chain.Build(leaf);
            var problems = x509Chain.ChainStatus.Where(s => s.Status != X509ChainStatusFlags.NoError).Select(s => s.Status).Distinct().ToArray();
            // PartialChain: the chain stops at a certificate whose issuer is neither served nor a trusted root.
            incomplete = !trusted && !selfSigned && problems.Contains(X509ChainStatusFlags.PartialChain);
            var last = x509Chain.ChainElements.Count > 0 ? x509Chain.ChainElements[^1].Certificate : leaf;
            detail = trusted ? "chain of trust ok"
                : selfSigned ? "self signed"
                : incomplete ? $"chain incomplete: the issuer '{last.Issuer}' of '{last.Subject}' is not served and not a trusted root"
                : problems.Length > 0 ? string.Join(", ", problems) : "not trusted";
        }
        catch (CryptographicException e)
        {
            trusted = false;
            detail = e.Message;
        }
        foreach (var c in extra) c.Dispose();
        var sans = ReadSubjectAltNames(leaf);
        bool? matches = hostname is null ? null : leaf.MatchesHostname(hostname, allowWildcards: true, allowCommonName: sans.IsEmpty);
        return new CertificateInfo(
            leaf.Subject, leaf.Issuer, sans, keyType, bits, curve, SignatureName(leaf.SignatureAlgorithm.Value ?? ""),
            new DateTimeOffset(leaf.NotBefore.ToUniversalTime()), new DateTimeOffset(leaf.NotAfter.ToUniversalTime()),
            (leaf.NotAfter.ToUniversalTime() - now.UtcDateTime).TotalDays, selfSigned, trusted, detail, matches, chain.Count,
            incomplete, ReadIssuerUrls(leaf))
        {
            KeyUsage = leaf.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault() is { } ku ? KeyUsageText(ku.KeyUsages) : null,
            KeyUsageFlags = leaf.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault()?.KeyUsages ?? X509KeyUsageFlags.None,
            ExtendedKeyUsage = leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault() is { } eku
                ? [.. eku.EnhancedKeyUsages.Cast<Oid>().Select(o => ExtendedKeyUsageName(o.Value ?? ""))]
                : null,
            CrlUrls = ReadCrlUrls(leaf),
            OcspUrls = leaf.Extensions.OfType<X509AuthorityInformationAccessExtension>().FirstOrDefault() is { } aia ? [.. aia.EnumerateOcspUris()] : [],
            MustStaple = leaf.Extensions.Any(e => e.Oid?.Value == "1.3.6.1.5.5.7.1.24" && ContainsStatusRequest(e.RawData)),
            HasSctList = leaf.Extensions.Any(e => e.Oid?.Value == "1.3.6.1.4.1.11129.2.4.2"),
            SerialNumber = leaf.SerialNumber,
            FingerprintSha1 = leaf.GetCertHashString(HashAlgorithmName.SHA1),
            FingerprintSha256 = leaf.GetCertHashString(HashAlgorithmName.SHA256),
        };
    }

    private static (string Type, int Bits, string? Curve) Key(X509Certificate2 cert)
    {
        if (cert.GetRSAPublicKey() is { } rsa) using (rsa) return ("RSA", rsa.KeySize, null);
        if (cert.GetECDsaPublicKey() is { } ec)
        {
            using (ec)
            {
                var oid = ec.ExportParameters(false).Curve.Oid;
                var curve = oid.Value switch
                {
                    "1.2.840.10045.3.1.7" => "prime256v1",
                    "1.3.132.0.34" => "secp384r1",
                    "1.3.132.0.35" => "secp521r1",
                    _ => oid.FriendlyName ?? oid.Value,
                };
                return ("EC", ec.KeySize, curve);
            }
        }
        if (cert.GetDSAPublicKey() is { } dsa) using (dsa) return ("DSA", dsa.KeySize, null);
        return cert.PublicKey.Oid.Value switch
        {
            "1.3.101.112" => ("Ed25519", 256, null),
            "1.3.101.113" => ("Ed448", 456, null),
            var other => (other ?? "unknown", 0, null),
        };
    }

    private static bool SignedBy(X509Certificate2 cert, X509Certificate2 issuer)
    {
        try
        {
            using var chain = new X509Chain { ChainPolicy = OfflineChainPolicy.Create([issuer]) };
            chain.ChainPolicy.VerificationFlags = X509VerificationFlags.AllFlags;
            chain.Build(cert);
            return chain.ChainElements.Count == 1 && !chain.ChainStatus.Any(s => s.Status is X509ChainStatusFlags.NotSignatureValid or X509ChainStatusFlags.PartialChain);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static string KeyUsageText(X509KeyUsageFlags flags)
    {
        (X509KeyUsageFlags Flag, string Name)[] names =
        [
            (X509KeyUsageFlags.DigitalSignature, "Digital Signature"), (X509KeyUsageFlags.NonRepudiation, "Non Repudiation"),
            (X509KeyUsageFlags.KeyEncipherment, "Key Encipherment"), (X509KeyUsageFlags.DataEncipherment, "Data Encipherment"),
            (X509KeyUsageFlags.KeyAgreement, "Key Agreement"), (X509KeyUsageFlags.KeyCertSign, "Certificate Sign"),
            (X509KeyUsageFlags.CrlSign, "CRL Sign"), (X509KeyUsageFlags.EncipherOnly, "Encipher Only"), (X509KeyUsageFlags.DecipherOnly, "Decipher Only"),
        ];
        return string.Join(", ", names.Where(n => flags.HasFlag(n.Flag)).Select(n => n.Name));
    }

    /// <summary>OpenSSL's names for extended key usages.</summary>
    public static string ExtendedKeyUsageName(string oid) => oid switch
    {
        "1.3.6.1.5.5.7.3.1" => "TLS Web Server Authentication",
        "1.3.6.1.5.5.7.3.2" => "TLS Web Client Authentication",
        "1.3.6.1.5.5.7.3.3" => "Code Signing",
        "1.3.6.1.5.5.7.3.4" => "E-mail Protection",
        "1.3.6.1.5.5.7.3.8" => "Time Stamping",
        "1.3.6.1.5.5.7.3.9" => "OCSP Signing",
        "2.5.29.37.0" => "Any Extended Key Usage",
        _ => oid,
    };

    /// <summary>The URIs of the CRL distribution points (fullName, uniformResourceIdentifier): reported, never fetched.</summary>
    private static ImmutableArray<string> ReadCrlUrls(X509Certificate2 cert)
    {
        var extension = cert.Extensions.FirstOrDefault(e => e.Oid?.Value == "2.5.29.31");
        if (extension is null) return [];
        var urls = new List<string>();
        try
        {
            var points = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
            while (points.HasData && urls.Count < 64)
            {
                var point = points.ReadSequence();
                if (!point.HasData || point.PeekTag() != new Asn1Tag(TagClass.ContextSpecific, 0, true)) continue;
                var name = point.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true));
                if (!name.HasData || name.PeekTag() != new Asn1Tag(TagClass.ContextSpecific, 0, true)) continue;
                var fullName = name.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true));
                while (fullName.HasData)
                {
                    var tag = fullName.PeekTag();
                    if (tag == new Asn1Tag(TagClass.ContextSpecific, 6)) urls.Add(fullName.ReadCharacterString(UniversalTagNumber.IA5String, tag));
                    else fullName.ReadEncodedValue();
                }
            }
        }
        catch (AsnContentException)
        {
            // A malformed extension names no URL we can trust.
        }
        return [.. urls];
    }

    /// <summary>TLS feature (RFC 7633): a SEQUENCE OF INTEGER holding 5, status_request.</summary>
    private static bool ContainsStatusRequest(byte[] der)
    {
        try
        {
            var features = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
            while (features.HasData)
            {
                if (!features.TryReadInt32(out var feature)) features.ReadEncodedValue();
                else if (feature == 5) return true;
            }
        }
        catch (AsnContentException)
        {
            return false;
        }
        return false;
    }

    /// <summary>The leaf's AIA caIssuers URLs: reported, never fetched.</summary>
    private static ImmutableArray<string> ReadIssuerUrls(X509Certificate2 cert)
    {
        foreach (var extension in cert.Extensions)
        {
            if (extension is X509AuthorityInformationAccessExtension aia)
            {
                try
                {
                    return [.. aia.EnumerateCAIssuersUris()];
                }
                catch (Exception e) when (e is CryptographicException or AsnContentException)
                {
                    return [];
                }
            }
        }
        return [];
    }

    private static ImmutableArray<string> ReadSubjectAltNames(X509Certificate2 cert)
    {
        foreach (var extension in cert.Extensions)
        {
            if (extension is X509SubjectAlternativeNameExtension san)
            {
                try
                {
                    return [.. san.EnumerateDnsNames(), .. san.EnumerateIPAddresses().Select(a => a.ToString())];
                }
                catch (Exception e) when (e is CryptographicException or AsnContentException)
                {
                    return [];
                }
            }
        }
        return [];
    }

    /// <summary>OpenSSL's names for signature algorithms (what testssl.sh and Mozilla's profiles print).</summary>
    public static string SignatureName(string oid) => oid switch
    {
        "1.2.840.113549.1.1.4" => "md5WithRSAEncryption",
        "1.2.840.113549.1.1.5" => "sha1WithRSAEncryption",
        "1.2.840.113549.1.1.11" => "sha256WithRSAEncryption",
        "1.2.840.113549.1.1.12" => "sha384WithRSAEncryption",
        "1.2.840.113549.1.1.13" => "sha512WithRSAEncryption",
        "1.2.840.113549.1.1.10" => "rsassaPss",
        "1.2.840.10045.4.1" => "ecdsa-with-SHA1",
        "1.2.840.10045.4.3.2" => "ecdsa-with-SHA256",
        "1.2.840.10045.4.3.3" => "ecdsa-with-SHA384",
        "1.2.840.10045.4.3.4" => "ecdsa-with-SHA512",
        "1.3.101.112" => "ED25519",
        "1.3.101.113" => "ED448",
        "1.2.840.10040.4.3" => "dsaWithSHA1",
        _ => oid,
    };

    public bool WeakSignature => SignatureAlgorithm.StartsWith("md5", StringComparison.Ordinal) || SignatureAlgorithm.Contains("SHA1", StringComparison.OrdinalIgnoreCase);
}
