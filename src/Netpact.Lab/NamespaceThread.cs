using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Netpact.Lab;

/// <summary>
/// A thread that has joined a lab namespace (setns) and opens sockets there for the rest of the process: a
/// socket stays in the namespace it was made in, whichever thread uses it later. The thread never leaves the
/// namespace; it ends when disposed.
/// </summary>
internal sealed partial class NamespaceThread : IDisposable
{
    private const int CloneNewNet = 0x40000000;

    private readonly BlockingCollection<Action> _work = [];
    private readonly Thread _thread;
    private readonly TaskCompletionSource _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public NamespaceThread(string ns)
    {
        Namespace = ns;
        _thread = new Thread(Run) { IsBackground = true, Name = $"netns {ns}" };
        _thread.Start();
    }

    public string Namespace { get; }

    /// <summary>Completes once the thread is in the namespace; fails when the namespace cannot be joined.</summary>
    public Task Joined => _joined.Task;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setns(int fd, int nstype);

    private void Run()
    {
        try
        {
            using var handle = File.OpenHandle($"/run/netns/{Namespace}");
            if (setns((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
                throw new LabException($"cannot enter network namespace {Namespace}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
            _joined.TrySetResult();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or LabException)
        {
            _joined.TrySetException(e is LabException ? e : new LabException($"cannot enter network namespace {Namespace}: {e.Message}", e));
            foreach (var _ in _work.GetConsumingEnumerable()) { }
            return;
        }
        foreach (var work in _work.GetConsumingEnumerable()) work();
    }

    /// <summary>Opens a socket inside the namespace.</summary>
    public async Task<Socket> SocketAsync(AddressFamily family, SocketType type, ProtocolType protocol)
    {
        await Joined.ConfigureAwait(false);
        var result = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            try { result.TrySetResult(new Socket(family, type, protocol)); }
            catch (SocketException e) { result.TrySetException(e); }
        });
        return await result.Task.ConfigureAwait(false);
    }

    public void Dispose()
    {
        _work.CompleteAdding();
        if (_thread.Join(TimeSpan.FromSeconds(5))) _work.Dispose();
    }
}
