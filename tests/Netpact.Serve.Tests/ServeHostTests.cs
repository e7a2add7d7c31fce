using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Netpact.Tests;

namespace Netpact.Serve.Tests;

/// <summary>
/// The exporter in this process, on 127.0.0.1: many runs on a short interval under repeated scrapes hold a bounded
/// heap and never overlap; '/' serves the HTML report of the latest run.
/// </summary>
[Collection(HeapCollection.Name)]
public sealed partial class ServeHostTests
{
    private const int Scrapes = 200;

    private const long MaxGrowth = 512 * 1024;

    [GeneratedRegex(@"^netpact_runs_total (\d+)$", RegexOptions.Multiline)]
    private static partial Regex RunsTotal();

    private static ServeConfig Config() => new()
    {
        File = "serve.yaml",
        Port = 0,
        Interval = TimeSpan.FromMilliseconds(20),
        Manifests = [Path.Combine(TestPaths.Examples, "noa-server", "manifests")],
        Intent = Path.Combine(TestPaths.Examples, "noa-server", "intent.yaml"),
    };

    /// <summary>
    /// The heap is measured in this process, so nothing else may run in it meanwhile (the collection runs alone), and
    /// only between runs (the clock is fake: a run starts only when the test moves it on, and the test waits for it
    /// to end), so a run in flight is never counted as growth.
    /// </summary>
    [Fact]
    public async Task Repeated_scrapes_over_many_runs_keep_the_heap_bounded_and_runs_never_overlap()
    {
        var cancel = TestContext.Current.CancellationToken;
        var config = Config();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = ServeHost.Create(config, time, TextWriter.Null);
        await host.StartAsync(cancel);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{host.Port}/") };
        var state = host.State;

        // One more run, with none going on afterwards: moves the clock a tick at a time until a run has started at a
        // tick and ended. A tick can be skipped: the last run may have counted itself done and not yet returned (its
        // thread descheduled on a busy machine), so after a skipped tick it waits a little before the next.
        async Task RunOnceAsync()
        {
            var runs = state.Runs;
            for (var i = 0; i < 100 && state.Runs == runs; i++)
            {
                if (i > 0) await Task.Delay(100, cancel);
                var ticks = state.Ticks;
                time.Advance(config.Interval);
                Assert.True(await Tooling.EventuallyAsync(() => state.Ticks > ticks && state.Runs == state.Ticks - state.SkippedTicks),
                    $"{state.Runs} runs after {state.Ticks} ticks ({state.SkippedTicks} skipped)");
            }
            Assert.True(state.Runs > runs, $"no run in 100 ticks: {state.Runs} runs after {state.Ticks} ticks ({state.SkippedTicks} skipped)");
        }

        // Scrapes while runs go on: each scrape moves the clock a tick, whether the last run has ended or not; then
        // at least fifty runs, the last one ended.
        async Task ScrapeAndRunAsync()
        {
            var start = state.Runs;
            for (var i = 0; i < Scrapes; i++)
            {
                var text = await http.GetStringAsync("metrics", cancel);
                Assert.Matches(RunsTotal(), text);
                time.Advance(config.Interval);
            }
            for (var i = 0; i < 50 && state.Runs < start + 50; i++) await RunOnceAsync();
        }

        // Warm-up, the same work as measured: JIT, connection pool, Kestrel's buffers, the first runs.
        await ScrapeAndRunAsync();
        var runsBefore = state.Runs;
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);

        await ScrapeAndRunAsync();
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);

        var runs = state.Runs - runsBefore;
        var growth = heapAfter - heapBefore;
        Assert.True(runs >= 50, $"{runs} runs after {state.Ticks} ticks ({state.SkippedTicks} skipped)");
        // One run's metrics held on to weigh about 26 KB and its report about 73 KB: fifty runs leaked would pass 1 MB.
        Assert.True(growth < MaxGrowth, $"the heap grew by {growth} bytes over {runs} runs and {Scrapes} scrapes");
        Assert.Equal(0, state.Overlaps);
        Assert.True(state.Latest.Report!.Succeeded);
        TestContext.Current.TestOutputHelper?.WriteLine($"heap {heapBefore} -> {heapAfter} bytes ({growth:+#;-#;0}) over {runs} runs, {Scrapes} scrapes, {state.SkippedTicks} skipped ticks");
    }

    [Fact]
    public async Task The_page_at_the_root_shows_the_latest_run_and_stopping_closes_the_listener()
    {
        var cancel = TestContext.Current.CancellationToken;
        var host = ServeHost.Create(Config() with { Interval = TimeSpan.FromSeconds(30) }, TimeProvider.System, TextWriter.Null);
        await host.StartAsync(cancel);
        var port = host.Port;
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        Assert.True(await Tooling.EventuallyAsync(() => host.State.Runs >= 1));

        using var response = await http.GetAsync("", cancel);
        var page = await response.Content.ReadAsStringAsync(cancel);

        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        // The HTML report of 'netpact report', drawn from the latest run, with its verify findings.
        Assert.Contains("<title>netpact serve: ", page, StringComparison.Ordinal);
        Assert.Contains("cytoscape", page, StringComparison.Ordinal);
        Assert.Contains("noa-server", page, StringComparison.Ordinal);
        await host.DisposeAsync();
        Assert.False(Tooling.CanConnect(port));
    }
}
