using System.Collections.Immutable;

namespace Netpact.Audit.Tls;

/// <summary>How a server answered one ClientHello.</summary>
public enum HelloOutcome
{
    /// <summary>A ServerHello (or a TLS 1.3 HelloRetryRequest) came back.</summary>
    ServerHello,
    /// <summary>The server sent an alert: it will not talk this version or these suites.</summary>
    Alert,
    /// <summary>The server closed the connection without a word.</summary>
    Closed,
    /// <summary>Bytes came back that are not TLS.</summary>
    NotTls,
    Timeout,
    Refused,
    Unreachable,
}

/// <summary>What one probe learned: the negotiated version and suite and, before TLS 1.3, the plaintext flight.</summary>
public sealed record ServerFlight(
    HelloOutcome Outcome,
    TlsVersion? Version,
    int? CipherSuite,
    ImmutableArray<byte[]> Certificates,
    bool OcspStapled,
    string? KeyExchangeGroup,
    int? DhPrimeBits,
    string Detail)
{
    public static ServerFlight Failed(HelloOutcome outcome, string detail) => new(outcome, null, null, [], false, null, null, detail);

    /// <summary>The ServerHello's own fields, for the vulnerability checks; null when none came.</summary>
    public ServerHelloFacts? Hello { get; init; }

    /// <summary>The signature scheme of a TLS 1.2 ServerKeyExchange (ECDHE, DHE).</summary>
    public int? SignatureScheme { get; init; }

    /// <summary>The alert description when the server answered with an alert.</summary>
    public int? AlertCode { get; init; }
}

/// <summary>What a ServerHello says besides version and suite: session id, compression, extensions.</summary>
public sealed record ServerHelloFacts(
    ImmutableArray<byte> SessionId,
    int Compression,
    ImmutableArray<int> Extensions,
    string? Alpn,
    int? KeyShareGroup,
    bool HelloRetry)
{
    public bool Has(int extension) => Extensions.Contains(extension);
}
