using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Cryptography;
using Netpact.Audit.Tls;

namespace Netpact.Audit.Tests.Lab;

/// <summary>How the fake server answers: the flaws no packaged server on this machine can be configured to have.</summary>
internal sealed record FakeTlsBehavior
{
    public TlsVersion Min { get; init; } = TlsVersion.Tls10;
    public TlsVersion Max { get; init; } = TlsVersion.Tls12;

    /// <summary>The suites it accepts, in its order of preference.</summary>
    public int[] Suites { get; init; } = [0xC02F, 0x002F];

    /// <summary>Answers renegotiation_info (RFC 5746); without it, the server is open to insecure renegotiation.</summary>
    public bool RenegotiationInfo { get; init; } = true;

    /// <summary>Picks DEFLATE when offered (CRIME).</summary>
    public bool Deflate { get; init; }

    /// <summary>Takes the heartbeat extension and answers a heartbeat request with as much "memory" as it claimed (Heartbleed).</summary>
    public bool Heartbleed { get; init; }

    /// <summary>Refuses a hello below its best version that carries TLS_FALLBACK_SCSV (RFC 7507).</summary>
    public bool HonorsFallbackScsv { get; init; } = true;

    /// <summary>Answers an SSLv2 CLIENT-HELLO with an SSLv2 SERVER-HELLO (SSLv2, DROWN).</summary>
    public bool Sslv2 { get; init; }

    /// <summary>Takes a ChangeCipherSpec before any key exchange and reads the next record as encrypted (CCS injection).</summary>
    public bool CcsInjection { get; init; }

    /// <summary>The certificate's key: with it the server decrypts a ClientKeyExchange and answers each kind of bad padding with its own alert (ROBOT).</summary>
    public RSA? RobotOracleKey { get; init; }
}

/// <summary>
/// A TLS server written for the tests that answers a ClientHello the way a flawed server of old does: a
/// ServerHello, its certificate and ServerHelloDone, then (for Heartbleed) an over-long heartbeat response.
/// It never completes a handshake; the audit's probes never need it to.
/// </summary>
internal static class FakeTlsServer
{
    public static LoopbackListener Start(string address, FakeTlsBehavior behavior, byte[] certificate) =>
        new(address, (stream, ct) => ServeAsync(stream, behavior, certificate, ct));

    private static async Task ServeAsync(NetworkStream stream, FakeTlsBehavior behavior, byte[] certificate, CancellationToken ct)
    {
        var header = new byte[5];
        await stream.ReadExactlyAsync(header, ct);
        if ((header[0] & 0x80) != 0)
        {
            var rest = new byte[((header[0] & 0x7F) << 8 | header[1]) - 3];
            await stream.ReadExactlyAsync(rest, ct);
            if (behavior.Sslv2) await stream.WriteAsync(Sslv2ServerHello(certificate), ct);
            return;
        }
        if (header[0] != 22) return;
        var record = new byte[BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(3))];
        await stream.ReadExactlyAsync(record, ct);
        var hello = ParseClientHello(record);
        var version = (TlsVersion)Math.Min(hello.Version, (int)behavior.Max);
        if (version < behavior.Min)
        {
            await stream.WriteAsync(Alert(behavior.Min, 70), ct);
            return;
        }
        if (behavior.HonorsFallbackScsv && hello.Suites.Contains(0x5600) && version < behavior.Max)
        {
            await stream.WriteAsync(Alert(version, 86), ct);
            return;
        }
        var suite = behavior.Suites.FirstOrDefault(hello.Suites.Contains);
        if (suite == 0)
        {
            await stream.WriteAsync(Alert(version, 40), ct);
            return;
        }
        var extensions = new List<byte>();
        if (behavior.RenegotiationInfo && (hello.Extensions.Contains(0xFF01) || hello.Suites.Contains(0x00FF))) extensions.AddRange([0xFF, 0x01, 0, 1, 0]);
        if (behavior.Heartbleed && hello.Extensions.Contains(15)) extensions.AddRange([0, 15, 0, 1, 1]);
        var serverHello = new List<byte> { (byte)((int)version >> 8), (byte)version };
        serverHello.AddRange(RandomNumberGenerator.GetBytes(32));
        serverHello.Add(32);
        serverHello.AddRange(RandomNumberGenerator.GetBytes(32));
        serverHello.AddRange([(byte)(suite >> 8), (byte)suite, (byte)(behavior.Deflate && hello.Compressions.Contains((byte)1) ? 1 : 0)]);
        if (extensions.Count > 0 && version != TlsVersion.Ssl3)
        {
            serverHello.AddRange([(byte)(extensions.Count >> 8), (byte)extensions.Count]);
            serverHello.AddRange(extensions);
        }
        var certificates = new List<byte>();
        certificates.AddRange(UInt24(certificate.Length + 3));
        certificates.AddRange(UInt24(certificate.Length));
        certificates.AddRange(certificate);
        var flight = new List<byte>();
        flight.AddRange(Handshake(2, serverHello));
        flight.AddRange(Handshake(11, certificates));
        flight.AddRange(Handshake(14, []));
        await stream.WriteAsync(Record(22, version, flight), ct);

        // Bounded: a few records, then the connection ends.
        var changeCipherSpecs = 0;
        for (var i = 0; i < 4; i++)
        {
            if (!await TryReadExactlyAsync(stream, header, ct)) return;
            var payload = new byte[BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(3))];
            if (!await TryReadExactlyAsync(stream, payload, ct)) return;
            if (header[0] == 20 && behavior.CcsInjection)
            {
                // The first is taken as if keys were agreed; the second then fails to decrypt.
                if (++changeCipherSpecs == 2) await stream.WriteAsync(Alert(version, 21), ct);
                continue;
            }
            if (header[0] == 22 && payload.Length > 4 && payload[0] == 0x10 && behavior.RobotOracleKey is { } key)
            {
                await stream.WriteAsync(Alert(version, RobotAlert(key, payload.AsSpan(6), version)), ct);
                return;
            }
            if (header[0] != 24 || !behavior.Heartbleed || payload.Length < 3 || payload[0] != 1) return;
            var claimed = payload[1] << 8 | payload[2];
            var response = new List<byte> { 2, payload[1], payload[2] };
            response.AddRange(Enumerable.Repeat((byte)'M', claimed));       // "memory" beyond the request
            response.AddRange(RandomNumberGenerator.GetBytes(16));          // padding
            await stream.WriteAsync(Record(24, version, response), ct);
        }
    }

    /// <summary>A Bleichenbacher oracle: each way the padding can be wrong gets an alert of its own.</summary>
    private static byte RobotAlert(RSA key, ReadOnlySpan<byte> encrypted, TlsVersion version)
    {
        var p = key.ExportParameters(true);
        var modulus = new System.Numerics.BigInteger(p.Modulus, isUnsigned: true, isBigEndian: true);
        var exponent = new System.Numerics.BigInteger(p.D, isUnsigned: true, isBigEndian: true);
        var plain = System.Numerics.BigInteger.ModPow(new System.Numerics.BigInteger(encrypted, isUnsigned: true, isBigEndian: true), exponent, modulus)
            .ToByteArray(isUnsigned: true, isBigEndian: true);
        var padded = new byte[p.Modulus!.Length];
        plain.CopyTo(padded, padded.Length - plain.Length);
        if (padded[0] != 0 || padded[1] != 2) return 51;                          // decrypt_error
        var separator = Array.IndexOf(padded, (byte)0, 2);
        if (separator < 0) return 50;                                             // decode_error
        if (padded.Length - separator - 1 != 48) return 47;                       // illegal_parameter
        return 20;                                                                // bad_record_mac, the version never checked
    }

    private sealed record Hello(int Version, HashSet<int> Suites, HashSet<byte> Compressions, HashSet<int> Extensions);

    private static Hello ParseClientHello(byte[] record)
    {
        var body = record.AsSpan(4);
        var version = BinaryPrimitives.ReadUInt16BigEndian(body);
        var at = 2 + 32;
        at += 1 + body[at];
        var suitesLength = BinaryPrimitives.ReadUInt16BigEndian(body[at..]);
        var suites = new HashSet<int>();
        for (var i = 0; i < suitesLength; i += 2) suites.Add(BinaryPrimitives.ReadUInt16BigEndian(body[(at + 2 + i)..]));
        at += 2 + suitesLength;
        var compressions = body.Slice(at + 1, body[at]).ToArray().ToHashSet();
        at += 1 + body[at];
        var extensions = new HashSet<int>();
        if (at + 2 <= body.Length)
        {
            var end = Math.Min(body.Length, at + 2 + BinaryPrimitives.ReadUInt16BigEndian(body[at..]));
            at += 2;
            while (at + 4 <= end)
            {
                extensions.Add(BinaryPrimitives.ReadUInt16BigEndian(body[at..]));
                at += 4 + BinaryPrimitives.ReadUInt16BigEndian(body[(at + 2)..]);
            }
        }
        return new Hello(version, suites, compressions, extensions);
    }

    private static byte[] Sslv2ServerHello(byte[] certificate)
    {
        var message = new List<byte> { 4, 0, 1, 0x00, 0x02, (byte)(certificate.Length >> 8), (byte)certificate.Length, 0, 3, 0, 16 };
        message.AddRange(certificate);
        message.AddRange([0x01, 0x00, 0x80]);                               // SSL_CK_RC4_128_WITH_MD5
        message.AddRange(RandomNumberGenerator.GetBytes(16));               // connection id
        return [(byte)(0x80 | message.Count >> 8), (byte)message.Count, .. message];
    }

    private static byte[] Alert(TlsVersion version, byte description) => Record(21, version, [2, description]);

    private static IEnumerable<byte> Handshake(byte type, IReadOnlyCollection<byte> body) => [type, .. UInt24(body.Count), .. body];

    private static byte[] Record(byte type, TlsVersion version, IReadOnlyCollection<byte> payload) =>
        [type, (byte)((int)version >> 8), (byte)version, (byte)(payload.Count >> 8), (byte)payload.Count, .. payload];

    private static byte[] UInt24(int value) => [(byte)(value >> 16), (byte)(value >> 8), (byte)value];

    private static async Task<bool> TryReadExactlyAsync(NetworkStream stream, byte[] buffer, CancellationToken ct)
    {
        try
        {
            await stream.ReadExactlyAsync(buffer, ct);
            return true;
        }
        catch (EndOfStreamException)
        {
            return false;
        }
    }
}
