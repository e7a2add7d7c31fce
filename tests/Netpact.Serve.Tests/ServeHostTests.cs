using System.Text.RegularExpressions;
using Netpact.Tests;

namespace Netpact.Serve.Tests;

/// <summary>
/// The exporter in this process, on 127.0.0.1: many runs on a short interval under repeated scrapes hold a bounded
/// heap and never overlap; '/' serves the HTML report of the latest run.
/// </summary>
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

    [Fact]
    public async Task Repeated_scrapes_over_many_runs_keep_the_heap_bounded_and_runs_never_overlap()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var host = ServeHost.Create(Config(), TimeProvider.System, TextWriter.Null);
        await host.StartAsync(cancel);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{host.Port}/") };

        // Warm-up: JIT, connection pool, the first runs.
        for (var i = 0; i < 20; i++) Assert.Contains("netpact_runs_total", await http.GetStringAsync("metrics", cancel), StringComparison.Ordinal);
        Assert.True(await Tooling.EventuallyAsync(() => host.State.Runs >= 10));
        var runsBefore = host.State.Runs;
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);

        for (var i = 0; i < Scrapes; i++)
        {
            var text = await http.GetStringAsync("metrics", cancel);
            Assert.Matches(RunsTotal(), text);
        }
        Assert.True(await Tooling.EventuallyAsync(() => host.State.Runs >= runsBefore + 50), $"{host.State.Runs} runs");
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);

        var runs = host.State.Runs - runsBefore;
        var growth = heapAfter - heapBefore;
        // One run's metrics held on to weigh about 26 KB and its report about 73 KB: fifty runs leaked would pass 1 MB.
        Assert.True(growth < MaxGrowth, $"the heap grew by {growth} bytes over {runs} runs and {Scrapes} scrapes");
        Assert.Equal(0, host.State.Overlaps);
        Assert.True(host.State.Latest.Report!.Succeeded);
        TestContext.Current.TestOutputHelper?.WriteLine($"heap {heapBefore} -> {heapAfter} bytes ({growth:+#;-#;0}) over {runs} runs, {Scrapes} scrapes, {host.State.SkippedTicks} skipped ticks");
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
