namespace Netpact.Serve;

/// <summary>
/// Starts a run at once and then every interval, never two at a time: a tick that finds the previous run still
/// going is skipped and counted. Each run is bounded by the timeout. On stop, the current run is cancelled and
/// awaited, so nothing runs after <see cref="RunAsync"/> returns.
/// </summary>
public sealed class RunScheduler(
    Func<CancellationToken, Task<RunReport>> run,
    ServeState state,
    TimeSpan interval,
    TimeSpan timeout,
    TimeProvider time,
    TextWriter log)
{
    private string _lastErrors = "";

    public async Task RunAsync(CancellationToken stopping)
    {
        Task? current = null;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var busy = current is { IsCompleted: false };
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
        RunReport report;
        try
        {
            report = await run(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            state.Abandoned();
            return;
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            report = Failed(started, "run", $"the run took longer than the timeout ({timeout.TotalSeconds:0.###} s) and was cancelled");
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
