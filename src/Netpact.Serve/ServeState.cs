using Prometheus;

namespace Netpact.Serve;

/// <summary>
/// What outlives a run: counters of runs, errors, skipped ticks and overlaps, the timing of the last run, and the
/// latest run's report and metrics (replaced whole, so a scrape sees one run's metrics, never a mix).
/// </summary>
public sealed class ServeState
{
    private readonly Counter _runs;
    private readonly Counter _errors;
    private readonly Counter _skipped;
    private readonly Counter _overlaps;
    private readonly Counter _timeouts;
    private readonly Gauge _lastTimestamp;
    private readonly Gauge _lastDuration;
    private readonly Gauge _lastSuccess;
    private readonly Gauge _inProgress;
    private volatile Snapshot _latest = new(null, Metrics.NewCustomRegistry());
    private int _running;
    private long _ticks;

    public ServeState(TimeSpan interval)
    {
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        _runs = factory.CreateCounter("netpact_runs_total", "Runs finished (successful or not).");
        _errors = factory.CreateCounter("netpact_run_errors_total", "Errors of runs, per stage (analyze, lint, verify, audit, run).",
            new CounterConfiguration { LabelNames = ["stage"] });
        _skipped = factory.CreateCounter("netpact_skipped_ticks_total", "Scheduled runs skipped because the previous run was still going.");
        _overlaps = factory.CreateCounter("netpact_run_overlaps_total", "Runs started while another was running (the scheduler never does this; a check).");
        _timeouts = factory.CreateCounter("netpact_run_timeouts_total", "Runs abandoned because they took longer than the timeout (each also a failed run).");
        _lastTimestamp = factory.CreateGauge("netpact_last_run_timestamp_seconds", "When the last run finished, in Unix seconds.");
        _lastDuration = factory.CreateGauge("netpact_last_run_duration_seconds", "How long the last run took.");
        _lastSuccess = factory.CreateGauge("netpact_last_run_success", "Whether the last run finished without errors (1) or not (0).");
        _inProgress = factory.CreateGauge("netpact_runs_in_progress", "Runs going on now (0 or 1).");
        factory.CreateGauge("netpact_run_interval_seconds", "The configured interval between runs.").Set(interval.TotalSeconds);
        var heap = factory.CreateGauge("netpact_gc_heap_bytes", "Bytes of the managed heap after the last garbage collection (what the process holds).");
        Registry.AddBeforeCollectCallback(() => heap.Set(GC.GetGCMemoryInfo().HeapSizeBytes));
    }

    /// <summary>The counters above; the latest run's metrics are in <see cref="Latest"/>.</summary>
    public CollectorRegistry Registry { get; }

    public Snapshot Latest => _latest;

    public long Runs => (long)_runs.Value;

    public long SkippedTicks => (long)_skipped.Value;

    public long Overlaps => (long)_overlaps.Value;

    public long Timeouts => (long)_timeouts.Value;

    /// <summary>Ticks of the schedule so far (each starts a run or is skipped).</summary>
    public long Ticks => Interlocked.Read(ref _ticks);

    internal void Tick(bool skipped)
    {
        if (skipped) _skipped.Inc();
        Interlocked.Increment(ref _ticks);
    }

    internal void Started()
    {
        if (Interlocked.Increment(ref _running) > 1) _overlaps.Inc();
        _inProgress.Set(_running);
    }

    internal void Finished(RunReport report, DateTimeOffset finished)
    {
        _latest = new Snapshot(report, RunMetrics.Of(report));
        foreach (var e in report.Errors) _errors.WithLabels(e.Stage).Inc();
        _lastTimestamp.Set(finished.ToUnixTimeMilliseconds() / 1000.0);
        _lastDuration.Set(report.Duration.TotalSeconds);
        _lastSuccess.Set(report.Succeeded ? 1 : 0);
        _runs.Inc();
        _inProgress.Set(Interlocked.Decrement(ref _running));
    }

    /// <summary>A run abandoned at its timeout; its failed report follows through <see cref="Finished"/>.</summary>
    internal void TimedOut() => _timeouts.Inc();

    /// <summary>A run that ended without a report (cancelled at shutdown): only the count of running runs changes.</summary>
    internal void Abandoned() => _inProgress.Set(Interlocked.Decrement(ref _running));

    /// <summary>A run's report with the metrics made from it (null report before the first run ends).</summary>
    public sealed record Snapshot(RunReport? Report, CollectorRegistry Metrics);
}
