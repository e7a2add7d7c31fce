using Microsoft.Extensions.Time.Testing;

namespace Netpact.Serve.Tests;

/// <summary>The schedule, on a fake clock: runs never overlap, busy ticks are skipped and counted, runs are bounded, stop cancels.</summary>
public sealed class RunSchedulerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch);

    private readonly ServeState _state = new(Interval);

    private RunReport Report() => new(_time.GetUtcNow(), TimeSpan.Zero, "test", null, null, null, [], null, []);

    private RunScheduler Scheduler(Func<CancellationToken, Task<RunReport>> run, TimeSpan? timeout = null) =>
        new(run, _state, Interval, timeout ?? TimeSpan.FromHours(1), _time, TextWriter.Null);

    [Fact]
    public async Task A_tick_while_a_run_is_going_is_skipped_and_counted_and_runs_never_overlap()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = 0;
        var scheduler = Scheduler(async ct =>
        {
            Interlocked.Increment(ref started);
            await gate.Task.WaitAsync(ct);
            return Report();
        });
        using var stop = new CancellationTokenSource();

        var loop = scheduler.RunAsync(stop.Token);
        Assert.True(await Tooling.EventuallyAsync(() => _state.Ticks == 1 && Volatile.Read(ref started) == 1));
        _time.Advance(Interval);
        Assert.True(await Tooling.EventuallyAsync(() => _state.Ticks == 2));
        _time.Advance(Interval);
        Assert.True(await Tooling.EventuallyAsync(() => _state.Ticks == 3));

        Assert.Equal(2, _state.SkippedTicks);
        Assert.Equal(1, Volatile.Read(ref started));
        Assert.Equal(0, _state.Runs);

        gate.SetResult();
        Assert.True(await Tooling.EventuallyAsync(() => _state.Runs == 1));
        _time.Advance(Interval);
        Assert.True(await Tooling.EventuallyAsync(() => _state.Ticks == 4 && _state.Runs == 2));

        await stop.CancelAsync();
        await loop;
        Assert.Equal(2, Volatile.Read(ref started));
        Assert.Equal(2, _state.SkippedTicks);
        Assert.Equal(0, _state.Overlaps);
    }

    [Fact]
    public async Task A_run_longer_than_the_timeout_is_cancelled_and_counted_as_an_error()
    {
        var running = 0;
        var scheduler = Scheduler(async ct =>
        {
            // The run's time limit is set before the run is called: once this is seen, advancing the clock trips it.
            Interlocked.Increment(ref running);
            await Task.Delay(Timeout.Infinite, ct);
            return Report();
        }, TimeSpan.FromSeconds(3));
        using var stop = new CancellationTokenSource();

        var loop = scheduler.RunAsync(stop.Token);
        Assert.True(await Tooling.EventuallyAsync(() => _state.Ticks == 1 && Volatile.Read(ref running) == 1));
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.True(await Tooling.EventuallyAsync(() => _state.Runs == 1));

        var report = _state.Latest.Report!;
        Assert.False(report.Succeeded);
        Assert.Equal("run", Assert.Single(report.Errors).Stage);
        Assert.Contains("timeout", report.Errors[0].Message, StringComparison.Ordinal);
        await stop.CancelAsync();
        await loop;
    }

    [Fact]
    public async Task Stopping_cancels_the_current_run_and_waits_for_it()
    {
        var cancelled = false;
        var scheduler = Scheduler(async ct =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                cancelled = true;
                throw;
            }
            return Report();
        });
        using var stop = new CancellationTokenSource();

        var loop = scheduler.RunAsync(stop.Token);
        Assert.True(await Tooling.EventuallyAsync(() => _state.Ticks == 1));
        await stop.CancelAsync();
        await loop;

        Assert.True(cancelled);
        Assert.Equal(0, _state.Runs);
    }

    [Fact]
    public async Task A_run_that_throws_is_reported_and_the_schedule_goes_on()
    {
        var calls = 0;
        var scheduler = Scheduler(ct => Interlocked.Increment(ref calls) == 1
            ? throw new InvalidOperationException("boom")
            : Task.FromResult(Report()));
        using var stop = new CancellationTokenSource();

        var loop = scheduler.RunAsync(stop.Token);
        Assert.True(await Tooling.EventuallyAsync(() => _state.Runs == 1));
        Assert.Contains("boom", Assert.Single(_state.Latest.Report!.Errors).Message, StringComparison.Ordinal);
        _time.Advance(Interval);
        Assert.True(await Tooling.EventuallyAsync(() => _state.Runs == 2));
        Assert.True(_state.Latest.Report!.Succeeded);
        await stop.CancelAsync();
        await loop;
    }

    [Fact]
    public async Task A_run_that_ignores_its_timeout_is_abandoned_reported_and_the_next_starts_on_time()
    {
        // A run blocked where no token reaches (as a read of a FIFO was): only abandoning it frees the schedule.
        using var blocked = new ManualResetEventSlim();
        var started = 0;
        var scheduler = new RunScheduler(ct =>
        {
            Interlocked.Increment(ref started);
            blocked.Wait(TimeSpan.FromMinutes(5));
            return Task.FromResult(Report());
        }, _state, Interval, TimeSpan.FromSeconds(3), _time, TextWriter.Null, stopGrace: TimeSpan.FromMilliseconds(100));
        using var stop = new CancellationTokenSource();
        var metrics = new MemoryStream();

        var loop = scheduler.RunAsync(stop.Token);
        Assert.True(await Tooling.EventuallyAsync(() => _state.Ticks == 1 && Volatile.Read(ref started) == 1));
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.True(await Tooling.EventuallyAsync(() => _state.Runs == 1));
        var report = _state.Latest.Report!;
        await _state.Registry.CollectAndExportAsTextAsync(metrics, TestContext.Current.CancellationToken);
        _time.Advance(Interval - TimeSpan.FromSeconds(3));
        Assert.True(await Tooling.EventuallyAsync(() => _state.Ticks == 2 && Volatile.Read(ref started) == 2));
        await stop.CancelAsync();
        var stopped = await Task.WhenAny(loop, Task.Delay(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken)) == loop;
        blocked.Set();

        Assert.False(report.Succeeded);
        Assert.Contains("longer than the timeout (3 s) and was abandoned", Assert.Single(report.Errors).Message, StringComparison.Ordinal);
        var text = System.Text.Encoding.UTF8.GetString(metrics.ToArray());
        Assert.Contains("netpact_last_run_success 0", text, StringComparison.Ordinal);
        Assert.Contains("netpact_run_timeouts_total 1", text, StringComparison.Ordinal);
        Assert.Equal(0, _state.SkippedTicks);
        Assert.True(stopped, "the scheduler did not stop while its run was blocked");
    }

    [Fact]
    public async Task Ticks_are_skipped_while_too_many_abandoned_runs_are_still_going()
    {
        using var blocked = new ManualResetEventSlim();
        var started = 0;
        var scheduler = new RunScheduler(ct =>
        {
            Interlocked.Increment(ref started);
            blocked.Wait(TimeSpan.FromMinutes(5));
            return Task.FromResult(Report());
        }, _state, Interval, TimeSpan.FromSeconds(3), _time, TextWriter.Null, stopGrace: TimeSpan.FromMilliseconds(100));
        using var stop = new CancellationTokenSource();

        var loop = scheduler.RunAsync(stop.Token);
        for (var i = 1; i <= RunScheduler.MaxAbandoned; i++)
        {
            Assert.True(await Tooling.EventuallyAsync(() => Volatile.Read(ref started) == i));
            _time.Advance(TimeSpan.FromSeconds(3));
            Assert.True(await Tooling.EventuallyAsync(() => _state.Runs == i));
            _time.Advance(Interval - TimeSpan.FromSeconds(3));
            Assert.True(await Tooling.EventuallyAsync(() => _state.Ticks == i + 1));
        }
        var startedWhileStuck = Volatile.Read(ref started);
        var skippedWhileStuck = _state.SkippedTicks;
        blocked.Set();
        Assert.True(await Tooling.EventuallyAsync(() => scheduler.AbandonedStillRunning == 0));
        _time.Advance(Interval);
        Assert.True(await Tooling.EventuallyAsync(() => Volatile.Read(ref started) == RunScheduler.MaxAbandoned + 1));
        await stop.CancelAsync();
        await loop;

        Assert.Equal(RunScheduler.MaxAbandoned, startedWhileStuck);
        Assert.Equal(1, skippedWhileStuck);
        Assert.Equal(RunScheduler.MaxAbandoned, _state.Timeouts);
    }
}
