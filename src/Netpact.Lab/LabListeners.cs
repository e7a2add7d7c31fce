using System.Net;
using System.Net.Sockets;
using Netpact.Model;

namespace Netpact.Lab;

/// <summary>
/// Listens on every port of every lab host, inside its namespace: TCP and SCTP accept and close, UDP echoes
/// each datagram back. A probe that connects (or gets its echo) has passed both hosts' rules.
/// </summary>
internal sealed class LabListeners : IAsyncDisposable
{
    /// <summary>SCTP socket protocol number (Linux has no ProtocolType for it).</summary>
    internal const ProtocolType Sctp = (ProtocolType)132;

    private readonly List<NamespaceThread> _threads = [];
    private readonly List<Socket> _sockets = [];
    private readonly List<Task> _loops = [];
    private readonly CancellationTokenSource _stop = new();

    private LabListeners() { }

    /// <summary>Whether this kernel offers SCTP sockets (when not, SCTP ports are neither listened on nor probed).</summary>
    public bool SctpSupported { get; private set; } = true;

    public int Count => _sockets.Count;

    public static async Task<LabListeners> StartAsync(LabPlan plan, CancellationToken cancellation)
    {
        var listeners = new LabListeners();
        try
        {
            foreach (var host in plan.Hosts)
            {
                cancellation.ThrowIfCancellationRequested();
                var thread = new NamespaceThread(host.Namespace);
                listeners._threads.Add(thread);
                foreach (var port in host.Ports) await listeners.ListenAsync(thread, port).ConfigureAwait(false);
            }
        }
        catch
        {
            await listeners.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return listeners;
    }

    /// <summary>Listens until cancelled, for 'netpact lab listen' (started by 'lab up'): writes the ready file once every port is open.</summary>
    public static async Task ServeAsync(LabPlan plan, string readyFile, CancellationToken cancellation)
    {
        await using var listeners = await StartAsync(plan, cancellation).ConfigureAwait(false);
        await File.WriteAllTextAsync(readyFile, listeners.SctpSupported ? "sctp\n" : "no-sctp\n", CancellationToken.None).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Asked to stop ('lab down'): close every socket.
        }
    }

    private async Task ListenAsync(NamespaceThread thread, LabPort port)
    {
        var endpoint = new IPEndPoint(IPAddress.Any, port.Port);
        if (port.Protocol == Protocol.UDP)
        {
            var udp = await thread.SocketAsync(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp).ConfigureAwait(false);
            _sockets.Add(udp);
            udp.Bind(endpoint);
            _loops.Add(Task.Run(() => EchoAsync(udp)));
            return;
        }
        Socket stream;
        try
        {
            stream = await thread.SocketAsync(AddressFamily.InterNetwork, SocketType.Stream, port.Protocol == Protocol.TCP ? ProtocolType.Tcp : Sctp).ConfigureAwait(false);
        }
        catch (SocketException) when (port.Protocol == Protocol.SCTP)
        {
            SctpSupported = false;
            return;
        }
        _sockets.Add(stream);
        stream.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        stream.Bind(endpoint);
        stream.Listen(256);
        _loops.Add(Task.Run(() => AcceptAsync(stream)));
    }

    private async Task AcceptAsync(Socket listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var connection = await listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stop.IsCancellationRequested || e is ObjectDisposedException) return;
                // A failed accept or an ICMP error on the echo socket: go on, without spinning.
                await Task.Delay(10, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private async Task EchoAsync(Socket udp)
    {
        var buffer = new byte[512];
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var received = await udp.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token).ConfigureAwait(false);
                await udp.SendToAsync(buffer.AsMemory(0, received.ReceivedBytes), SocketFlags.None, received.RemoteEndPoint, _stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stop.IsCancellationRequested || e is ObjectDisposedException) return;
                // A failed accept or an ICMP error on the echo socket: go on, without spinning.
                await Task.Delay(10, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var s in _sockets) s.Dispose();
        await Task.WhenAll(_loops).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var t in _threads) t.Dispose();
        _stop.Dispose();
    }
}
