using Netpact.Tests;

namespace Netpact.Serve.Tests;

/// <summary>Issue 21: a hostile or vanished input makes runs fail, visibly, and never stops or wedges the exporter.</summary>
public sealed class HostileServeTests : IDisposable
{
    private readonly HostileFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_fifo_link_loops_and_a_deep_audit_file_fail_the_run_and_a_vanished_folder_fails_the_next()
    {
        var cancel = TestContext.Current.CancellationToken;
        var fifo = _folder.AddFifo("pipe.yaml");
        _folder.AddLink("self", _folder.Manifests);
        var audit = Path.Combine(_folder.Root, "audit.yaml");
        File.WriteAllText(audit, "apiVersion: netpact/v1\nkind: Audit\nendpoints: " + new string('[', 100_000) + new string(']', 100_000) + "\n");
        var config = new ServeConfig { File = Path.Combine(_folder.Root, "serve.yaml"), Manifests = [_folder.Manifests], Audit = audit, Port = 0, Interval = TimeSpan.FromMilliseconds(200) };
        await using var host = ServeHost.Create(config, TimeProvider.System, TextWriter.Null);
        await host.StartAsync(cancel);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{host.Port}/") };

        Assert.True(await Tooling.EventuallyAsync(() => host.State.Runs >= 1), "no run finished");
        var first = host.State.Latest.Report!;
        var firstMetrics = await http.GetStringAsync("metrics", cancel);
        Directory.Delete(_folder.Manifests, recursive: true);
        var runs = host.State.Runs;
        Assert.True(await Tooling.EventuallyAsync(() => host.State.Runs >= runs + 2), "runs stopped after the folder vanished");
        var later = host.State.Latest.Report!;
        var laterMetrics = await http.GetStringAsync("metrics", cancel);

        Assert.Contains(first.Errors, e => e.Stage == "analyze" && e.Message.Contains($"{fifo}: error: cannot read this file: it is a named pipe", StringComparison.Ordinal));
        Assert.Contains(first.Errors, e => e.Stage == "audit" && e.Message.Contains("nests more than 256 levels deep", StringComparison.Ordinal));
        Assert.DoesNotContain(first.Errors, e => e.Message.Contains("defined", StringComparison.Ordinal));
        Assert.Contains("netpact_last_run_success 0", firstMetrics, StringComparison.Ordinal);
        Assert.Contains(later.Errors, e => e.Stage == "analyze" && e.Message.Contains("no such file or directory", StringComparison.Ordinal));
        Assert.Contains("netpact_last_run_success 0", laterMetrics, StringComparison.Ordinal);
        Assert.Equal(0, host.State.Overlaps);
    }

    [Fact]
    public async Task Serve_on_a_fifo_and_two_link_loops_keeps_running_reports_failure_and_stops_on_the_first_sigterm()
    {
        var cancel = TestContext.Current.CancellationToken;
        _folder.AddFifo("pipe.yaml");
        _folder.AddLink("self", _folder.Manifests);
        Directory.CreateDirectory(Path.Combine(_folder.Manifests, "sub"));
        _folder.AddLink(Path.Combine("sub", "up"), _folder.Manifests);
        var config = Path.Combine(_folder.Root, "serve.yaml");
        File.WriteAllText(config, "apiVersion: netpact/v1\nkind: Serve\nlisten: 127.0.0.1:0\ninterval: 200ms\ntimeout: 5s\nanalyze:\n  manifests: [manifests]\n");
        var (serve, port) = Tooling.StartServe(config);
        using var _ = serve;
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

        // Runs go on (the count passes 3) and each says it failed.
        Assert.True(await Tooling.EventuallyAsync(async () =>
        {
            var metrics = await http.GetStringAsync("metrics", cancel);
            return metrics.Contains("netpact_last_run_success 0", StringComparison.Ordinal)
                   && metrics.Split('\n').Any(l => l.StartsWith("netpact_runs_total ", StringComparison.Ordinal) && int.Parse(l["netpact_runs_total ".Length..], System.Globalization.CultureInfo.InvariantCulture) >= 3);
        }), $"no failing runs reported: {serve.Stderr}");
        serve.Signal("TERM");

        Assert.True(serve.WaitForExit(TimeSpan.FromSeconds(30)), "serve did not exit after the first SIGTERM");
        Assert.Equal(0, serve.ExitCode);
        Assert.Contains("pipe.yaml: error: cannot read this file: it is a named pipe (FIFO)", serve.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("defined", serve.Stderr, StringComparison.Ordinal);
    }
}
