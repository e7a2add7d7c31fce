using System.Collections.Immutable;

namespace Netpact.Audit.Tls;

/// <summary>
/// The letter grade, following SSL Labs' server rating guide: a numeric score from protocol support
/// (30%), key exchange (30%) and cipher strength (40%), then the caps the guide added over the years.
/// Trust problems give T (not trusted) or M (name mismatch), with the grade the server would have otherwise.
/// </summary>
public sealed record SslLabsGrade(string Grade, string GradeIgnoringTrust, int Score, int ProtocolScore, int KeyExchangeScore, int CipherScore, ImmutableArray<string> Reasons)
{
    private static readonly string[] Order = ["A+", "A", "A-", "B", "C", "D", "E", "F"];

    /// <param name="hstsMaxAge">The HSTS max-age seen on this endpoint, when the audit fetched it over HTTPS.</param>
    public static SslLabsGrade Rate(TlsScanResult scan, long? hstsMaxAge)
    {
        var reasons = new List<string>();
        var offered = scan.OfferedVersions.ToList();
        var suites = scan.AllSuites.ToList();
        var cert = scan.Certificate;
        if (offered.Count == 0 || suites.Count == 0) return new SslLabsGrade("F", "F", 0, 0, 0, 0, ["no TLS handshake succeeded"]);

        var protocolScores = offered.Select(ProtocolScoreOf).ToList();
        var protocol = (protocolScores.Max() + protocolScores.Min()) / 2;

        var certBits = cert is null ? 0 : RsaEquivalentBits(cert);
        var keyBits = certBits;
        if (scan.MinDhBits is { } dh) keyBits = Math.Min(keyBits == 0 ? dh : keyBits, dh);
        var keyExchange = suites.Any(s => s.IsAnonymous) ? 0
            : suites.Any(s => s.IsExport) ? Math.Min(40, KeyScoreOf(keyBits))
            : KeyScoreOf(keyBits);

        var cipherScores = suites.Select(s => CipherScoreOf(s.Bits)).ToList();
        var cipher = (cipherScores.Max() + cipherScores.Min()) / 2;

        var score = (int)Math.Round(0.3 * protocol + 0.3 * keyExchange + 0.4 * cipher, MidpointRounding.AwayFromZero);
        var grade = score >= 80 ? "A" : score >= 65 ? "B" : score >= 50 ? "C" : score >= 35 ? "D" : score >= 20 ? "E" : "F";
        if (protocol == 0 || keyExchange == 0 || cipher == 0)
        {
            grade = "F";
            reasons.Add(keyExchange == 0
                ? suites.Any(s => s.IsAnonymous) ? "anonymous (unauthenticated) key exchange offered" : "no certificate could be read from the server"
                : "a rating category scored zero");
        }

        void Cap(string to, bool when, string reason)
        {
            if (!when) return;
            reasons.Add($"{reason} (capped at {to})");
            if (Array.IndexOf(Order, to) > Array.IndexOf(Order, grade)) grade = to;
        }

        Cap("F", suites.Any(s => s.IsExport), "EXPORT suites offered");
        Cap("F", suites.Any(s => s.IsNull), "NULL suites offered: no encryption");
        Cap("F", cert is { KeyType: "RSA" or "DSA", KeyBits: < 1024 }, "certificate key below 1024 bits");
        Cap("F", scan.MinDhBits is < 1024, "DH parameters below 1024 bits");
        Cap("F", cert?.SignatureAlgorithm.StartsWith("md", StringComparison.Ordinal) == true, "certificate signed with MD5");
        Cap("C", offered.Contains(TlsVersion.Ssl3), "SSLv3 offered (POODLE)");
        Cap("C", suites.Any(s => s.IsRc4), "RC4 offered");
        // SSL Labs applies the 3DES and forward-secrecy caps to what its reference clients negotiate; without a
        // simulation (a scan that had none), to what is offered.
        var simulated = scan.ClientSimulations.Where(c => c.Connected).ToList();
        if (simulated.Count > 0)
        {
            Cap("C", simulated.Any(c => c.Suite!.Is64BitBlock && c.Version >= TlsVersion.Tls11), "64-bit block ciphers negotiated by a reference client with TLS 1.1 or later");
        }
        else
        {
            Cap("C", suites.Any(s => s.Encryption is "3DES" or "DES" or "IDEA" or "RC2") && offered.Any(v => v >= TlsVersion.Tls11), "64-bit block ciphers offered with TLS 1.1 or later");
        }
        Cap("C", !offered.Contains(TlsVersion.Tls12) && !offered.Contains(TlsVersion.Tls13), "neither TLS 1.2 nor TLS 1.3 offered");
        Cap("B", offered.Contains(TlsVersion.Tls10) || offered.Contains(TlsVersion.Tls11), "TLS 1.0 or 1.1 offered");
        Cap("B", cert is { KeyType: "RSA" or "DSA", KeyBits: >= 1024 and < 2048 }, "certificate key below 2048 bits");
        Cap("B", scan.MinDhBits is >= 1024 and < 2048, "DH parameters below 2048 bits");
        var modern = simulated.Where(c => c.Client.Modern).ToList();
        if (modern.Count > 0)
        {
            Cap("B", !modern.Any(c => c.Suite!.IsForwardSecret), "no forward secrecy with the modern reference clients");
        }
        else
        {
            Cap("B", !suites.Any(s => s.IsForwardSecret), "no forward secrecy");
        }
        Cap("B", !suites.Any(s => s.IsAead), "no AEAD suites");
        // testssl.sh 3.2.3 caps a chain missing an intermediate at B, not T, as SSL Labs does for a chain a browser
        // can complete ("chain incomplete"); netpact fetches no intermediate, so it cannot tell the two apart.
        Cap("B", cert is { ChainIncomplete: true }, "certificate chain incomplete");

        if (grade == "A" && reasons.Count == 0 && hstsMaxAge >= 15552000) grade = "A+";
        var ignoringTrust = grade;
        if (cert is not null)
        {
            if (!cert.Trusted && !cert.ChainIncomplete || cert.Expired || cert.WeakSignature)
            {
                grade = "T";
                reasons.Add(cert.Expired ? "certificate expired" : cert.WeakSignature && cert.Trusted ? "SHA-1 certificate signature is no longer trusted" : $"certificate not trusted ({cert.TrustDetail})");
            }
            else if (cert.HostnameMatches == false)
            {
                grade = "M";
                reasons.Add("certificate name mismatch");
            }
        }
        return new SslLabsGrade(grade, ignoringTrust, score, protocol, keyExchange, cipher, [.. reasons]);
    }

    private static int ProtocolScoreOf(TlsVersion v) => v switch
    {
        TlsVersion.Ssl3 => 80,
        TlsVersion.Tls10 => 90,
        TlsVersion.Tls11 => 95,
        _ => 100,
    };

    private static int KeyScoreOf(int bits) => bits switch
    {
        0 => 0,
        < 512 => 20,
        < 1024 => 40,
        < 2048 => 80,
        < 4096 => 90,
        _ => 100,
    };

    private static int CipherScoreOf(int bits) => bits switch
    {
        0 => 0,
        < 128 => 20,
        < 256 => 80,
        _ => 100,
    };

    /// <summary>Elliptic-curve keys rated as the RSA size of equal strength (NIST SP 800-57).</summary>
    private static int RsaEquivalentBits(CertificateInfo cert) => cert.KeyType switch
    {
        "EC" or "Ed25519" or "Ed448" => cert.KeyBits switch { >= 512 => 15360, >= 384 => 7680, >= 256 => 3072, >= 224 => 2048, _ => 1024 },
        _ => cert.KeyBits,
    };
}
