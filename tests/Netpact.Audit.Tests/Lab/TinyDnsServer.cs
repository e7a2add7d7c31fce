using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Netpact.Audit.Tests.Lab;

/// <summary>
/// A DNS server for one test, on a loopback address and UDP: it answers CAA questions from a table
/// (NOERROR with no answer for names without records) and keeps every name it was asked, so a test can
/// prove which queries were made, and that none were.
/// </summary>
internal sealed class TinyDnsServer : IAsyncDisposable
{
    private readonly UdpClient _udp;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Dictionary<string, (string Tag, string Value)[]> _caa;
    private readonly Lock _lock = new();
    private readonly List<string> _asked = [];

    public TinyDnsServer(string address, Dictionary<string, (string Tag, string Value)[]> caa)
    {
        _caa = new(caa, StringComparer.OrdinalIgnoreCase);
        _udp = new UdpClient(new IPEndPoint(IPAddress.Parse(address), 0));
        Endpoint = $"{address}:{((IPEndPoint)_udp.Client.LocalEndPoint!).Port}";
        _loop = Task.Run(ServeAsync);
    }

    public string Endpoint { get; }

    public IReadOnlyList<string> Asked
    {
        get
        {
            lock (_lock) return [.. _asked];
        }
    }

    private async Task ServeAsync()
    {
        // Bounded by the server's lifetime.
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult request;
            try
            {
                request = await _udp.ReceiveAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            var query = request.Buffer;
            var (name, end) = ReadName(query, 12);
            lock (_lock) _asked.Add(name);
            var question = query[12..(end + 4)];
            var records = _caa.TryGetValue(name, out var r) ? r : [];
            var answer = new List<byte> { query[0], query[1], 0x81, 0x80, 0, 1, 0, (byte)records.Length, 0, 0, 0, 0 };
            answer.AddRange(question);
            foreach (var (tag, value) in records)
            {
                var data = new List<byte> { 0, (byte)tag.Length };
                data.AddRange(Encoding.ASCII.GetBytes(tag));
                data.AddRange(Encoding.ASCII.GetBytes(value));
                answer.AddRange([0xC0, 12, 0x01, 0x01, 0, 1, 0, 0, 0x0E, 0x10, (byte)(data.Count >> 8), (byte)data.Count]);
                answer.AddRange(data);
            }
            await _udp.SendAsync(answer.ToArray(), request.RemoteEndPoint, _stop.Token);
        }
    }

    private static (string Name, int End) ReadName(byte[] message, int at)
    {
        var labels = new List<string>();
        while (at < message.Length && message[at] != 0)
        {
            labels.Add(Encoding.ASCII.GetString(message, at + 1, message[at]));
            at += 1 + message[at];
        }
        return (string.Join('.', labels), at + 1);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _udp.Dispose();
        await _loop;
        _stop.Dispose();
    }
}
