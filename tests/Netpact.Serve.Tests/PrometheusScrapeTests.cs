using System.Globalization;
using System.Text.Json;
using Netpact.Intent;
using Netpact.Tests;

namespace Netpact.Serve.Tests;

/// <summary>
/// 'netpact serve' as a process, pointed at examples/noa-server, scraped by a real Prometheus (Debian's) that the
/// test starts on 127.0.0.1 with its own configuration and storage; and stopped by SIGTERM.
/// </summary>
public sealed class PrometheusScrapeTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("netpact-serve-scrape-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string ServeConfig(string interval)
    {
        var example = Path.Combine(TestPaths.Examples, "noa-server");
        var path = Path.Combine(_dir.FullName, "serve.yaml");
        File.WriteAllText(path, $"""
            apiVersion: netpact/v1
            kind: Serve
            listen: 127.0.0.1:0
            interval: {interval}
            analyze:
              manifests: [{Path.Combine(example, "manifests")}]
            intent: {Path.Combine(example, "intent.yaml")}
            """);
        return path;
    }

    private static async Task<JsonElement[]> QueryAsync(HttpClient prometheus, string query)
    {
        HttpResponseMessage response;
        try
        {
            response = await prometheus.GetAsync($"api/v1/query?query={Uri.EscapeDataString(query)}", TestContext.Current.CancellationToken);
        }
        catch (HttpRequestException)
        {
            return []; // Prometheus is still starting.
        }
        using var _ = response;
        if (!response.IsSuccessStatusCode) return [];
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return [.. json.RootElement.GetProperty("data").GetProperty("result").EnumerateArray().Select(e => e.Clone())];
    }

    private static double ValueOf(JsonElement sample) => double.Parse(sample.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_real_prometheus_scrapes_netpact_serve_and_its_query_api_returns_the_verify_and_lint_metrics()
    {
        var (serve, servePort) = Tooling.StartServe(ServeConfig("2s"));
        using var _ = serve;
        var promPort = Tooling.FreePort();
        var promConfig = Path.Combine(_dir.FullName, "prometheus.yml");
        File.WriteAllText(promConfig, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: netpact
                static_configs:
                  - targets: ['127.0.0.1:{servePort}']
            """);
        using var prometheus = RunningProcess.Start(Tooling.Prometheus,
        [
            $"--config.file={promConfig}",
            $"--storage.tsdb.path={Path.Combine(_dir.FullName, "data")}",
            $"--web.listen-address=127.0.0.1:{promPort}",
            "--log.level=warn",
        ]);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{promPort}/") };

        JsonElement[] missing = [];
        var found = await Tooling.EventuallyAsync(async () =>
        {
            Assert.False(prometheus.HasExited, prometheus.Stderr);
            missing = await QueryAsync(http, "netpact_verify_missing_flows{job=\"netpact\",target=\"k8s\"}");
            return missing.Length > 0;
        });

        Assert.True(found, $"no netpact metrics in Prometheus; prometheus: {prometheus.Stderr}; serve: {serve.Stderr}");
        var intent = IntentReader.ReadFile(Path.Combine(TestPaths.Examples, "noa-server", "intent.yaml")).Intent!;
        var verification = Assert.Single(IntentVerifier.VerifyFiles(intent, [Path.Combine(TestPaths.Examples, "noa-server", "manifests")], []));
        var sample = Assert.Single(missing);
        Assert.Equal("noa-server", sample.GetProperty("metric").GetProperty("intent").GetString());
        Assert.Equal($"127.0.0.1:{servePort}", sample.GetProperty("metric").GetProperty("instance").GetString());
        Assert.Equal(verification.Missing.Length, ValueOf(sample));
        Assert.Equal(verification.Extra.Length, ValueOf(Assert.Single(await QueryAsync(http, "netpact_verify_extra_flows{target=\"k8s\"}"))));
        Assert.Equal(1, ValueOf(Assert.Single(await QueryAsync(http, "up{job=\"netpact\"}"))));
        Assert.True(ValueOf(Assert.Single(await QueryAsync(http, "netpact_lint_violations{rule=\"ZT011\",severity=\"error\"}"))) > 0);
        Assert.Equal(9, ValueOf(Assert.Single(await QueryAsync(http, "netpact_workloads"))));
        Assert.Equal(0, ValueOf(Assert.Single(await QueryAsync(http, "netpact_run_overlaps_total"))));
        Assert.Equal(1, ValueOf(Assert.Single(await QueryAsync(http, "netpact_last_run_success"))));
    }

    [Fact]
    public async Task Sigterm_makes_serve_exit_0_with_its_listener_closed()
    {
        var (serve, port) = Tooling.StartServe(ServeConfig("200ms"));
        using var _ = serve;
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        Assert.True(await Tooling.EventuallyAsync(async () =>
            (await http.GetStringAsync("metrics", TestContext.Current.CancellationToken)).Contains("netpact_verify_missing_flows{", StringComparison.Ordinal)));

        serve.Terminate();

        Assert.True(serve.WaitForExit(TimeSpan.FromSeconds(30)), "serve did not exit after SIGTERM");
        Assert.Equal(0, serve.ExitCode);
        Assert.Contains("netpact serve: stopped after", serve.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", serve.Stderr, StringComparison.Ordinal);
        Assert.False(Tooling.CanConnect(port));
    }
}
