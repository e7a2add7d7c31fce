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
        File.WriteAllText(audit, "apiVersion: netpact/v1\nkind: Audit\nendpoints: " + new string('[', 10_000) + new string(']', 10_000) + "\n");
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
}
