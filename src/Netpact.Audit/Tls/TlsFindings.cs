using System.Globalization;
using Netpact.Audit.Findings;

namespace Netpact.Audit.Tls;

/// <summary>Turns a TLS scan into result lines named like testssl.sh's JSON ids, so the two compare line by line.</summary>
public static class TlsFindings
{
    /// <summary>
    /// testssl.sh 3.2.3's lines on the leaf's extensions and identity; URLs are reported, never fetched.
    /// </summary>
    private static IEnumerable<(string Id, AuditSeverity Severity, string Text)> CertificateLines(CertificateInfo cert, IReadOnlyList<CipherSuite> suites, TlsScanResult scan)
    {
        // Which uses the offered suites make of the key: signatures (ephemeral key exchange, TLS 1.3) or RSA key transport.
        var signs = cert.KeyType != "RSA" || scan.Offers(TlsVersion.Tls13) || suites.Any(s => s.Authentication == "RSA" && s.IsForwardSecret);
        var encrypts = cert.KeyType == "RSA" && suites.Any(s => s.KeyExchange == "RSA");
        if (cert.KeyUsage is not { } usage)
            yield return ("cert_keyUsage", AuditSeverity.Info, "No server key usage information");
        else if (signs && !cert.KeyUsageFlags.HasFlag(System.Security.Cryptography.X509Certificates.X509KeyUsageFlags.DigitalSignature))
            yield return ("cert_keyUsage", AuditSeverity.High, $"Certificate incorrectly used for digital signatures: \"{usage}\"");
        else if (encrypts && !cert.KeyUsageFlags.HasFlag(System.Security.Cryptography.X509Certificates.X509KeyUsageFlags.KeyEncipherment))
            yield return ("cert_keyUsage", AuditSeverity.High, $"Certificate incorrectly used for key encipherment: \"{usage}\"");
        else
            yield return ("cert_keyUsage", AuditSeverity.Info, usage);

        if (cert.ExtendedKeyUsage is not { } eku)
            yield return ("cert_extKeyUsage", AuditSeverity.Info, "No server extended key usage information");
        else if (!eku.Contains("TLS Web Server Authentication") && !eku.Contains("Any Extended Key Usage"))
            yield return ("cert_extKeyUsage", AuditSeverity.High, $"Certificate incorrectly used for TLS Web Server Authentication: \"{string.Join(", ", eku)}\"");
        else
            yield return ("cert_extKeyUsage", AuditSeverity.Info, string.Join(", ", eku));

        yield return ("cert_serialNumber", AuditSeverity.Info, cert.SerialNumber);
        var serialBytes = cert.SerialNumber.Length / 2;
        yield return serialBytes > 20 ? ("cert_serialNumberLen", AuditSeverity.Low, $"{serialBytes} is too long")
            : serialBytes < 8 ? ("cert_serialNumberLen", AuditSeverity.Low, $"{serialBytes} is not enough entropy")
            : ("cert_serialNumberLen", AuditSeverity.Info, serialBytes.ToString(CultureInfo.InvariantCulture));
        yield return ("cert_fingerprintSHA1", AuditSeverity.Info, cert.FingerprintSha1);
        yield return ("cert_fingerprintSHA256", AuditSeverity.Info, cert.FingerprintSha256);
        yield return ("cert_notBefore", AuditSeverity.Info, cert.NotBefore.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        yield return ("cert_crlDistributionPoints", AuditSeverity.Info, cert.CrlUrls.IsEmpty ? "--" : string.Join(" ", cert.CrlUrls));
        yield return ("cert_ocspURL", AuditSeverity.Info, cert.OcspUrls.IsEmpty ? "--" : string.Join(" ", cert.OcspUrls));
        if (cert.CrlUrls.IsEmpty && cert.OcspUrls.IsEmpty) yield return ("cert_revocation", AuditSeverity.High, "Neither CRL nor OCSP URI provided");
        yield return !cert.MustStaple ? ("cert_mustStapleExtension", AuditSeverity.Info, "--")
            : scan.OcspStapled ? ("cert_mustStapleExtension", AuditSeverity.Ok, "supported")
            : ("cert_mustStapleExtension", AuditSeverity.High, "extension detected but no OCSP stapling provided");
        yield return cert.HasSctList
            ? ("certificate_transparency", AuditSeverity.Ok, "yes (certificate extension)")
            : ("certificate_transparency", AuditSeverity.Info, "--");
    }

    private static int CurveBits(string name) => name switch
    {
        "secp224r1" => 224,
        "X25519" => 253,
        "X448" => 448,
        "secp384r1" or "brainpoolP384r1" => 384,
        "secp521r1" => 521,
        "brainpoolP512r1" => 512,
        _ => 256,
    };

    public static IEnumerable<AuditFinding> For(string target, TlsScanResult scan, SslLabsGrade grade, IReadOnlyList<ProfileVerdict> profiles, ProfileName? expected)
    {
        AuditFinding F(string id, AuditSeverity severity, string text) => new(id, target, severity, text, Controls.Transport);

        if (scan.Error is { } error && !scan.OfferedVersions.Any())
        {
            yield return F("scanProblem", AuditSeverity.High, error);
            yield break;
        }

        foreach (var p in scan.Protocols)
        {
            yield return p.Version switch
            {
                TlsVersion.Ssl3 => F("SSLv3", p.Offered ? AuditSeverity.High : AuditSeverity.Ok, p.Offered ? "offered (NOT ok)" : "not offered"),
                TlsVersion.Tls10 or TlsVersion.Tls11 => F(p.Version.TestsslId(), p.Offered ? AuditSeverity.Low : AuditSeverity.Ok, p.Offered ? "offered (deprecated)" : "not offered"),
                TlsVersion.Tls12 => F("TLS1_2", p.Offered ? AuditSeverity.Ok : scan.Offers(TlsVersion.Tls13) ? AuditSeverity.Info : AuditSeverity.Medium, p.Offered ? "offered" : "not offered"),
                // testssl.sh 3.2.3's words: the final RFC 8446 version (the only one probed) as against drafts.
                _ => F("TLS1_3", p.Offered ? AuditSeverity.Ok : AuditSeverity.Info, p.Offered ? "offered with final" : "not offered"),
            };
        }

        var suites = scan.AllSuites.ToList();
        string List(IEnumerable<CipherSuite> s) => string.Join(" ", s.Select(x => x.OpenSslName));
        IEnumerable<AuditFinding> Category(string id, AuditSeverity bad, string what, Func<CipherSuite, bool> test)
        {
            var found = suites.Where(test).ToList();
            yield return found.Count > 0
                ? F(id, bad, $"{what} offered: {List(found)}")
                : F(id, AuditSeverity.Ok, $"{what} not offered");
        }
        foreach (var f in Category("cipherlist_NULL", AuditSeverity.Critical, "NULL ciphers (no encryption)", s => s.IsNull)) yield return f;
        foreach (var f in Category("cipherlist_aNULL", AuditSeverity.Critical, "anonymous NULL ciphers (no authentication)", s => s.IsAnonymous)) yield return f;
        foreach (var f in Category("cipherlist_EXPORT", AuditSeverity.High, "EXPORT ciphers", s => s.IsExport)) yield return f;
        foreach (var f in Category("cipherlist_LOW", AuditSeverity.High, "LOW (64 bit + DES) ciphers", s => s.IsLow)) yield return f;
        foreach (var f in Category("cipherlist_3DES_IDEA", AuditSeverity.Medium, "triple DES and IDEA ciphers", s => s.Encryption is "3DES" or "IDEA")) yield return f;
        foreach (var f in Category("cipherlist_OBSOLETED", AuditSeverity.Low, "obsoleted CBC ciphers",
            s => !s.IsAead && !s.IsNull && !s.IsExport && !s.IsLow && !s.IsRc4 && s.Encryption is not ("3DES" or "IDEA"))) yield return f;
        var strongNoFs = suites.Where(s => s.IsAead && !s.IsForwardSecret && !s.IsAnonymous).ToList();
        yield return F("cipherlist_STRONG_NOFS", AuditSeverity.Info, strongNoFs.Count > 0 ? $"strong encryption without forward secrecy offered: {List(strongNoFs)}" : "not offered");
        var strongFs = suites.Where(s => s.IsAead && s.IsForwardSecret).ToList();
        yield return F("cipherlist_STRONG_FS", strongFs.Count > 0 ? AuditSeverity.Ok : AuditSeverity.Medium, strongFs.Count > 0 ? $"forward secrecy with AEAD offered: {List(strongFs)}" : "not offered");
        var rc4 = suites.Where(s => s.IsRc4).ToList();
        yield return F("RC4", rc4.Count > 0 ? AuditSeverity.High : AuditSeverity.Ok, rc4.Count > 0 ? $"VULNERABLE, RC4 offered: {List(rc4)}" : "not vulnerable");
        yield return F("FS", suites.Any(s => s.IsForwardSecret) ? AuditSeverity.Ok : AuditSeverity.Medium,
            suites.Any(s => s.IsForwardSecret) ? "offered" : "not offered");
        var curves = scan.KeyExchangeGroups.Where(g => !g.StartsWith("ffdhe", StringComparison.Ordinal)).ToList();
        var ffdhe = scan.KeyExchangeGroups.Where(g => g.StartsWith("ffdhe", StringComparison.Ordinal)).ToList();
        if (curves.Count > 0)
        {
            // testssl.sh 3.2.3 rates the list by its shortest curve.
            var shortest = curves.Min(CurveBits);
            var curveSeverity = shortest <= 163 ? AuditSeverity.Medium : shortest <= 193 ? AuditSeverity.Low : shortest <= 224 ? AuditSeverity.Info : AuditSeverity.Ok;
            yield return F("FS_ECDHE_curves", curveSeverity, string.Join(" ", curves));
        }
        // The RFC 7919 groups are named and OK (testssl.sh); otherwise the size of the prime served with DHE.
        if (ffdhe.Count > 0) yield return F("DH_groups", AuditSeverity.Ok, string.Join(" ", ffdhe));
        else if (scan.MinDhBits is { } dh) yield return F("DH_groups", dh < 2048 ? AuditSeverity.Medium : AuditSeverity.Info, $"DH parameters of {dh} bits");

        foreach (var p in scan.Protocols.Where(p => p.Offered))
            yield return F($"supportedciphers_{p.Version.TestsslText()}", AuditSeverity.Info, List(p.Suites));

        if (scan.Certificate is { } cert)
        {
            yield return F("cert_commonName", AuditSeverity.Ok, cert.Subject);
            yield return cert.SubjectAltNames.IsEmpty
                ? F("cert_subjectAltName", AuditSeverity.High, "missing (NOT ok)")
                : F("cert_subjectAltName", AuditSeverity.Info, string.Join(" ", cert.SubjectAltNames));
            yield return cert.HostnameMatches == false
                ? F("cert_trust", AuditSeverity.High, $"hostname mismatch: certificate is for {string.Join(", ", cert.SubjectAltNames.DefaultIfEmpty(cert.Subject))}")
                : F("cert_trust", AuditSeverity.Ok, "Ok via SAN");
            yield return cert.Trusted
                ? F("cert_chain_of_trust", AuditSeverity.Ok, "passed")
                : F("cert_chain_of_trust", AuditSeverity.Critical, cert.SelfSigned ? "failed (self signed)" : $"failed ({cert.TrustDetail})");
            if (cert.ChainIncomplete)
            {
                var aia = cert.IssuerUrls.IsEmpty ? "the certificate names no issuer URL (AIA caIssuers)"
                    : $"the certificate names its issuer at {string.Join(", ", cert.IssuerUrls)} (not fetched: only named hosts are contacted)";
                yield return F("cert_chain_incomplete", AuditSeverity.High, $"{cert.TrustDetail}; {aia}");
            }
            else if (cert.Trusted)
            {
                yield return F("cert_chain_incomplete", AuditSeverity.Ok, "the server sends every intermediate certificate");
            }
            var keySeverity = cert.KeyType is "RSA" or "DSA"
                ? cert.KeyBits < 1024 ? AuditSeverity.Critical : cert.KeyBits < 2048 ? AuditSeverity.Medium : AuditSeverity.Ok
                : cert.KeyBits < 224 ? AuditSeverity.High : AuditSeverity.Ok;
            yield return F("cert_keySize", keySeverity, $"{cert.KeyType} {cert.KeyBits} bits{(cert.Curve is null ? "" : $" ({cert.Curve})")}");
            var signatureSeverity = cert.SignatureAlgorithm.StartsWith("md", StringComparison.Ordinal) ? AuditSeverity.Critical
                : cert.WeakSignature ? AuditSeverity.Medium : AuditSeverity.Ok;
            yield return F("cert_signatureAlgorithm", signatureSeverity, cert.WeakSignature ? $"{cert.SignatureAlgorithm} (SHA1 or weaker: NOT ok)" : cert.SignatureAlgorithm);
            var days = (int)Math.Floor(cert.DaysLeft);
            var (expirySeverity, expiry) = cert.Expired ? (AuditSeverity.Critical, "expired")
                : days < 30 ? (AuditSeverity.High, $"expires < 30 days ({days})")
                : days < 60 ? (AuditSeverity.Medium, $"expires < 60 days ({days})")
                : (AuditSeverity.Ok, $"{days} >= 60 days");
            yield return F("cert_expirationStatus", expirySeverity, expiry);
            // testssl.sh 3.2.3 gives cert_notAfter the severity of the expiration status.
            yield return F("cert_notAfter", expirySeverity, cert.NotAfter.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
            var lifetime = (int)Math.Floor(cert.LifetimeDays);
            yield return lifetime >= 3650 ? F("cert_extlifeSpan", AuditSeverity.High, $"{lifetime} days")
                : lifetime >= 1825 ? F("cert_extlifeSpan", AuditSeverity.Medium, $"{lifetime} days")
                : cert.LifetimeDays > 398 ? F("cert_extlifeSpan", AuditSeverity.Medium, $"{lifetime} > 398 days")
                : F("cert_extlifeSpan", AuditSeverity.Ok, "certificate has no extended life time according to browser forum");
            foreach (var (id, severity, text) in CertificateLines(cert, suites, scan)) yield return F(id, severity, text);
            yield return F("certs_countServer", AuditSeverity.Info, cert.ChainLength.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            yield return F("host_certificate_Problem", AuditSeverity.High, "no certificate could be read from the server");
        }
        foreach (var v in scan.Vulnerabilities) yield return F(v.Id, v.Severity, v.Text);
        // testssl.sh's clientsimulation-<client> lines: the version and the suite (OpenSSL's name), INFO.
        foreach (var c in scan.ClientSimulations)
            yield return F($"clientsimulation-{c.Client.Short}", AuditSeverity.Info, c.Connected ? $"{(c.Version == TlsVersion.Tls10 ? "TLSv1" : c.Version!.Value.Display())} {c.Suite!.OpenSslName}" : "No connection");
        yield return F("OCSP_stapling", scan.OcspStapled ? AuditSeverity.Ok : AuditSeverity.Info, scan.OcspStapled ? "offered" : "not offered");

        foreach (var v in profiles)
        {
            var isExpected = v.Profile == expected;
            var severity = v.Passes ? AuditSeverity.Ok : isExpected ? AuditSeverity.High : AuditSeverity.Info;
            var text = (v.Passes ? "passes" : "fails: " + string.Join("; ", v.Deviations)) + (isExpected ? " (expected profile)" : "");
            yield return F($"mozilla_profile_{v.Profile.ToString().ToLowerInvariant()}", severity, text);
        }

        var gradeSeverity = grade.Grade switch
        {
            "A+" or "A" => AuditSeverity.Ok,
            "B" => AuditSeverity.Low,
            "C" => AuditSeverity.Medium,
            _ => AuditSeverity.High,
        };
        var because = grade.Reasons.IsEmpty ? "" : $": {string.Join("; ", grade.Reasons)}";
        var ignoring = grade.Grade != grade.GradeIgnoringTrust ? $" (if trust issues are ignored: {grade.GradeIgnoringTrust})" : "";
        yield return F("overall_grade", gradeSeverity, $"{grade.Grade}{ignoring}, score {grade.Score}{because}");
    }
}
