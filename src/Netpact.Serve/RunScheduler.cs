namespace Netpact.Serve;

/// <summary>
/// Starts a run at once and then every interval, never two at a time: a tick that finds the previous run still
/// going is skipped and counted. Each run is bounded by the timeout: a run still going then (one that does not
/// heed cancellation, say blocked in a read) is abandoned, reported as failed and counted in
/// netpact_run_timeouts_total, and the next tick starts a new run on time. On stop, the current run is cancelled
/// and awaited for at most <paramref name="stopGrace"/> (5 s by default), so a stop is never ignored.
/// </summary>
public sealed class RunScheduler(
    Func<CancellationToken, Task<RunReport>> run,
    ServeState state,
    TimeSpan interval,
    TimeSpan timeout,
    TimeProvider time,
    TextWriter log,
    TimeSpan? stopGrace = null)
{
    /// <summary>Abandoned runs still going at which ticks are skipped: each may hold a thread (and memory) until it ends.</summary>
    public const int MaxAbandoned = 3;

    private readonly TimeSpan _stopGrace = stopGrace ?? TimeSpan.FromSeconds(5);
    private string _lastErrors = "";
    private int _abandoned;

    /// <summary>Runs abandoned at their timeout that have not ended yet.</summary>
    public int AbandonedStillRunning => Volatile.Read(ref _abandoned);

    public async Task RunAsync(CancellationToken stopping)
    {
        Task? current = null;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var busy = current is { IsCompleted: false } || AbandonedStillRunning >= MaxAbandoned;
                if (!busy) current = Task.Run(() => RunOneAsync(stopping), CancellationToken.None);
                // The wait is set up before the tick is counted: whoever sees the count knows the next tick is scheduled.
                var next = Task.Delay(interval, time, stopping);
                state.Tick(skipped: busy);
                await next.ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutdown: fall through to wait for the current run.
        }
        if (current is not null) await current.ConfigureAwait(false);
    }

    private async Task RunOneAsync(CancellationToken stopping)
    {
        state.Started();
        using var limit = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, limit.Token);
        var started = time.GetUtcNow();
        // On a thread of its own: a run that blocks before its first await must not block the scheduler either.
        var running = Task.Run(() => run(linked.Token), CancellationToken.None);
        RunReport report;
        try
        {
            // The run's own cancellation may never come (a read that ignores the token): wait for the token, not for it.
            report = await running.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Give a run that heeds cancellation the time to end; leave one that does not behind.
            await Task.WhenAny(running, Task.Delay(_stopGrace, CancellationToken.None)).ConfigureAwait(false);
            state.Abandoned();
            return;
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            if (!running.IsCompleted)
            {
                Interlocked.Increment(ref _abandoned);
                _ = running.ContinueWith(_ => Interlocked.Decrement(ref _abandoned), CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
            state.TimedOut();
            report = Failed(started, "run", $"the run took longer than the timeout ({timeout.TotalSeconds:0.###} s) and was abandoned");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug in a stage must not stop the exporter: count it, say it, and try again next tick.
            report = Failed(started, "run", $"internal error: {e.GetType().Name}: {e.Message} (this is a bug in netpact; please report it)");
        }
        // The same errors run after run are said once, not every interval.
        var errors = string.Join("\n", report.Errors.Select(e => $"netpact serve: {e.Stage}: {e.Message}"));
        if (errors != _lastErrors && errors.Length > 0) await log.WriteLineAsync(errors).ConfigureAwait(false);
        _lastErrors = errors;
        state.Finished(report, time.GetUtcNow());
    }

    private RunReport Failed(DateTimeOffset started, string stage, string message) =>
        new(started, time.GetUtcNow() - started, "", null, null, null, [], null, [new RunError(stage, message)]);
}
