using System.Runtime.InteropServices;

namespace Netpact.Cli;

/// <summary>
/// SIGINT (Ctrl-C) and SIGTERM ask a long-running verb to stop: the first one cancels the source and the verb ends
/// cleanly, however long that takes; a second one, while it is stopping, is left to its default action (the
/// process ends at once).
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;
    private int _received;

    private StopSignals(CancellationTokenSource stop)
    {
        _stop = stop;
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    public static StopSignals Register(CancellationTokenSource stop) => new(stop);

    private void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.Exchange(ref _received, 1) == 1) return;
        context.Cancel = true;
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The verb has already ended; the process is exiting.
        }
    }

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
    }
}
