using Microsoft.Extensions.Time.Testing;

namespace Netpact.Serve.Tests;

/// <summary>The schedule, on a fake clock: runs never overlap, busy ticks are skipped and counted, runs are bounded, stop cancels.</summary>
public sealed class RunSchedulerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private static RunReport Report(FakeTimeProvider time) => new(time.GetUtcNow(), TimeSpan.Zero, "test", null, null, null, [], null, []);

    [Fact]
    public async Task A_tick_while_a_run_is_going_is_skipped_and_counted_and_runs_never_overlap()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var state = new ServeState(Interval);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = 0;
        var scheduler = new RunScheduler(async ct =>
        {
            Interlocked.Increment(ref started);
            await gate.Task.WaitAsync(ct);
            return Report(time);
        }, state, Interval, TimeSpan.FromHours(1), time, TextWriter.Null);
        using var stop = new CancellationTokenSource();

        var loop = scheduler.RunAsync(stop.Token);
        Assert.True(await Tooling.EventuallyAsync(() => state.Ticks == 1 && Volatile.Read(ref started) == 1));
        time.Advance(Interval);
        Assert.True(await Tooling.EventuallyAsync(() => state.Ticks == 2));
        time.Advance(Interval);
        Assert.True(await Tooling.EventuallyAsync(() => state.Ticks == 3));

        Assert.Equal(2, state.SkippedTicks);
        Assert.Equal(1, Volatile.Read(ref started));
        Assert.Equal(0, state.Runs);

        gate.SetResult();
        Assert.True(await Tooling.EventuallyAsync(() => state.Runs == 1));
        time.Advance(Interval);
        Assert.True(await Tooling.EventuallyAsync(() => state.Ticks == 4 && state.Runs == 2));

        await stop.CancelAsync();
        await loop;
        Assert.Equal(2, Volatile.Read(ref started));
        Assert.Equal(2, state.SkippedTicks);
        Assert.Equal(0, state.Overlaps);
    }

    [Fact]
    public async Task A_run_longer_than_the_timeout_is_cancelled_and_counted_as_an_error()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var state = new ServeState(Interval);
        var running = 0;
        var scheduler = new RunScheduler(async ct =>
        {
            // The run's time limit is set before the run is called: once this is seen, advancing the clock trips it.
            Interlocked.Increment(ref running);
            await Task.Delay(Timeout.Infinite, ct);
            return Report(time);
        }, state, Interval, TimeSpan.FromSeconds(3), time, TextWriter.Null);
        using var stop = new CancellationTokenSource();

        var loop = scheduler.RunAsync(stop.Token);
        Assert.True(await Tooling.EventuallyAsync(() => state.Ticks == 1 && Volatile.Read(ref running) == 1));
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.True(await Tooling.EventuallyAsync(() => state.Runs == 1));

        var report = state.Latest.Report!;
        Assert.False(report.Succeeded);
        Assert.Equal("run", Assert.Single(report.Errors).Stage);
        Assert.Contains("timeout", report.Errors[0].Message, StringComparison.Ordinal);
        await stop.CancelAsync();
        await loop;
    }

    [Fact]
    public async Task Stopping_cancels_the_current_run_and_waits_for_it()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var state = new ServeState(Interval);
        var cancelled = false;
        var scheduler = new RunScheduler(async ct =>
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
            return Report(time);
        }, state, Interval, TimeSpan.FromHours(1), time, TextWriter.Null);
        using var stop = new CancellationTokenSource();

        var loop = scheduler.RunAsync(stop.Token);
        Assert.True(await Tooling.EventuallyAsync(() => state.Ticks == 1));
        await stop.CancelAsync();
        await loop;

        Assert.True(cancelled);
        Assert.Equal(0, state.Runs);
    }

    [Fact]
    public async Task A_run_that_throws_is_reported_and_the_schedule_goes_on()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var state = new ServeState(Interval);
        var calls = 0;
        var scheduler = new RunScheduler(ct => Interlocked.Increment(ref calls) == 1
            ? throw new InvalidOperationException("boom")
            : Task.FromResult(Report(time)), state, Interval, TimeSpan.FromHours(1), time, TextWriter.Null);
        using var stop = new CancellationTokenSource();

        var loop = scheduler.RunAsync(stop.Token);
        Assert.True(await Tooling.EventuallyAsync(() => state.Runs == 1));
        Assert.Contains("boom", Assert.Single(state.Latest.Report!.Errors).Message, StringComparison.Ordinal);
        time.Advance(Interval);
        Assert.True(await Tooling.EventuallyAsync(() => state.Runs == 2));
        Assert.True(state.Latest.Report!.Succeeded);
        await stop.CancelAsync();
        await loop;
    }
}
