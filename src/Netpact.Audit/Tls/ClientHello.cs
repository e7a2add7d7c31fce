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
    private static readonly ushort[] Groups = [29, 23, 24, 25, 30, 21, 22, 256, 257, 258];

    // RSA/ECDSA/PSS/EdDSA with SHA-2, then the legacy SHA-1 and MD5 ones old certificates need.
    private static readonly ushort[] SignatureAlgorithms =
        [0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0807, 0x0808, 0x0809, 0x080A, 0x080B, 0x0401, 0x0501, 0x0601, 0x0402, 0x0502, 0x0602, 0x0203, 0x0201, 0x0202, 0x0101];

    public static byte[] Build(TlsVersion version, IEnumerable<int> suites, string? serverName)
    {
        var body = new List<byte>();
        var clientVersion = version == TlsVersion.Tls13 ? (ushort)TlsVersion.Tls12 : (ushort)version;
        AddUInt16(body, clientVersion);
        body.AddRange(RandomNumberGenerator.GetBytes(32));
        body.Add(32);
        body.AddRange(RandomNumberGenerator.GetBytes(32));
        var suiteList = suites.ToList();
        // The renegotiation SCSV keeps servers that insist on secure renegotiation talking.
        if (version != TlsVersion.Tls13) suiteList.Add(0x00FF);
        AddUInt16(body, (ushort)(suiteList.Count * 2));
        foreach (var s in suiteList) AddUInt16(body, (ushort)s);
        body.Add(1);
        body.Add(0);
        if (version != TlsVersion.Ssl3)
        {
            var extensions = Extensions(version, serverName);
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

    private static List<byte> Extensions(TlsVersion version, string? serverName)
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
        var groups = new List<byte>();
        AddUInt16(groups, (ushort)(Groups.Length * 2));
        foreach (var g in Groups) AddUInt16(groups, g);
        Add(e, 10, groups);                                                // supported_groups
        Add(e, 11, [1, 0]);                                                // ec_point_formats: uncompressed
        if (version >= TlsVersion.Tls12)
        {
            var sig = new List<byte>();
            AddUInt16(sig, (ushort)(SignatureAlgorithms.Length * 2));
            foreach (var a in SignatureAlgorithms) AddUInt16(sig, a);
            Add(e, 13, sig);                                               // signature_algorithms
        }
        Add(e, 23, []);                                                    // extended_master_secret
        if (version == TlsVersion.Tls13)
        {
            Add(e, 43, [2, 0x03, 0x04]);                                   // supported_versions: TLS 1.3 only
            Add(e, 45, [1, 1]);                                            // psk_key_exchange_modes: psk_dhe_ke
            var share = new List<byte>();
            AddUInt16(share, 29);                                          // x25519
            AddUInt16(share, 32);
            share.AddRange(RandomNumberGenerator.GetBytes(32));
            var shares = new List<byte>();
            AddUInt16(shares, (ushort)share.Count);
            shares.AddRange(share);
            Add(e, 51, shares);                                            // key_share
        }
        else
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
