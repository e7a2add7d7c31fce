using System.Collections.Immutable;

namespace Netpact.Audit.Tls;

public enum ProfileName { Modern, Intermediate, Old }

/// <summary>Whether a server stays inside a Mozilla server-side TLS profile, and every way it does not.</summary>
public sealed record ProfileVerdict(ProfileName Profile, bool Passes, ImmutableArray<string> Deviations);

/// <summary>
/// Mozilla's server-side TLS recommendations (guidelines 5.7): modern is TLS 1.3 only with an ECDSA
/// certificate; intermediate adds TLS 1.2 with ECDHE/DHE AEAD suites; old reaches back to TLS 1.0.
/// A server passes a profile when everything it offers is allowed by it and its certificate fits.
/// </summary>
public sealed record MozillaProfile(
    ProfileName Name,
    ImmutableHashSet<TlsVersion> Versions,
    ImmutableHashSet<string> Ciphers,
    ImmutableHashSet<string> CertificateTypes,
    int RsaKeySize,
    ImmutableHashSet<string> CertificateCurves,
    ImmutableHashSet<string> CertificateSignatures,
    int? DhParamSize,
    int MaximumCertificateLifespanDays,
    long HstsMinAge)
{
    private static readonly string[] Tls13Suites = ["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"];

    private static readonly string[] IntermediateSuites =
    [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384",
        "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
        "DHE-RSA-AES128-GCM-SHA256", "DHE-RSA-AES256-GCM-SHA384", "DHE-RSA-CHACHA20-POLY1305",
    ];

    private static readonly string[] OldOnlySuites =
    [
        "ECDHE-ECDSA-AES128-SHA256", "ECDHE-RSA-AES128-SHA256", "ECDHE-ECDSA-AES128-SHA", "ECDHE-RSA-AES128-SHA",
        "ECDHE-ECDSA-AES256-SHA384", "ECDHE-RSA-AES256-SHA384", "ECDHE-ECDSA-AES256-SHA", "ECDHE-RSA-AES256-SHA",
        "DHE-RSA-AES128-SHA256", "DHE-RSA-AES256-SHA256", "AES128-GCM-SHA256", "AES256-GCM-SHA384",
        "AES128-SHA256", "AES256-SHA256", "AES128-SHA", "AES256-SHA", "DES-CBC3-SHA",
    ];

    public static readonly MozillaProfile Modern = new(
        ProfileName.Modern, [TlsVersion.Tls13], [.. Tls13Suites], ["EC"], 2048, ["prime256v1", "secp384r1"],
        ["ecdsa-with-SHA256", "ecdsa-with-SHA384", "ecdsa-with-SHA512"], null, 366, 63072000);

    public static readonly MozillaProfile Intermediate = new(
        ProfileName.Intermediate, [TlsVersion.Tls12, TlsVersion.Tls13], [.. Tls13Suites, .. IntermediateSuites], ["EC", "RSA"], 2048,
        ["prime256v1", "secp384r1"], ["sha256WithRSAEncryption", "ecdsa-with-SHA256", "ecdsa-with-SHA384", "ecdsa-with-SHA512"], 2048, 366, 63072000);

    public static readonly MozillaProfile Old = new(
        ProfileName.Old, [TlsVersion.Tls10, TlsVersion.Tls11, TlsVersion.Tls12, TlsVersion.Tls13], [.. Tls13Suites, .. IntermediateSuites, .. OldOnlySuites],
        ["RSA"], 2048, [], ["sha256WithRSAEncryption"], 1024, 366, 63072000);

    public static readonly ImmutableArray<MozillaProfile> All = [Modern, Intermediate, Old];

    public static MozillaProfile Get(ProfileName name) => All.Single(p => p.Name == name);

    public ProfileVerdict Check(TlsScanResult scan)
    {
        var deviations = new List<string>();
        foreach (var version in scan.OfferedVersions.Where(v => !Versions.Contains(v)))
            deviations.Add($"{version.Display()} offered");
        if (!scan.OfferedVersions.Any(Versions.Contains))
            deviations.Add($"none of {string.Join(", ", Versions.Order().Select(v => v.Display()))} offered");
        var extra = scan.AllSuites.Where(s => !Ciphers.Contains(s.IsTls13 ? s.IanaName : s.OpenSslName)).ToList();
        if (extra.Count > 0)
            deviations.Add($"{extra.Count} cipher suites outside the profile ({string.Join(", ", extra.Take(5).Select(s => s.OpenSslName))}{(extra.Count > 5 ? ", ..." : "")})");
        if (scan.Certificate is { } cert)
        {
            if (!CertificateTypes.Contains(cert.KeyType))
                deviations.Add($"{cert.KeyType} certificate (profile: {string.Join(" or ", CertificateTypes.Order(StringComparer.Ordinal).Select(t => t == "EC" ? "ECDSA" : t))})");
            else if (cert.KeyType == "RSA" && cert.KeyBits < RsaKeySize)
                deviations.Add($"RSA key of {cert.KeyBits} bits (profile: at least {RsaKeySize})");
            else if (cert.KeyType == "EC" && CertificateCurves.Count > 0 && !CertificateCurves.Contains(cert.Curve ?? ""))
                deviations.Add($"certificate curve {cert.Curve} (profile: {string.Join(", ", CertificateCurves.Order(StringComparer.Ordinal))})");
            if (!CertificateSignatures.Contains(cert.SignatureAlgorithm))
                deviations.Add($"certificate signed with {cert.SignatureAlgorithm} (profile: {string.Join(", ", CertificateSignatures.Order(StringComparer.Ordinal))})");
            if (cert.LifetimeDays > MaximumCertificateLifespanDays + 1)
                deviations.Add($"certificate valid for {cert.LifetimeDays:F0} days (profile: at most {MaximumCertificateLifespanDays})");
        }
        if (scan.MinDhBits is { } dh && (DhParamSize is null || dh < DhParamSize))
            deviations.Add(DhParamSize is null ? $"finite-field DHE offered ({dh} bits)" : $"DH parameters of {dh} bits (profile: at least {DhParamSize})");
        return new ProfileVerdict(Name, deviations.Count == 0, [.. deviations]);
    }
}
