using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Cryptography;
using Netpact.Audit.Findings;
using Netpact.Audit.Net;
using Netpact.Audit.Targets;

namespace Netpact.Audit.Tls;

/// <summary>
/// secure_client_renego: does the server let a client start a renegotiation (a full handshake's work for
/// the server each time, a DoS lever)? Neither SslStream nor BouncyCastle can renegotiate, so this is a
/// small TLS 1.2 client of its own for exactly one suite family: ECDHE on P-256 with AES-128-GCM (RSA or
/// ECDSA certificate, the signature not checked: nothing secret is sent). It completes one handshake,
/// then sends an encrypted ClientHello carrying its Finished (RFC 5746) and reads what comes back: a
/// ServerHello means the server renegotiates.
/// </summary>
internal sealed class ClientRenegotiation(Connector connector)
{
    private const string Id = "secure_client_renego";
    private static readonly int[] Suites = [0xC02F, 0xC02B];
    private const ushort P256 = 23;

    public async Task<VulnerabilityVerdict> CheckAsync(NetworkEndpoint endpoint, string? sni, IReadOnlyCollection<ProtocolSupport> protocols, CancellationToken cancellation)
    {
        var offered = protocols.Where(p => p.Offered).ToList();
        if (offered.Count > 0 && offered.All(p => p.Version == TlsVersion.Tls13)) return new(Id, AuditSeverity.Ok, "not vulnerable, TLS 1.3 only");
        var tls12 = offered.FirstOrDefault(p => p.Version == TlsVersion.Tls12);
        if (tls12 is null || !tls12.Suites.Any(s => Suites.Contains(s.Code)))
            return new(Id, AuditSeverity.Info, "not tested: needs TLS 1.2 with ECDHE-RSA- or ECDHE-ECDSA-AES128-GCM-SHA256");

        using var slot = await connector.WaitForSlotAsync(endpoint, cancellation).ConfigureAwait(false);
        var (socket, failure) = await connector.ConnectAsync(endpoint, cancellation).ConfigureAwait(false);
        if (socket is null) return new(Id, AuditSeverity.Info, $"not tested: {Connector.Describe(failure)}");
        using (socket)
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            cts.CancelAfter(connector.Timeout);
            try
            {
                return await RenegotiateAsync(socket, sni, tls12.Suites.Where(s => Suites.Contains(s.Code)).Select(s => s.Code).ToList(), cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                return new(Id, AuditSeverity.Info, "not tested: no complete handshake within the timeout");
            }
            catch (Exception e) when (e is SocketException or IOException or CryptographicException or ProtocolError)
            {
                return new(Id, AuditSeverity.Info, $"not tested: {e.Message}");
            }
        }
    }

    private sealed class ProtocolError(string message) : Exception(message);

    private async Task<VulnerabilityVerdict> RenegotiateAsync(Socket socket, string? sni, List<int> suites, CancellationToken ct)
    {
        var transcript = new List<byte>();
        var hello = ClientHello.Build(TlsVersion.Tls12, suites, sni, new HelloOptions { Groups = [P256], ExtendedMasterSecret = false });
        transcript.AddRange(hello.AsSpan(5).ToArray());
        var clientRandom = hello.AsSpan(11, 32).ToArray();
        await socket.SendAsync(hello, SocketFlags.None, ct).ConfigureAwait(false);

        var reader = new RecordReader(socket);
        byte[]? serverRandom = null, serverPoint = null;
        var suite = 0;
        // The server's flight, message by message, up to ServerHelloDone (bounded by the deadline and the record limit).
        for (var done = false; !done;)
        {
            var (type, body, raw) = await reader.HandshakeAsync(ct).ConfigureAwait(false);
            transcript.AddRange(raw);
            switch (type)
            {
                case 2:
                    serverRandom = body.AsSpan(2, 32).ToArray();
                    var at = 34 + 1 + body[34];
                    suite = BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(at));
                    break;
                case 12:
                    if (body[0] != 3 || BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(1)) != P256) throw new ProtocolError("the server chose a curve other than P-256");
                    serverPoint = body.AsSpan(4, body[3]).ToArray();
                    break;
                case 13:
                    throw new ProtocolError("the server asks for a client certificate");
                case 14:
                    done = true;
                    break;
            }
        }
        if (serverRandom is null || serverPoint is not { Length: 65 } || !Suites.Contains(suite)) throw new ProtocolError("the server's flight lacks an ECDHE P-256 key exchange");

        using var ecdh = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        using var peer = ECDiffieHellman.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = serverPoint[1..33], Y = serverPoint[33..65] },
        });
        var premaster = ecdh.DeriveRawSecretAgreement(peer.PublicKey);
        var own = ecdh.ExportParameters(false).Q;
        byte[] clientKeyExchange = [16, 0, 0, 66, 65, 4, .. own.X!, .. own.Y!];
        transcript.AddRange(clientKeyExchange);

        var master = Prf(premaster, "master secret", [.. clientRandom, .. serverRandom], 48);
        var keys = Prf(master, "key expansion", [.. serverRandom, .. clientRandom], 40);
        var writer = new GcmWriter(keys[..16], keys[32..36]);
        var serverKeys = new GcmWriter(keys[16..32], keys[36..40]);
        var verifyData = Prf(master, "client finished", SHA256.HashData([.. transcript]), 12);
        byte[] finished = [20, 0, 0, 12, .. verifyData];

        await socket.SendAsync((byte[])[.. Record(22, clientKeyExchange), .. Record(20, [1]), .. Record(22, writer.Seal(22, finished))], SocketFlags.None, ct).ConfigureAwait(false);

        // The server's ChangeCipherSpec and Finished (a NewSessionTicket may come first).
        for (var i = 0; i < 8; i++)
        {
            var (type, payload) = await reader.RecordAsync(ct).ConfigureAwait(false);
            if (type == 21) throw new ProtocolError($"the server refused the handshake (alert {(payload.Length > 1 ? payload[1] : -1)})");
            if (type == 20) break;
        }
        var (finishedType, sealedFinished) = await reader.RecordAsync(ct).ConfigureAwait(false);
        if (finishedType != 22) throw new ProtocolError("no Finished from the server");
        serverKeys.Open(22, sealedFinished);

        // The renegotiation: a ClientHello under the new keys, with our Finished in renegotiation_info.
        var again = ClientHello.Build(TlsVersion.Tls12, suites, sni, new HelloOptions { Groups = [P256], ExtendedMasterSecret = false, RenegotiationInfo = verifyData });
        await socket.SendAsync(Record(22, writer.Seal(22, again[5..])), SocketFlags.None, ct).ConfigureAwait(false);
        try
        {
            for (var i = 0; i < 8; i++)
            {
                var (type, payload) = await reader.RecordAsync(ct).ConfigureAwait(false);
                var plain = serverKeys.Open((byte)type, payload);
                if (type == 22 && plain.Length > 0 && plain[0] == 2) return new(Id, AuditSeverity.Medium, "VULNERABLE, potential DoS threat");
                if (type == 21) return new(Id, AuditSeverity.Ok, "not vulnerable");
            }
            return new(Id, AuditSeverity.Ok, "not vulnerable");
        }
        catch (Exception e) when (e is SocketException or IOException or ProtocolError)
        {
            // The server hung up on the renegotiation.
            return new(Id, AuditSeverity.Ok, "not vulnerable");
        }
    }

    /// <summary>TLS 1.2's PRF with SHA-256 (RFC 5246 section 5).</summary>
    internal static byte[] Prf(byte[] secret, string label, byte[] seed, int length)
    {
        byte[] labelSeed = [.. System.Text.Encoding.ASCII.GetBytes(label), .. seed];
        var output = new List<byte>(length + 32);
        var a = labelSeed;
        while (output.Count < length)
        {
            a = HMACSHA256.HashData(secret, a);
            output.AddRange(HMACSHA256.HashData(secret, (byte[])[.. a, .. labelSeed]));
        }
        return [.. output.Take(length)];
    }

    private static byte[] Record(byte type, byte[] payload) => [type, 3, 3, (byte)(payload.Length >> 8), (byte)payload.Length, .. payload];

    /// <summary>AES-128-GCM records as TLS 1.2 seals them (RFC 5288): a 4-byte salt and the sequence number as the explicit nonce.</summary>
    private sealed class GcmWriter(byte[] key, byte[] salt)
    {
        private ulong _sequence;

        public byte[] Seal(byte type, byte[] plain)
        {
            var explicitNonce = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(explicitNonce, _sequence);
            var ciphertext = new byte[plain.Length];
            var tag = new byte[16];
            using var gcm = new AesGcm(key, 16);
            gcm.Encrypt((byte[])[.. salt, .. explicitNonce], plain, ciphertext, tag, Aad(type, plain.Length));
            _sequence++;
            return [.. explicitNonce, .. ciphertext, .. tag];
        }

        public byte[] Open(byte type, byte[] record)
        {
            if (record.Length < 24) throw new ProtocolError("a short encrypted record");
            var ciphertext = record[8..^16];
            var plain = new byte[ciphertext.Length];
            using var gcm = new AesGcm(key, 16);
            gcm.Decrypt((byte[])[.. salt, .. record[..8]], ciphertext, record[^16..], plain, Aad(type, plain.Length));
            _sequence++;
            return plain;
        }

        private byte[] Aad(byte type, int length)
        {
            var aad = new byte[13];
            BinaryPrimitives.WriteUInt64BigEndian(aad, _sequence);
            aad[8] = type;
            aad[9] = 3;
            aad[10] = 3;
            BinaryPrimitives.WriteUInt16BigEndian(aad.AsSpan(11), (ushort)length);
            return aad;
        }
    }

    /// <summary>Plaintext records, and handshake messages across them.</summary>
    private sealed class RecordReader(Socket socket)
    {
        private readonly List<byte> _handshake = [];
        private int _records;

        public async Task<(int Type, byte[] Payload)> RecordAsync(CancellationToken ct)
        {
            if (++_records > 64) throw new ProtocolError("too many records");
            var header = new byte[5];
            await ReadExactlyAsync(header, ct).ConfigureAwait(false);
            var payload = new byte[BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(3))];
            await ReadExactlyAsync(payload, ct).ConfigureAwait(false);
            return (header[0], payload);
        }

        public async Task<(int Type, byte[] Body, byte[] Raw)> HandshakeAsync(CancellationToken ct)
        {
            while (_handshake.Count < 4 || _handshake.Count < 4 + (_handshake[1] << 16 | _handshake[2] << 8 | _handshake[3]))
            {
                var (type, payload) = await RecordAsync(ct).ConfigureAwait(false);
                if (type == 21) throw new ProtocolError($"the server refused the handshake (alert {(payload.Length > 1 ? payload[1] : -1)})");
                if (type != 22) throw new ProtocolError($"unexpected record type {type}");
                _handshake.AddRange(payload);
            }
            var length = 4 + (_handshake[1] << 16 | _handshake[2] << 8 | _handshake[3]);
            var raw = _handshake.GetRange(0, length).ToArray();
            _handshake.RemoveRange(0, length);
            return (raw[0], raw[4..], raw);
        }

        private async Task ReadExactlyAsync(byte[] buffer, CancellationToken ct)
        {
            var read = 0;
            while (read < buffer.Length)
            {
                var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, ct).ConfigureAwait(false);
                if (n == 0) throw new ProtocolError("the server closed the connection");
                read += n;
            }
        }
    }
}
