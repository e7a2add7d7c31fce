using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Netpact.Audit.Targets;

namespace Netpact.Audit.Net;

/// <summary>Why a TCP connection could not be made, in words a finding can use.</summary>
public enum ConnectFailure { None, Refused, Timeout, Unreachable, UnknownHost, NotNamed }

/// <summary>
/// Opens TCP connections to named endpoints: --resolve first, then DNS; bounded by a timeout. The only
/// way the audit opens a socket to a target: a host not on the allow-list is never resolved nor connected.
/// </summary>
public sealed class Connector(ResolveOverrides overrides, TimeSpan timeout, TargetAllowList allowList)
{
    public TimeSpan Timeout { get; } = timeout;

    public TargetAllowList AllowList { get; } = allowList;

    /// <summary>TLS probes in flight at once against one host (--connections-per-target).</summary>
    public int ConnectionsPerTarget { get; init; } = AuditLimits.DefaultConnectionsPerTarget;

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _slots = new(StringComparer.Ordinal);

    /// <summary>Waits for one of the host's connection slots; disposing the slot gives it back.</summary>
    public async Task<IDisposable> WaitForSlotAsync(NetworkEndpoint endpoint, CancellationToken cancellation)
    {
        var slots = _slots.GetOrAdd(TargetAllowList.Normalize(endpoint.Host), _ => new SemaphoreSlim(ConnectionsPerTarget, ConnectionsPerTarget));
        await slots.WaitAsync(cancellation).ConfigureAwait(false);
        return new Slot(slots);
    }

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) slots.Release();
        }
    }

    public ResolveOverrides Overrides { get; } = overrides;

    /// <summary>The address of a named host; null when it does not resolve or is not on the allow-list.</summary>
    public async Task<IPAddress?> ResolveAsync(string host, int port, CancellationToken cancellation)
    {
        if (!AllowList.Allows(host)) return null;
        if (Overrides.Find(host, port) is { } pinned) return pinned;
        if (IPAddress.TryParse(host, out var literal)) return literal;
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            cts.CancelAfter(Timeout);
            var addresses = await Dns.GetHostAddressesAsync(host, cts.Token).ConfigureAwait(false);
            return addresses.OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1).FirstOrDefault();
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellation.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>A connected socket, or the reason there is none.</summary>
    public async Task<(Socket? Socket, ConnectFailure Failure)> ConnectAsync(NetworkEndpoint endpoint, CancellationToken cancellation)
    {
        if (!AllowList.Allows(endpoint.Host)) return (null, ConnectFailure.NotNamed);
        var address = await ResolveAsync(endpoint.Host, endpoint.Port, cancellation).ConfigureAwait(false);
        if (address is null) return (null, ConnectFailure.UnknownHost);
        return await ConnectAsync(new IPEndPoint(address, endpoint.Port), cancellation).ConfigureAwait(false);
    }

    private async Task<(Socket? Socket, ConnectFailure Failure)> ConnectAsync(IPEndPoint target, CancellationToken cancellation)
    {
        var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        cts.CancelAfter(Timeout);
        try
        {
            await socket.ConnectAsync(target, cts.Token).ConfigureAwait(false);
            return (socket, ConnectFailure.None);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            socket.Dispose();
            return (null, ConnectFailure.Timeout);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            return (null, Classify(e.SocketErrorCode));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static ConnectFailure Classify(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => ConnectFailure.Refused,
        SocketError.TimedOut => ConnectFailure.Timeout,
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => ConnectFailure.UnknownHost,
        _ => ConnectFailure.Unreachable,
    };

    public static string Describe(ConnectFailure failure) => failure switch
    {
        ConnectFailure.Refused => "connection refused",
        ConnectFailure.Timeout => "no answer within the timeout",
        ConnectFailure.Unreachable => "host unreachable",
        ConnectFailure.UnknownHost => "the name does not resolve",
        ConnectFailure.NotNamed => "not contacted: the host was not named as a target (see --follow-redirects-to)",
        _ => "connected",
    };
}
