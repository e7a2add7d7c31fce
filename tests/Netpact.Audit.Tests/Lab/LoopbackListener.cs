using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Netpact.Audit.Tests.Lab;

/// <summary>
/// A TCP server on a loopback address for one test: it counts every connection and keeps what it was
/// sent, so a test can prove that a host was (or was not) contacted. Each connection is served by the
/// given handler; the accept loop ends when the listener is disposed.
/// </summary>
internal sealed class LoopbackListener : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Lock _lock = new();
    private readonly StringBuilder _received = new();
    private int _connections;

    public LoopbackListener(string address, Func<NetworkStream, CancellationToken, Task> serve)
    {
        _listener = new TcpListener(IPAddress.Parse(address), 0);
        _listener.Start();
        Address = address;
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = Task.Run(() => AcceptAsync(serve));
    }

    public string Address { get; }

    public int Port { get; }

    public int Connections => Volatile.Read(ref _connections);

    public string Received
    {
        get
        {
            lock (_lock) return _received.ToString();
        }
    }

    /// <summary>Reads what a client sent up to the end of its request headers (at most 64 KiB), keeping it.</summary>
    public async Task<string> ReadRequestAsync(NetworkStream stream, CancellationToken cancellation)
    {
        var buffer = new byte[65536];
        var total = 0;
        while (total < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(total), cancellation);
            if (n == 0) break;
            total += n;
            if (Encoding.Latin1.GetString(buffer, 0, total).Contains("\r\n\r\n", StringComparison.Ordinal)) break;
        }
        var text = Encoding.Latin1.GetString(buffer, 0, total);
        lock (_lock) _received.Append(text);
        return text;
    }

    private async Task AcceptAsync(Func<NetworkStream, CancellationToken, Task> serve)
    {
        // Bounded by the listener's lifetime: the loop ends when it is disposed.
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            Interlocked.Increment(ref _connections);
            _ = Task.Run(async () =>
            {
                using (client)
                {
                    try
                    {
                        await serve(client.GetStream(), _stop.Token);
                    }
                    catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
                    {
                        // The peer left or the test ended.
                    }
                }
            });
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
