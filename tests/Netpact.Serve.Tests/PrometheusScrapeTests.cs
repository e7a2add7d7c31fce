using System.Globalization;
using System.Text.Json;
using Netpact.Intents;
using Netpact.Model;
using Netpact.Tests;
using Netpact.Verify;

namespace Netpact.Serve.Tests;

/// <summary>
/// 'netpact serve' as a process, pointed at examples/noa-server, scraped by a real Prometheus (Debian's) that the
/// test starts on 127.0.0.1 with its own configuration and storage; and stopped by SIGTERM.
/// </summary>
public sealed class PrometheusScrapeTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("netpact-serve-scrape-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string ServeConfig(string interval, string extra = "")
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
            {extra}
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
        using var prometheus = StartPrometheus(servePort, promPort);
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

    private RunningProcess StartPrometheus(int servePort, int promPort, string ruleFile = "")
    {
        var promConfig = Path.Combine(_dir.FullName, "prometheus.yml");
        File.WriteAllText(promConfig, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            {(ruleFile.Length > 0 ? $"rule_files: ['{ruleFile}']" : "")}
            scrape_configs:
              - job_name: netpact
                static_configs:
                  - targets: ['127.0.0.1:{servePort}']
            """);
        return RunningProcess.Start(Tooling.Prometheus,
        [
            $"--config.file={promConfig}",
            $"--storage.tsdb.path={Path.Combine(_dir.FullName, "data")}",
            $"--web.listen-address=127.0.0.1:{promPort}",
            "--log.level=warn",
        ]);
    }

    /// <summary>
    /// The whole chain on real components: openssl serves a certificate that expires in 10 days and the test opens
    /// two ports, one of them allowed; serve audits them; Prometheus scrapes serve and evaluates the rules netpact
    /// compiled; their alerts become pending (each has a 'for' of minutes, so none fires within a test).
    /// </summary>
    [Fact]
    public async Task Prometheus_evaluates_the_compiled_rules_on_what_serve_audits_and_the_matching_alerts_go_pending()
    {
        var cert = Path.Combine(_dir.FullName, "tls.crt");
        var key = Path.Combine(_dir.FullName, "tls.key");
        var (code, output) = RunningProcess.Run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-days", "10", "-subj", "/CN=localhost", "-keyout", key, "-out", cert);
        Assert.True(code == 0, output);
        var tlsPort = Tooling.FreePort();
        using var tls = RunningProcess.Start("openssl", ["s_server", "-quiet", "-accept", $"127.0.0.1:{tlsPort}", "-cert", cert, "-key", key]);
        Assert.True(await Tooling.EventuallyAsync(() => Tooling.CanConnect(tlsPort)), tls.Stderr);
        var allowed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        var unexpected = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        allowed.Start();
        unexpected.Start();
        try
        {
            var allowedPort = ((System.Net.IPEndPoint)allowed.LocalEndpoint).Port;
            var unexpectedPort = ((System.Net.IPEndPoint)unexpected.LocalEndpoint).Port;
            File.WriteAllText(Path.Combine(_dir.FullName, "audit.yaml"), $"""
                apiVersion: netpact/v1
                kind: Audit
                endpoints:
                  - name: tls
                    tls: 127.0.0.1:{tlsPort}
                    profile: intermediate
                hosts:
                  - host: 127.0.0.1
                    ports: [{allowedPort}, {unexpectedPort}]
                    allowed: [{allowedPort}]
                """);
            var intent = IntentReader.ReadFile(Path.Combine(TestPaths.Examples, "noa-server", "intent.yaml")).Intent!;
            Assert.Empty(Compilers.OutputFolder.Write(_dir.FullName, Compilers.LayerCompilers.Find(Layer.Prometheus).Compile(intent), force: false));
            var (serve, servePort) = Tooling.StartServe(ServeConfig("2s", "audit: audit.yaml"));
            using var _ = serve;
            var promPort = Tooling.FreePort();
            using var prometheus = StartPrometheus(servePort, promPort, Path.Combine(_dir.FullName, "prometheus", "netpact-rules.yml"));
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{promPort}/") };

            async Task<JsonElement> Pending(string alert)
            {
                JsonElement[] found = [];
                var seen = await Tooling.EventuallyAsync(async () =>
                {
                    Assert.False(prometheus.HasExited, prometheus.Stderr);
                    found = await QueryAsync(http, $"ALERTS{{alertname=\"{alert}\"}}");
                    return found.Length > 0;
                });
                Assert.True(seen, $"{alert} never became pending; prometheus: {prometheus.Stderr}; serve: {serve.Stderr}");
                var sample = Assert.Single(found);
                Assert.Equal("pending", sample.GetProperty("metric").GetProperty("alertstate").GetString());
                return sample.GetProperty("metric");
            }

            Assert.Equal($"127.0.0.1:{tlsPort}", (await Pending("NetpactCertificateExpiringSoon")).GetProperty("endpoint").GetString());
            var port = await Pending("NetpactUnexpectedOpenPort");
            Assert.Equal(unexpectedPort.ToString(CultureInfo.InvariantCulture), port.GetProperty("port").GetString());
            Assert.Equal("k8s", (await Pending("NetpactMissingFlows")).GetProperty("target").GetString());
            var days = ValueOf(Assert.Single(await QueryAsync(http, "netpact_tls_cert_expiry_days")));
            Assert.InRange(days, 9, 10);
            Assert.Empty(await QueryAsync(http, "ALERTS{alertname=\"NetpactCertificateExpired\"}"));
            // Before Prometheus's first scrape 'absent(up{job="netpact"})' holds, so the exporter-down alert may be
            // pending at the start; with serve scraped it clears.
            Assert.True(await Tooling.EventuallyAsync(async () => (await QueryAsync(http, "ALERTS{alertname=\"NetpactExporterDown\"}")).Length == 0));
        }
        finally
        {
            allowed.Stop();
            unexpected.Stop();
        }
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task A_stop_signal_makes_serve_exit_0_with_its_listener_closed(string signal)
    {
        var (serve, port) = Tooling.StartServe(ServeConfig("200ms"));
        using var _ = serve;
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        Assert.True(await Tooling.EventuallyAsync(async () =>
            (await http.GetStringAsync("metrics", TestContext.Current.CancellationToken)).Contains("netpact_verify_missing_flows{", StringComparison.Ordinal)));

        serve.Signal(signal);

        Assert.True(serve.WaitForExit(TimeSpan.FromSeconds(30)), $"serve did not exit after SIG{signal}");
        Assert.Equal(0, serve.ExitCode);
        Assert.Contains("netpact serve: stopped after", serve.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", serve.Stderr, StringComparison.Ordinal);
        Assert.False(Tooling.CanConnect(port));
    }
}
