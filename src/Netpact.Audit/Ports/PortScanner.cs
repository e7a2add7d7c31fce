using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using Netpact.Audit.Net;

namespace Netpact.Audit.Ports;

public enum PortState { Open, Closed, Filtered }

/// <summary>The state of every scanned port of one host, and whether the time budget cut the scan short.</summary>
public sealed record PortScanResult(string Host, IPAddress? Address, ImmutableDictionary<int, PortState> States, bool BudgetExhausted, string? Error)
{
    public IEnumerable<int> Open => States.Where(kv => kv.Value == PortState.Open).Select(kv => kv.Key).Order();
}

/// <summary>
/// A TCP connect scan of one named host: a full connect per port, closed at once (no raw packets, no
/// payload), at most <paramref name="concurrency"/> attempts in flight, each bounded by the connector's
/// timeout, and the whole scan by <paramref name="budget"/> (ports not reached are reported filtered).
/// </summary>
public sealed class PortScanner(Connector connector, int concurrency, TimeSpan budget)
{
    /// <summary>Use the system-call scanner where it exists (Linux); off, the portable managed scanner runs.</summary>
    internal bool UseNativeScan { get; init; } = LinuxConnectScan.IsAvailable;

    public async Task<PortScanResult> ScanAsync(string host, IReadOnlyList<int> ports, CancellationToken cancellation)
    {
        var address = connector.Overrides.FindAny(host) ?? await connector.ResolveAsync(host, ports.Count > 0 ? ports[0] : 0, cancellation).ConfigureAwait(false);
        if (address is null) return new PortScanResult(host, null, ImmutableDictionary<int, PortState>.Empty, false, $"{host}: the name does not resolve");
        if (UseNativeScan)
        {
            // One poll loop per core, each with its share of the ports and of the connects in flight.
            var loops = Math.Clamp(Math.Min(Environment.ProcessorCount, concurrency), 1, 4);
            var slices = Enumerable.Range(0, loops).Select(k => ports.Where((_, i) => i % loops == k).ToArray()).Where(s => s.Length > 0).ToArray();
            var scans = await Task.WhenAll(slices.Select(slice => Task.Factory.StartNew(
                () => LinuxConnectScan.Scan(address, slice, Math.Max(1, concurrency / slices.Length), connector.Timeout, budget, cancellation),
                cancellation, TaskCreationOptions.LongRunning, TaskScheduler.Default))).ConfigureAwait(false);
            var merged = new PortState[ports.Count];
            for (var k = 0; k < slices.Length; k++)
            {
                for (var j = 0; j < slices[k].Length; j++) merged[j * slices.Length + k] = scans[k].States[j];
            }
            return Result(host, address, ports, merged, scans.Any(x => x.Exhausted));
        }
        var states = new PortState[ports.Count];
        Array.Fill(states, PortState.Filtered);
        using var budgetCts = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        budgetCts.CancelAfter(budget);
        var next = -1;
        async Task Worker()
        {
            // One timeout source per worker, reset between attempts: no timer or link allocated per port.
            var attempt = CancellationTokenSource.CreateLinkedTokenSource(budgetCts.Token);
            using var connect = new ConnectOperation();
            try
            {
                while (!budgetCts.IsCancellationRequested)
                {
                    var i = Interlocked.Increment(ref next);
                    if (i >= ports.Count) return;
                    attempt.CancelAfter(connector.Timeout);
                    states[i] = await connect.ProbeAsync(new IPEndPoint(address, ports[i]), attempt.Token).ConfigureAwait(false);
                    if (!attempt.TryReset())
                    {
                        attempt.Dispose();
                        attempt = CancellationTokenSource.CreateLinkedTokenSource(budgetCts.Token);
                    }
                }
            }
            finally
            {
                attempt.Dispose();
            }
        }
        var workers = Enumerable.Range(0, Math.Min(concurrency, ports.Count)).Select(_ => Task.Run(Worker, CancellationToken.None)).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        cancellation.ThrowIfCancellationRequested();
        var exhausted = budgetCts.IsCancellationRequested && Volatile.Read(ref next) < ports.Count;
        return Result(host, address, ports, states, exhausted);
    }

    private static PortScanResult Result(string host, IPAddress address, IReadOnlyList<int> ports, PortState[] states, bool exhausted)
    {
        var builder = ImmutableDictionary.CreateBuilder<int, PortState>();
        for (var i = 0; i < ports.Count; i++) builder[ports[i]] = states[i];
        return new PortScanResult(host, address, builder.ToImmutable(), exhausted, null);
    }

    /// <summary>
    /// One connect attempt at a time, reusing its event args: a refused port is a result code, not an
    /// exception (a full scan meets 65,535 of them). A timeout closes the socket, which ends the attempt.
    /// </summary>
    private sealed class ConnectOperation : SocketAsyncEventArgs
    {
        private TaskCompletionSource<SocketError>? _done;

        public async Task<PortState> ProbeAsync(IPEndPoint target, CancellationToken cancellation)
        {
            using var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            _done = new TaskCompletionSource<SocketError>(TaskCreationOptions.RunContinuationsAsynchronously);
            RemoteEndPoint = target;
            SocketError result;
            using (cancellation.UnsafeRegister(static s => ((Socket)s!).Dispose(), socket))
            {
                try
                {
                    if (!socket.ConnectAsync(this)) _done.TrySetResult(SocketError);
                }
                catch (ObjectDisposedException)
                {
                    _done.TrySetResult(SocketError.OperationAborted);
                }
                result = await _done.Task.ConfigureAwait(false);
            }
            if (result == SocketError.Success)
            {
                try
                {
                    // Connected to itself (simultaneous open on a free port of our own address): nothing listens.
                    if (socket.LocalEndPoint is IPEndPoint local && local.Equals(target)) return PortState.Closed;
                    // Close with RST: nothing is sent to the service and no TIME_WAIT piles up on the scanner.
                    socket.LingerState = new LingerOption(true, 0);
                }
                catch (ObjectDisposedException)
                {
                    // The timeout closed it already; it did connect.
                }
                return PortState.Open;
            }
            return result == SocketError.ConnectionRefused ? PortState.Closed : PortState.Filtered;
        }

        protected override void OnCompleted(SocketAsyncEventArgs e) => _done?.TrySetResult(e.SocketError);
    }
}
