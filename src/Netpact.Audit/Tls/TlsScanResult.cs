using System.Collections.Immutable;

namespace Netpact.Audit.Tls;

/// <summary>One protocol version: offered or not, the suites accepted under it, and what the probe saw.</summary>
public sealed record ProtocolSupport(TlsVersion Version, bool Offered, ImmutableArray<CipherSuite> Suites, string Detail);

/// <summary>Everything learned about one TLS endpoint before any verdict.</summary>
public sealed record TlsScanResult(
    ImmutableArray<ProtocolSupport> Protocols,
    ImmutableArray<string> KeyExchangeGroups,
    int? MinDhBits,
    CertificateInfo? Certificate,
    bool OcspStapled,
    string? Error)
{
    /// <summary>The vulnerability and server-default verdicts (heartbleed, secure_renego, ALPN, ...).</summary>
    public ImmutableArray<VulnerabilityVerdict> Vulnerabilities { get; init; } = [];

    /// <summary>What each reference client negotiates (empty when not simulated).</summary>
    public ImmutableArray<ClientSimulation> ClientSimulations { get; init; } = [];

    public IEnumerable<TlsVersion> OfferedVersions => Protocols.Where(p => p.Offered).Select(p => p.Version);

    public IEnumerable<CipherSuite> AllSuites => Protocols.SelectMany(p => p.Suites).DistinctBy(s => s.Code);

    public bool Offers(TlsVersion version) => Protocols.Any(p => p.Version == version && p.Offered);
}
