using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Netpact.Audit.Tests.Lab;

/// <summary>
/// A server that answers as an F5 BIG-IP open to Ticketbleed (CVE-2016-9244) does, for the tests: every
/// connection is passed on to a real TLS server (openssl s_server, which issues and takes session tickets),
/// except a ClientHello that resumes with a ticket and carries a session ID shorter than 32 bytes. That one
/// is answered with a ServerHello whose session ID is 32 bytes long: the client's bytes, then bytes of
/// "memory" that differ every time.
/// </summary>
internal static class TicketbleedProxy
{
    public static LoopbackListener Start(string address, string backendAddress, int backendPort) =>
        new(address, (stream, ct) => ServeAsync(stream, backendAddress, backendPort, ct));

    private static async Task ServeAsync(NetworkStream client, string backendAddress, int backendPort, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        var header = new byte[5];
        await client.ReadExactlyAsync(header, deadline.Token);
        var record = new byte[BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(3))];
        await client.ReadExactlyAsync(record, deadline.Token);
        if (header[0] == 22 && ShortSessionIdWithTicket(record) is { } sessionId)
        {
            await client.WriteAsync(LeakingServerHello(sessionId), deadline.Token);
            return;
        }
        using var backend = new TcpClient();
        await backend.ConnectAsync(backendAddress, backendPort, deadline.Token);
        var server = backend.GetStream();
        await server.WriteAsync(header, deadline.Token);
        await server.WriteAsync(record, deadline.Token);
        // Both directions until either side closes or the deadline passes.
        var up = client.CopyToAsync(server, deadline.Token);
        var down = server.CopyToAsync(client, deadline.Token);
        await Task.WhenAny(up, down);
        await deadline.CancelAsync();
    }

    /// <summary>The session ID of a ClientHello that has a non-empty session_ticket extension and a session ID of 1 to 31 bytes.</summary>
    private static byte[]? ShortSessionIdWithTicket(byte[] record)
    {
        var body = record.AsSpan(4);
        var at = 2 + 32;
        var sessionId = body.Slice(at + 1, body[at]).ToArray();
        at += 1 + body[at];
        at += 2 + BinaryPrimitives.ReadUInt16BigEndian(body[at..]);
        at += 1 + body[at];
        var end = Math.Min(body.Length, at + 2 + BinaryPrimitives.ReadUInt16BigEndian(body[at..]));
        at += 2;
        var ticket = false;
        while (at + 4 <= end)
        {
            var type = BinaryPrimitives.ReadUInt16BigEndian(body[at..]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(body[(at + 2)..]);
            ticket |= type == 35 && length > 0;
            at += 4 + length;
        }
        return ticket && sessionId.Length is > 0 and < 32 ? sessionId : null;
    }

    private static byte[] LeakingServerHello(byte[] sessionId)
    {
        List<byte> hello = [0x03, 0x03, .. RandomNumberGenerator.GetBytes(32), 32, .. sessionId, .. RandomNumberGenerator.GetBytes(32 - sessionId.Length), 0xC0, 0x2F, 0];
        hello.AddRange([0, 4, 0x00, 0x23, 0, 0]);                 // extensions: session_ticket, empty
        List<byte> handshake = [2, 0, (byte)(hello.Count >> 8), (byte)hello.Count, .. hello];
        // A resumed session: ChangeCipherSpec follows at once.
        return [22, 3, 3, (byte)(handshake.Count >> 8), (byte)handshake.Count, .. handshake, 20, 3, 3, 0, 1, 1];
    }
}
