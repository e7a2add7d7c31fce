using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Netpact.Audit.Tls;

/// <summary>
/// A hand-built ClientHello offering exactly one protocol version and a chosen list of suites, so a
/// probe can ask for what neither SslStream (system OpenSSL policy) nor BouncyCastle will offer:
/// SSLv3, NULL, anonymous, EXPORT and RC4 suites.
/// </summary>
public static class ClientHello
{
    /// <summary>Every named group a probe offers by default: the ECDHE curves, then the TLS 1.3 FFDHE groups.</summary>
    public static readonly ushort[] Groups = [29, 23, 24, 25, 30, 21, 22, 26, 27, 28, 256, 257, 258, 259, 260];

    // RSA/ECDSA/PSS/EdDSA with SHA-2, then the legacy SHA-1 and MD5 ones old certificates need.
    private static readonly ushort[] SignatureAlgorithms =
        [0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0807, 0x0808, 0x0809, 0x080A, 0x080B, 0x0401, 0x0501, 0x0601, 0x0402, 0x0502, 0x0602, 0x0203, 0x0201, 0x0202, 0x0101];

    public static byte[] Build(TlsVersion version, IEnumerable<int> suites, string? serverName, HelloOptions? options = null)
    {
        options ??= HelloOptions.Default;
        var body = new List<byte>();
        var clientVersion = version == TlsVersion.Tls13 ? (ushort)TlsVersion.Tls12 : (ushort)version;
        AddUInt16(body, clientVersion);
        body.AddRange(RandomNumberGenerator.GetBytes(32));
        var sessionId = options.SessionId ?? RandomNumberGenerator.GetBytes(32);
        body.Add((byte)sessionId.Length);
        body.AddRange(sessionId);
        var suiteList = suites.ToList();
        // The renegotiation SCSV keeps servers that insist on secure renegotiation talking.
        // Not in a renegotiating hello, which carries the previous Finished instead (RFC 5746 3.5).
        if (version != TlsVersion.Tls13 && options.SecureRenegotiation && options.RenegotiationInfo is null) suiteList.Add(0x00FF);
        if (options.FallbackScsv) suiteList.Add(0x5600);
        AddUInt16(body, (ushort)(suiteList.Count * 2));
        foreach (var s in suiteList) AddUInt16(body, (ushort)s);
        if (options.Deflate)
        {
            body.AddRange([2, 1, 0]);                                      // DEFLATE, then null
        }
        else
        {
            body.AddRange([1, 0]);
        }
        if (version != TlsVersion.Ssl3)
        {
            var extensions = Extensions(version, serverName, options);
            AddUInt16(body, (ushort)extensions.Count);
            body.AddRange(extensions);
        }

        var handshake = new List<byte> { 1 };
        AddUInt24(handshake, body.Count);
        handshake.AddRange(body);

        var record = new List<byte> { 22 };
        AddUInt16(record, version == TlsVersion.Ssl3 ? (ushort)TlsVersion.Ssl3 : (ushort)TlsVersion.Tls10);
        AddUInt16(record, (ushort)handshake.Count);
        record.AddRange(handshake);
        return [.. record];
    }

    private static List<byte> Extensions(TlsVersion version, string? serverName, HelloOptions options)
    {
        var e = new List<byte>();
        if (serverName is not null)
        {
            var name = Encoding.ASCII.GetBytes(serverName);
            var entry = new List<byte> { 0 };
            AddUInt16(entry, (ushort)name.Length);
            entry.AddRange(name);
            var list = new List<byte>();
            AddUInt16(list, (ushort)entry.Count);
            list.AddRange(entry);
            Add(e, 0, list);
        }
        Add(e, 5, [1, 0, 0, 0, 0]);                                        // status_request (OCSP)
        var offered = options.Groups ?? Groups;
        var groups = new List<byte>();
        AddUInt16(groups, (ushort)(offered.Count * 2));
        foreach (var g in offered) AddUInt16(groups, g);
        Add(e, 10, groups);                                                // supported_groups
        Add(e, 11, [1, 0]);                                                // ec_point_formats: uncompressed
        if (version >= TlsVersion.Tls12)
        {
            var offeredSignatures = options.SignatureAlgorithms ?? SignatureAlgorithms;
            var sig = new List<byte>();
            AddUInt16(sig, (ushort)(offeredSignatures.Count * 2));
            foreach (var a in offeredSignatures) AddUInt16(sig, a);
            Add(e, 13, sig);                                               // signature_algorithms
        }
        if (options.ExtendedMasterSecret) Add(e, 23, []);                  // extended_master_secret
        if (options.Heartbeat) Add(e, 15, [1]);                            // heartbeat: peer_allowed_to_send
        if (options.Ticket is { } ticket) Add(e, 35, ticket);              // session_ticket: resuming with this one
        else if (options.SessionTicket) Add(e, 35, []);                    // session_ticket: empty, asking for one
        if (options.NextProtocolNegotiation) Add(e, 13172, []);            // next_protocol_negotiation (NPN): the server lists its protocols
        if (options.Alpn is { Count: > 0 } alpn)
        {
            var names = new List<byte>();
            foreach (var name in alpn)
            {
                names.Add((byte)name.Length);
                names.AddRange(Encoding.ASCII.GetBytes(name));
            }
            var list = new List<byte>();
            AddUInt16(list, (ushort)names.Count);
            list.AddRange(names);
            Add(e, 16, list);                                              // application_layer_protocol_negotiation
        }
        if (version == TlsVersion.Tls13)
        {
            // supported_versions: TLS 1.3 only, or TLS 1.3 then 1.2 as a current client offers them.
            Add(e, 43, options.AlsoTls12 ? [4, 0x03, 0x04, 0x03, 0x03] : [2, 0x03, 0x04]);
            Add(e, 45, [1, 1]);                                            // psk_key_exchange_modes: psk_dhe_ke
            var share = new List<byte>();
            // With a chosen group list, no share: a server that supports one of them asks for it (HelloRetryRequest).
            if (options.Groups is null)
            {
                AddUInt16(share, 29);                                      // x25519
                AddUInt16(share, 32);
                share.AddRange(RandomNumberGenerator.GetBytes(32));
            }
            var shares = new List<byte>();
            AddUInt16(shares, (ushort)share.Count);
            shares.AddRange(share);
            Add(e, 51, shares);                                            // key_share
        }
        else if (options.RenegotiationInfo is { } previous)
        {
            Add(e, 0xFF01, [(byte)previous.Length, .. previous]);          // renegotiation_info: the client's last Finished
        }
        else if (options.SecureRenegotiation)
        {
            Add(e, 0xFF01, [0]);                                           // renegotiation_info
        }
        return e;
    }

    private static void Add(List<byte> to, ushort type, IReadOnlyCollection<byte> data)
    {
        AddUInt16(to, type);
        AddUInt16(to, (ushort)data.Count);
        to.AddRange(data);
    }

    private static void AddUInt16(List<byte> to, ushort value)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(b, value);
        to.Add(b[0]);
        to.Add(b[1]);
    }

    private static void AddUInt24(List<byte> to, int value)
    {
        to.Add((byte)(value >> 16));
        to.Add((byte)(value >> 8));
        to.Add((byte)value);
    }
}

/// <summary>What a probe's ClientHello asks for besides versions and suites; the default is an ordinary modern client.</summary>
public sealed record HelloOptions
{
    public static readonly HelloOptions Default = new();

    /// <summary>The named groups offered (null: all known). A TLS 1.3 hello with a chosen list sends no key share.</summary>
    public IReadOnlyList<ushort>? Groups { get; init; }

    /// <summary>The signature algorithms offered (TLS 1.2 and later; null: all known).</summary>
    public IReadOnlyList<ushort>? SignatureAlgorithms { get; init; }

    /// <summary>The renegotiation SCSV and the renegotiation_info extension (RFC 5746).</summary>
    public bool SecureRenegotiation { get; init; } = true;

    /// <summary>A TLS 1.3 hello that offers TLS 1.2 too (supported_versions), as current clients do.</summary>
    public bool AlsoTls12 { get; init; }

    /// <summary>In a renegotiating hello: the verify_data of the client's Finished, for renegotiation_info.</summary>
    public byte[]? RenegotiationInfo { get; init; }

    /// <summary>The extended_master_secret extension (RFC 7627).</summary>
    public bool ExtendedMasterSecret { get; init; } = true;

    /// <summary>TLS_FALLBACK_SCSV (RFC 7507): "this is a retry at a lower version than I support".</summary>
    public bool FallbackScsv { get; init; }

    public bool Heartbeat { get; init; }

    /// <summary>Offer DEFLATE compression before null (CRIME).</summary>
    public bool Deflate { get; init; }

    public IReadOnlyList<string>? Alpn { get; init; }

    public bool SessionTicket { get; init; }

    /// <summary>A session ticket to resume with (RFC 5077); null: none, or an empty extension when <see cref="SessionTicket"/>.</summary>
    public byte[]? Ticket { get; init; }

    /// <summary>The NPN extension (draft-agl-tls-nextprotoneg), empty as a client sends it.</summary>
    public bool NextProtocolNegotiation { get; init; }

    /// <summary>The legacy session id (resumption); null: 32 random bytes.</summary>
    public byte[]? SessionId { get; init; }
}
