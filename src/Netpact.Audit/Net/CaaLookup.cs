using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Netpact.Audit.Net;

/// <summary>The CAA records found for a name (RFC 8659), at the name itself or its closest parent that has any.</summary>
public sealed record CaaAnswer(string? Owner, ImmutableArray<(string Tag, string Value)> Records, string? Failure);

/// <summary>
/// CAA lookups over UDP to the one resolver the user named with --dns, and nowhere else: a DNS query is
/// a contact, so none is made without it. Climbs from the name towards the root as RFC 8659 and
/// testssl.sh do, one query per label (bounded by the labels), each bounded by the timeout.
/// </summary>
public sealed class CaaLookup(IPEndPoint resolver, TimeSpan timeout)
{
    private const ushort TypeCaa = 257;

    public async Task<CaaAnswer> LookupAsync(string name, CancellationToken cancellation)
    {
        var labels = name.TrimEnd('.').Split('.');
        // Bounded: one query per label, the name itself first.
        for (var i = 0; i < labels.Length; i++)
        {
            var owner = string.Join('.', labels[i..]);
            var (records, failure) = await QueryAsync(owner, cancellation).ConfigureAwait(false);
            if (failure is not null) return new CaaAnswer(null, [], failure);
            if (!records.IsEmpty) return new CaaAnswer(owner, records, null);
        }
        return new CaaAnswer(null, [], null);
    }

    private async Task<(ImmutableArray<(string Tag, string Value)> Records, string? Failure)> QueryAsync(string owner, CancellationToken cancellation)
    {
        var id = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1);
        var query = Query(id, owner);
        using var socket = new Socket(resolver.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        cts.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(resolver, cts.Token).ConfigureAwait(false);
            await socket.SendAsync(query, SocketFlags.None, cts.Token).ConfigureAwait(false);
            var buffer = new byte[4096];
            // Bounded: a few datagrams (a stray one with another id is skipped), within the timeout.
            for (var i = 0; i < 4; i++)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token).ConfigureAwait(false);
                if (n < 12 || BinaryPrimitives.ReadUInt16BigEndian(buffer) != id) continue;
                return Parse(buffer.AsSpan(0, n).ToArray());
            }
            return ([], "no answer with the query's id");
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return ([], $"no answer from the resolver {resolver} within the timeout");
        }
        catch (SocketException e)
        {
            return ([], $"the resolver {resolver} cannot be asked ({e.SocketErrorCode})");
        }
    }

    private static byte[] Query(ushort id, string owner)
    {
        var q = new List<byte> { (byte)(id >> 8), (byte)id, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0 };   // recursion desired, one question
        foreach (var label in owner.Split('.'))
        {
            var bytes = Encoding.ASCII.GetBytes(label);
            q.Add((byte)bytes.Length);
            q.AddRange(bytes);
        }
        q.AddRange([0, 0x01, 0x01, 0, 1]);                                // root, type CAA (257), class IN
        return [.. q];
    }

    private static (ImmutableArray<(string Tag, string Value)>, string?) Parse(byte[] message)
    {
        var rcode = message[3] & 0x0F;
        if ((message[2] & 0x02) != 0) return ([], "the resolver's answer was truncated");
        if (rcode == 3) return ([], null);                                   // NXDOMAIN: no records here, climb on
        if (rcode != 0) return ([], $"the resolver answered with rcode {rcode}");
        var questions = BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(4));
        var answers = BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(6));
        var at = 12;
        for (var i = 0; i < questions; i++) at = SkipName(message, at) + 4;
        var records = new List<(string, string)>();
        for (var i = 0; i < answers && at < message.Length; i++)
        {
            at = SkipName(message, at);
            if (at + 10 > message.Length) break;
            var type = BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(at));
            var length = BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(at + 8));
            at += 10;
            if (at + length > message.Length) break;
            if (type == TypeCaa && length >= 2 && 2 + message[at + 1] <= length)
            {
                var tagLength = message[at + 1];
                var tag = Encoding.ASCII.GetString(message, at + 2, tagLength);
                var value = Encoding.UTF8.GetString(message, at + 2 + tagLength, length - 2 - tagLength);
                records.Add((tag, value));
            }
            at += length;
        }
        return ([.. records], null);
    }

    /// <summary>The offset after a (possibly compressed) name.</summary>
    private static int SkipName(byte[] message, int at)
    {
        // Bounded by the message: each step moves forward, a pointer ends the name.
        while (at < message.Length)
        {
            var length = message[at];
            if ((length & 0xC0) == 0xC0) return at + 2;
            if (length == 0) return at + 1;
            at += 1 + length;
        }
        return message.Length;
    }
}
