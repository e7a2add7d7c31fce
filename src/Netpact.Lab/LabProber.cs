using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Netpact.Model;

namespace Netpact.Lab;

public enum Reach { Open, Blocked, NotProbed }

/// <summary>What one probe saw: a connection (or UDP echo), nothing within the timeout, or no probe at all.</summary>
public sealed record ProbeObservation(LabProbe Probe, Reach Reach, string Detail);

/// <summary>How long a probe waits, how many run at once.</summary>
public sealed record ProbeOptions
{
    /// <summary>How long a connection attempt waits for an answer before it counts as blocked.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A blocked probe that should have passed is tried once more with this longer wait (a loaded machine is slow).</summary>
    public TimeSpan RetryTimeout { get; init; } = TimeSpan.FromSeconds(3);

    public int Parallelism { get; init; } = 64;

    /// <summary>Whether SCTP listeners could be opened; without them SCTP ports are not probed.</summary>
    public bool Sctp { get; init; } = true;
}

/// <summary>
/// Real connection attempts between lab hosts, each from a socket opened in the source's namespace and bound to
/// the source address: TCP and SCTP connect, UDP sends a random payload and waits for its echo (sent again
/// twice within the timeout). At most <see cref="ProbeOptions.Parallelism"/> at once.
/// </summary>
internal static class LabProber
{
    private const int UdpSends = 3;

    public static async Task<IReadOnlyList<ProbeObservation>> ProbeAsync(
        IReadOnlyList<LabProbe> probes, Func<LabProbe, bool> expectOpen, ProbeOptions options, CancellationToken cancellation)
    {
        var threads = probes.Select(p => p.From.Namespace).Distinct().ToDictionary(ns => ns, ns => new NamespaceThread(ns));
        try
        {
            using var gate = new SemaphoreSlim(Math.Max(1, options.Parallelism));
            var tasks = probes.Select(async probe =>
            {
                if (probe.Port.Protocol == Protocol.SCTP && !options.Sctp)
                    return new ProbeObservation(probe, Reach.NotProbed, "this kernel offers no SCTP sockets");
                await gate.WaitAsync(cancellation).ConfigureAwait(false);
                try
                {
                    var thread = threads[probe.From.Namespace];
                    var seen = await OnceAsync(thread, probe, options.Timeout, cancellation).ConfigureAwait(false);
                    if (seen.Reach != Reach.Blocked || !expectOpen(probe)) return seen;
                    var again = await OnceAsync(thread, probe, options.RetryTimeout, cancellation).ConfigureAwait(false);
                    return again with { Detail = $"tried twice: {again.Detail}" };
                }
                finally
                {
                    gate.Release();
                }
            }).ToList();
            return await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        finally
        {
            foreach (var t in threads.Values) t.Dispose();
        }
    }

    private static async Task<ProbeObservation> OnceAsync(NamespaceThread thread, LabProbe probe, TimeSpan timeout, CancellationToken cancellation)
    {
        var target = new IPEndPoint(probe.ToAddress.Address, probe.Port.Port);
        var udp = probe.Port.Protocol == Protocol.UDP;
        using var socket = await thread.SocketAsync(AddressFamily.InterNetwork, udp ? SocketType.Dgram : SocketType.Stream,
            probe.Port.Protocol switch { Protocol.TCP => ProtocolType.Tcp, Protocol.UDP => ProtocolType.Udp, _ => LabListeners.Sctp }).ConfigureAwait(false);
        socket.Bind(new IPEndPoint(probe.FromAddress.Address, 0));
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        limit.CancelAfter(timeout);
        try
        {
            if (!udp)
            {
                await socket.ConnectAsync(target, limit.Token).ConfigureAwait(false);
                return new ProbeObservation(probe, Reach.Open, "connected");
            }
            socket.Connect(target);
            var payload = RandomNumberGenerator.GetBytes(16);
            var buffer = new byte[64];
            for (var send = 0; send < UdpSends; send++)
            {
                await socket.SendAsync(payload, SocketFlags.None, limit.Token).ConfigureAwait(false);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(limit.Token);
                wait.CancelAfter(timeout / UdpSends);
                try
                {
                    var received = await socket.ReceiveAsync(buffer, SocketFlags.None, wait.Token).ConfigureAwait(false);
                    if (buffer.AsSpan(0, received).SequenceEqual(payload)) return new ProbeObservation(probe, Reach.Open, "echoed");
                }
                catch (OperationCanceledException) when (!limit.IsCancellationRequested)
                {
                    // No echo yet: send again.
                }
            }
            return new ProbeObservation(probe, Reach.Blocked, $"no echo within {timeout.TotalMilliseconds:0} ms");
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return new ProbeObservation(probe, Reach.Blocked, $"no answer within {timeout.TotalMilliseconds:0} ms");
        }
        catch (SocketException e)
        {
            return new ProbeObservation(probe, Reach.Blocked, e.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "refused",
                // EPERM: the source host's own output chain dropped the packet.
                SocketError.AccessDenied => "dropped by the source's output rules",
                var other => other.ToString(),
            });
        }
    }
}
