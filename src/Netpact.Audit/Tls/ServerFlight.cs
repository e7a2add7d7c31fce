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

    /// <summary>The protocols a server advertises in its NPN extension.</summary>
    public ImmutableArray<string> NextProtocols { get; init; } = [];
}

/// <summary>How reading a server's reply ended.</summary>
public enum ReplyEnd { Closed, Alert, Timeout, Reset, MaxRecords }

/// <summary>The records a server sent after the probe's own messages, and how the reading ended.</summary>
public sealed record ServerReply(ImmutableArray<(int Type, byte[] Payload)> Records, ReplyEnd End)
{
    /// <summary>The description of the first alert, when one came.</summary>
    public int? Alert => Records.FirstOrDefault(r => r.Type == 21) is { Payload: { Length: >= 2 } p } ? p[1] : null;

    /// <summary>The reply as testssl.sh compares replies: the bytes received (an alert cut to its two bytes), or the way it ended.</summary>
    public string Signature => Records.IsEmpty
        ? End == ReplyEnd.Timeout ? "timeout" : "closed"
        : string.Join(" ", Records.Select(r => $"{r.Type}:{Convert.ToHexString(r.Type == 21 ? r.Payload.AsSpan(0, Math.Min(2, r.Payload.Length)) : r.Payload)}"));
}
