using System.Buffers.Binary;
using System.Net.Sockets;
using Netpact.Audit.Net;
using Netpact.Audit.Targets;

namespace Netpact.Audit.Tls;

/// <summary>
/// Sends one hand-built ClientHello and reads the server's answer up to ServerHelloDone (TLS 1.3:
/// up to the ServerHello). It never completes a handshake: no keys are derived, nothing is encrypted.
/// </summary>
public static class HandshakeProbe
{
    // The largest Certificate message TLS can carry (a 24-bit length), so chains of any size are read; the
    // deadline on the whole read bounds the time a server can take to send it.
    private const int MaxFlightBytes = (1 << 24) + 64 * 1024;
    private static readonly byte[] HelloRetryRandom = Convert.FromHexString("CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C");

    public static async Task<ServerFlight> RunAsync(Connector connector, NetworkEndpoint endpoint, string? sni, TlsVersion version,
        IEnumerable<int> suites, CancellationToken cancellation, HelloOptions? options = null)
    {
        using var slot = await connector.WaitForSlotAsync(endpoint, cancellation).ConfigureAwait(false);
        var (socket, failure) = await connector.ConnectAsync(endpoint, cancellation).ConfigureAwait(false);
        if (socket is null)
        {
            var outcome = failure switch
            {
                ConnectFailure.Refused => HelloOutcome.Refused,
                ConnectFailure.Timeout => HelloOutcome.Timeout,
                _ => HelloOutcome.Unreachable,
            };
            return ServerFlight.Failed(outcome, Connector.Describe(failure));
        }
        using (socket)
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            cts.CancelAfter(connector.Timeout);
            try
            {
                await socket.SendAsync(ClientHello.Build(version, suites, sni, options), SocketFlags.None, cts.Token).ConfigureAwait(false);
                return await ReadFlightAsync(socket, version, cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                return ServerFlight.Failed(HelloOutcome.Timeout, "no complete answer within the timeout");
            }
            catch (SocketException e)
            {
                return ServerFlight.Failed(HelloOutcome.Closed, $"connection reset ({e.SocketErrorCode})");
            }
        }
    }

    /// <summary>
    /// Heartbleed as testssl.sh tests it: a hello offering the heartbeat extension; when the server takes
    /// it, a heartbeat request claiming 16 KiB of payload and carrying none, sent before the handshake is
    /// finished. A heartbeat response means the server read beyond the request: vulnerable.
    /// </summary>
    public static async Task<(ServerFlight Flight, bool? Answered)> HeartbeatAsync(Connector connector, NetworkEndpoint endpoint, string? sni, TlsVersion version,
        IEnumerable<int> suites, CancellationToken cancellation)
    {
        using var slot = await connector.WaitForSlotAsync(endpoint, cancellation).ConfigureAwait(false);
        var (socket, failure) = await connector.ConnectAsync(endpoint, cancellation).ConfigureAwait(false);
        if (socket is null) return (ServerFlight.Failed(HelloOutcome.Unreachable, Connector.Describe(failure)), null);
        using (socket)
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            cts.CancelAfter(connector.Timeout);
            ServerFlight flight = ServerFlight.Failed(HelloOutcome.Timeout, "no complete answer within the timeout");
            try
            {
                await socket.SendAsync(ClientHello.Build(version, suites, sni, new HelloOptions { Heartbeat = true }), SocketFlags.None, cts.Token).ConfigureAwait(false);
                flight = await ReadFlightAsync(socket, version, cts.Token).ConfigureAwait(false);
                if (flight.Hello?.Has(15) != true) return (flight, null);
                var minor = (byte)((int)version & 0xFF);
                await socket.SendAsync(new byte[] { 24, 3, minor, 0, 3, 1, 0x40, 0x00 }, SocketFlags.None, cts.Token).ConfigureAwait(false);
                var header = new byte[5];
                return (flight, await ReadExactlyAsync(socket, header, cts.Token).ConfigureAwait(false) && header[0] == 24);
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                return (flight, flight.Hello?.Has(15) == true ? false : null);
            }
            catch (SocketException)
            {
                return (flight, flight.Hello?.Has(15) == true ? false : null);
            }
        }
    }

    /// <summary>
    /// A hello, the server's flight, then whatever the check sends and reads next on the same connection
    /// (CCS injection, ROBOT): <paramref name="after"/> runs only when a ServerHello came, under the same
    /// deadline as the hello (the connector's timeout, for the whole conversation).
    /// </summary>
    public static async Task<(ServerFlight Flight, T? Result)> ConverseAsync<T>(Connector connector, NetworkEndpoint endpoint, string? sni, TlsVersion version,
        IEnumerable<int> suites, HelloOptions? options, Func<Socket, ServerFlight, CancellationToken, Task<T>> after, CancellationToken cancellation)
    {
        using var slot = await connector.WaitForSlotAsync(endpoint, cancellation).ConfigureAwait(false);
        var (socket, failure) = await connector.ConnectAsync(endpoint, cancellation).ConfigureAwait(false);
        if (socket is null) return (ServerFlight.Failed(HelloOutcome.Unreachable, Connector.Describe(failure)), default);
        using (socket)
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            cts.CancelAfter(connector.Timeout);
            ServerFlight flight;
            try
            {
                await socket.SendAsync(ClientHello.Build(version, suites, sni, options), SocketFlags.None, cts.Token).ConfigureAwait(false);
                flight = await ReadFlightAsync(socket, version, cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                return (ServerFlight.Failed(HelloOutcome.Timeout, "no complete answer within the timeout"), default);
            }
            catch (SocketException e)
            {
                return (ServerFlight.Failed(HelloOutcome.Closed, $"connection reset ({e.SocketErrorCode})"), default);
            }
            if (flight.Outcome != HelloOutcome.ServerHello) return (flight, default);
            return (flight, await after(socket, flight, cts.Token).ConfigureAwait(false));
        }
    }

    /// <summary>
    /// Sends <paramref name="data"/> and reads the records that come back until the server closes, an
    /// alert arrives, <paramref name="maxRecords"/> were read or <paramref name="window"/> passes (whichever
    /// is first; the caller's deadline still holds).
    /// </summary>
    public static async Task<ServerReply> SendAndReadAsync(Socket socket, byte[] data, TimeSpan window, int maxRecords, CancellationToken cancellation)
    {
        var records = new List<(int Type, byte[] Payload)>();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        cts.CancelAfter(window);
        try
        {
            if (data.Length > 0) await socket.SendAsync(data, SocketFlags.None, cts.Token).ConfigureAwait(false);
            var header = new byte[5];
            // Bounded by maxRecords and the window.
            while (records.Count < maxRecords)
            {
                if (!await ReadExactlyAsync(socket, header, cts.Token).ConfigureAwait(false)) return new ServerReply([.. records], ReplyEnd.Closed);
                var payload = new byte[BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(3))];
                if (!await ReadExactlyAsync(socket, payload, cts.Token).ConfigureAwait(false)) return new ServerReply([.. records], ReplyEnd.Closed);
                records.Add((header[0], payload));
                if (header[0] == 21) return new ServerReply([.. records], ReplyEnd.Alert);
            }
            return new ServerReply([.. records], ReplyEnd.MaxRecords);
        }
        catch (OperationCanceledException)
        {
            return new ServerReply([.. records], ReplyEnd.Timeout);
        }
        catch (SocketException)
        {
            return new ServerReply([.. records], ReplyEnd.Reset);
        }
    }

    // SSLv2's seven cipher kinds (RC4, RC2, IDEA, DES, 3DES, with the export variants).
    private static readonly byte[] Sslv2Ciphers =
        [0x01, 0x00, 0x80, 0x02, 0x00, 0x80, 0x03, 0x00, 0x80, 0x04, 0x00, 0x80, 0x05, 0x00, 0x80, 0x06, 0x00, 0x40, 0x07, 0x00, 0xC0];

    /// <summary>An SSLv2 CLIENT-HELLO; an SSLv2 SERVER-HELLO back means SSLv2 is offered, with the ciphers it lists.</summary>
    public static async Task<(bool Offered, int Ciphers, string Detail)> Sslv2Async(Connector connector, NetworkEndpoint endpoint, CancellationToken cancellation)
    {
        using var slot = await connector.WaitForSlotAsync(endpoint, cancellation).ConfigureAwait(false);
        var (socket, failure) = await connector.ConnectAsync(endpoint, cancellation).ConfigureAwait(false);
        if (socket is null) return (false, 0, Connector.Describe(failure));
        using (socket)
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            cts.CancelAfter(connector.Timeout);
            var challenge = System.Security.Cryptography.RandomNumberGenerator.GetBytes(16);
            var body = new List<byte> { 1, 0x00, 0x02, 0, (byte)Sslv2Ciphers.Length, 0, 0, 0, 16 };
            body.AddRange(Sslv2Ciphers);
            body.AddRange(challenge);
            var hello = new List<byte> { (byte)(0x80 | body.Count >> 8), (byte)body.Count };
            hello.AddRange(body);
            try
            {
                await socket.SendAsync(hello.ToArray(), SocketFlags.None, cts.Token).ConfigureAwait(false);
                var header = new byte[2];
                if (!await ReadExactlyAsync(socket, header, cts.Token).ConfigureAwait(false)) return (false, 0, "the server closed the connection");
                if ((header[0] & 0x80) == 0) return (false, 0, "the server answered in TLS record format");
                var length = (header[0] & 0x7F) << 8 | header[1];
                if (length < 11) return (false, 0, "a short SSLv2 record");
                var message = new byte[length];
                if (!await ReadExactlyAsync(socket, message, cts.Token).ConfigureAwait(false) || message[0] != 4) return (false, 0, "no SSLv2 SERVER-HELLO");
                var cipherSpecsLength = message[7] << 8 | message[8];
                return (true, cipherSpecsLength / 3, "SSLv2 SERVER-HELLO");
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                return (false, 0, "no answer within the timeout");
            }
            catch (SocketException e)
            {
                return (false, 0, $"connection reset ({e.SocketErrorCode})");
            }
        }
    }

    private static async Task<ServerFlight> ReadFlightAsync(Socket socket, TlsVersion asked, CancellationToken cancellation)
    {
        var handshake = new List<byte>();
        var total = 0;
        var header = new byte[5];
        TlsVersion? version = null;
        int? suite = null;
        var certificates = new List<byte[]>();
        var stapled = false;
        string? group = null;
        int? dhBits = null;
        ServerHelloFacts? facts = null;
        int? signatureScheme = null;
        var parsed = 0;
        while (total < MaxFlightBytes)
        {
            if (!await ReadExactlyAsync(socket, header, cancellation).ConfigureAwait(false))
            {
                return version is null
                    ? ServerFlight.Failed(HelloOutcome.Closed, total == 0 ? "the server closed the connection" : "the server closed the connection mid-handshake")
                    : Result();
            }
            var type = header[0];
            var length = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(3));
            if (type is < 20 or > 24 || header[1] != 3 || length > 18432)
            {
                return ServerFlight.Failed(HelloOutcome.NotTls, (header[0] & 0x80) != 0 && version is null
                    ? "the server answered in SSLv2 record format"
                    : $"the reply is not TLS (first bytes {Convert.ToHexString(header)})");
            }
            var payload = new byte[length];
            if (!await ReadExactlyAsync(socket, payload, cancellation).ConfigureAwait(false))
            {
                return version is null ? ServerFlight.Failed(HelloOutcome.Closed, "the server closed the connection mid-record") : Result();
            }
            total += 5 + length;
            if (type == 21)
            {
                if (version is not null) return Result();
                var description = payload.Length >= 2 ? payload[1] : -1;
                return ServerFlight.Failed(HelloOutcome.Alert, $"alert {AlertName(description)}") with { AlertCode = description };
            }
            if (type != 22)
            {
                // ChangeCipherSpec or encrypted data after a TLS 1.3 ServerHello: the plaintext part is over.
                if (version is not null) return Result();
                return ServerFlight.Failed(HelloOutcome.NotTls, $"unexpected record type {type} before ServerHello");
            }
            handshake.AddRange(payload);
            while (handshake.Count - parsed >= 4)
            {
                var msgType = handshake[parsed];
                var msgLength = handshake[parsed + 1] << 16 | handshake[parsed + 2] << 8 | handshake[parsed + 3];
                if (handshake.Count - parsed - 4 < msgLength) break;
                var body = handshake.GetRange(parsed + 4, msgLength).ToArray();
                parsed += 4 + msgLength;
                switch (msgType)
                {
                    case 2:
                        if (!ParseServerHello(body, out var v, out var s, out facts))
                            return ServerFlight.Failed(HelloOutcome.NotTls, "malformed ServerHello");
                        version = v;
                        suite = s;
                        if (facts.KeyShareGroup is { } shared) group = GroupName(shared);
                        if (v == TlsVersion.Tls13 || facts.HelloRetry) return Result();
                        break;
                    case 11:
                        certificates.AddRange(ParseCertificates(body));
                        break;
                    case 22:
                        stapled = body.Length > 4 && body[0] == 1;
                        break;
                    case 12:
                        (group, dhBits) = ParseServerKeyExchange(body, suite);
                        if (version == TlsVersion.Tls12) signatureScheme = SignatureSchemeOf(body, suite);
                        break;
                    case 14:
                        return Result();
                }
                if (version is null) return ServerFlight.Failed(HelloOutcome.NotTls, $"handshake message {msgType} before ServerHello");
            }
        }
        return version is null ? ServerFlight.Failed(HelloOutcome.NotTls, "no ServerHello in the first 16 MiB") : Result();

        ServerFlight Result() => new(HelloOutcome.ServerHello, version, suite, [.. certificates], stapled, group, dhBits, $"negotiated {version?.Display()}") { Hello = facts, SignatureScheme = signatureScheme };
    }

    private static bool ParseServerHello(byte[] body, out TlsVersion version, out int suite, out ServerHelloFacts facts)
    {
        version = default;
        suite = 0;
        facts = new ServerHelloFacts([], 0, [], null, null, false);
        if (body.Length < 38) return false;
        var legacy = BinaryPrimitives.ReadUInt16BigEndian(body);
        var helloRetry = body.AsSpan(2, 32).SequenceEqual(HelloRetryRandom);
        var at = 34;
        var sessionLength = body[at];
        if (body.Length < at + 1 + sessionLength + 3) return false;
        var sessionId = body.AsSpan(at + 1, sessionLength).ToArray();
        at += 1 + sessionLength;
        suite = BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(at));
        var compression = body[at + 2];
        at += 3;
        var negotiated = legacy;
        var extensions = new List<int>();
        string? alpn = null;
        int? keyShare = null;
        var nextProtocols = new List<string>();
        if (body.Length >= at + 2)
        {
            var extensionsEnd = Math.Min(body.Length, at + 2 + BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(at)));
            at += 2;
            while (at + 4 <= extensionsEnd)
            {
                var type = BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(at));
                var length = BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(at + 2));
                var data = body.AsSpan(at + 4, Math.Min(length, extensionsEnd - at - 4));
                extensions.Add(type);
                if (type == 43 && data.Length == 2) negotiated = BinaryPrimitives.ReadUInt16BigEndian(data);
                if (type == 51 && data.Length >= 2) keyShare = BinaryPrimitives.ReadUInt16BigEndian(data);
                // ALPN: a list of exactly one protocol name.
                if (type == 16 && data.Length >= 3 && data[2] + 3 <= data.Length) alpn = System.Text.Encoding.ASCII.GetString(data.Slice(3, data[2]));
                // NPN: length-prefixed protocol names, no list length.
                for (var i = 0; type == 13172 && i < data.Length && i + 1 + data[i] <= data.Length; i += 1 + data[i])
                    nextProtocols.Add(System.Text.Encoding.ASCII.GetString(data.Slice(i + 1, data[i])));
                at += 4 + length;
            }
        }
        if (!Enum.IsDefined(typeof(TlsVersion), (int)negotiated)) return false;
        version = (TlsVersion)negotiated;
        facts = new ServerHelloFacts([.. sessionId], compression, [.. extensions], alpn, keyShare, helloRetry) { NextProtocols = [.. nextProtocols] };
        return true;
    }

    private static IEnumerable<byte[]> ParseCertificates(byte[] body)
    {
        if (body.Length < 3) yield break;
        var end = Math.Min(body.Length, 3 + (body[0] << 16 | body[1] << 8 | body[2]));
        var at = 3;
        while (at + 3 <= end)
        {
            var length = body[at] << 16 | body[at + 1] << 8 | body[at + 2];
            at += 3;
            if (at + length > end) yield break;
            yield return body[at..(at + length)];
            at += length;
        }
    }

    private static (string? Group, int? DhBits) ParseServerKeyExchange(byte[] body, int? suiteCode)
    {
        var suite = suiteCode is { } c ? CipherSuites.Find(c) : null;
        if (suite is null || body.Length < 4) return (null, null);
        if (suite.KeyExchange == "ECDH" && body[0] == 3)
        {
            var id = BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(1));
            return (GroupName(id), null);
        }
        if (suite.KeyExchange.StartsWith("DH", StringComparison.Ordinal))
        {
            var primeLength = BinaryPrimitives.ReadUInt16BigEndian(body);
            var prime = body.AsSpan(2, Math.Min(primeLength, body.Length - 2));
            var leading = prime.IndexOfAnyExcept((byte)0);
            var bits = leading < 0 ? 0 : (prime.Length - leading) * 8 - System.Numerics.BitOperations.LeadingZeroCount((uint)prime[leading]) + 24;
            return ($"DH {bits}", bits);
        }
        return (null, null);
    }

    /// <summary>The SignatureAndHashAlgorithm after the key exchange parameters of a TLS 1.2 ServerKeyExchange.</summary>
    private static int? SignatureSchemeOf(byte[] body, int? suiteCode)
    {
        var suite = suiteCode is { } c ? CipherSuites.Find(c) : null;
        if (suite is null || suite.IsAnonymous) return null;
        int at;
        if (suite.KeyExchange == "ECDH" && body.Length >= 4 && body[0] == 3)
        {
            at = 4 + body[3];
        }
        else if (suite.KeyExchange.StartsWith("DH", StringComparison.Ordinal))
        {
            at = 0;
            for (var i = 0; i < 3; i++)
            {
                if (at + 2 > body.Length) return null;
                at += 2 + BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(at));
            }
        }
        else
        {
            return null;
        }
        return at + 2 <= body.Length ? BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(at)) : null;
    }

    public static string GroupName(int id) => id switch
    {
        21 => "secp224r1",
        22 => "secp256k1",
        23 => "prime256v1",
        24 => "secp384r1",
        25 => "secp521r1",
        26 => "brainpoolP256r1",
        27 => "brainpoolP384r1",
        28 => "brainpoolP512r1",
        29 => "X25519",
        30 => "X448",
        256 => "ffdhe2048",
        257 => "ffdhe3072",
        258 => "ffdhe4096",
        259 => "ffdhe6144",
        260 => "ffdhe8192",
        _ => $"group {id}",
    };

    private static string AlertName(int code) => code switch
    {
        40 => "handshake_failure",
        47 => "illegal_parameter",
        50 => "decode_error",
        70 => "protocol_version",
        71 => "insufficient_security",
        80 => "internal_error",
        86 => "inappropriate_fallback",
        112 => "unrecognized_name",
        _ => code.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static async Task<bool> ReadExactlyAsync(Socket socket, byte[] buffer, CancellationToken cancellation)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, cancellation).ConfigureAwait(false);
            if (n == 0) return false;
            read += n;
        }
        return true;
    }
}
