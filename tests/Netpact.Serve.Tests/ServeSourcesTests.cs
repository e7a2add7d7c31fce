using System.Net;
using System.Net.Sockets;
using Netpact.LiveCluster;
using Netpact.LiveCluster.Tests;
using Netpact.Tests;

namespace Netpact.Serve.Tests;

/// <summary>
/// What serve analyzes and shows: a live cluster (the fake API server on 127.0.0.1 answering from the recording of
/// examples/noa-server) gives the metrics of the manifest folder it was recorded from; the audit's findings are on '/'.
/// </summary>
public sealed class ServeSourcesTests : IDisposable
{
    private static readonly string[] ComparedMetrics =
        ["netpact_workloads", "netpact_namespaces", "netpact_allowed_connections", "netpact_verify_"];

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("netpact-serve-sources-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static string Intent => Path.Combine(TestPaths.Examples, "noa-server", "intent.yaml");

    /// <summary>Starts serve, waits for its first run, returns /metrics and / of it; the host is stopped after.</summary>
    private static async Task<(string Metrics, string Page, RunReport Report)> FirstRunAsync(ServeConfig config)
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var host = ServeHost.Create(config with { Port = 0, Interval = TimeSpan.FromMinutes(10) }, TimeProvider.System, TextWriter.Null);
        await host.StartAsync(cancel);
        Assert.True(await Tooling.EventuallyAsync(() => host.State.Runs >= 1), "no run finished");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{host.Port}/") };
        var metrics = await http.GetStringAsync("metrics", cancel);
        var page = await http.GetStringAsync("", cancel);
        return (metrics, page, host.State.Latest.Report!);
    }

    private static List<string> Compared(string metrics) =>
        [.. metrics.Split('\n').Where(l => ComparedMetrics.Any(m => l.StartsWith(m, StringComparison.Ordinal)))];

    [Fact]
    public async Task A_live_cluster_gives_the_workload_and_verify_metrics_of_the_equivalent_manifest_folder()
    {
        await using var server = new FakeApiServer("noa-server");
        server.WriteKubeconfig(_dir.FullName);
        var configFile = Path.Combine(_dir.FullName, "serve.yaml");
        File.WriteAllText(configFile, $"""
            apiVersion: netpact/v1
            kind: Serve
            listen: 127.0.0.1:0
            analyze:
              cluster:
                kubeconfig: kubeconfig
            intent: {Intent}
            """);
        var read = ServeConfigReader.ReadFile(configFile);
        Assert.Empty(read.Diagnostics);
        var folder = new ServeConfig { File = "serve.yaml", Manifests = [Path.Combine(TestPaths.Examples, "noa-server", "manifests")], Intent = Intent };

        var live = await FirstRunAsync(read.Config!);
        var files = await FirstRunAsync(folder);

        Assert.Empty(live.Report.Errors);
        Assert.Empty(files.Report.Errors);
        Assert.NotEmpty(server.Requests);
        Assert.StartsWith("live cluster (current context of ", live.Report.Source, StringComparison.Ordinal);
        var expected = Compared(files.Metrics);
        Assert.Contains(expected, l => l.StartsWith("netpact_workloads ", StringComparison.Ordinal) && !l.EndsWith(" 0", StringComparison.Ordinal));
        Assert.Contains(expected, l => l.StartsWith("netpact_verify_intended_flows{", StringComparison.Ordinal));
        Assert.Equal(expected, Compared(live.Metrics));
        Assert.Contains("<title>netpact serve: live cluster", live.Page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_live_cluster_that_refuses_the_credentials_is_an_analyze_error_of_the_run()
    {
        await using var server = new FakeApiServer("noa-server") { RequiredToken = "the-right-token" };
        var config = new ServeConfig { File = "serve.yaml", Cluster = new LiveClusterOptions { Kubeconfig = server.WriteKubeconfig(_dir.FullName, token: "a-wrong-token") } };

        var (metrics, _, report) = await FirstRunAsync(config);

        var error = Assert.Single(report.Errors);
        Assert.Equal("analyze", error.Stage);
        Assert.Contains("401 Unauthorized", error.Message, StringComparison.Ordinal);
        Assert.Contains("netpact_last_run_success 0", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("\nnetpact_workloads ", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_at_the_root_shows_the_audit_findings_of_the_latest_run()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var audit = Path.Combine(_dir.FullName, "audit.yaml");
            File.WriteAllText(audit, $"""
                apiVersion: netpact/v1
                kind: Audit
                hosts:
                  - host: 127.0.0.1
                    ports: [{port}]
                    allowed: []
                """);
            var config = new ServeConfig { File = "serve.yaml", Manifests = [Path.Combine(TestPaths.Examples, "noa-server", "manifests")], Audit = audit };

            var (_, page, report) = await FirstRunAsync(config);

            Assert.Empty(report.Errors);
            Assert.Contains(report.Page!.Findings, f => f.Source == "audit" && f.Rule == $"port_{port}");
            Assert.Contains($"port_{port}", page, StringComparison.Ordinal);
            Assert.Contains("open, but not allowed", page, StringComparison.Ordinal);
        }
        finally
        {
            listener.Stop();
        }
    }
}
