using Netpact.Compilers;
using Netpact.Compilers.Prometheus;
using Netpact.Intents;
using Netpact.Model;
using Netpact.Sources.Yaml;
using Netpact.Tests;
using YamlDotNet.RepresentationModel;

namespace Netpact.Serve.Tests;

/// <summary>
/// The rules 'netpact compile --target prometheus' writes, checked by Debian's promtool: both files are valid
/// rules, and tests/testdata/prometheus/alerts-test.yml proves each alert fires on a crafted series and stays
/// quiet otherwise.
/// </summary>
public sealed class PromtoolTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("netpact-promtool-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static Intent NoaServer()
    {
        var read = IntentReader.ReadFile(Path.Combine(TestPaths.Examples, "noa-server", "intent.yaml"));
        Assert.False(read.HasErrors, string.Join("\n", read.Diagnostics));
        return read.Intent!;
    }

    private string Compile()
    {
        Assert.Empty(OutputFolder.Write(_dir.FullName, LayerCompilers.Find(Layer.Prometheus).Compile(NoaServer()), force: false));
        return Path.Combine(_dir.FullName, "prometheus");
    }

    private static int AlertCount => AlertCatalog.For(NoaServer()).Sum(g => g.Rules.Count);

    [Fact]
    public void Promtool_accepts_the_generated_rules_file()
    {
        var folder = Compile();

        var (code, output) = RunningProcess.Run(Tooling.Promtool, "check", "rules", Path.Combine(folder, "netpact-rules.yml"));

        Assert.True(code == 0, output);
        Assert.Contains($"SUCCESS: {AlertCount} rules found", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Promtool_accepts_the_spec_of_the_generated_prometheus_rule()
    {
        var folder = Compile();
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(folder, "prometheusrule.yaml"))));
        var root = (YamlMappingNode)stream.Documents.Single().RootNode;
        Assert.Equal("monitoring.coreos.com/v1", root["apiVersion"].ToString());
        Assert.Equal("PrometheusRule", root["kind"].ToString());
        var spec = new YamlStream(new YamlDocument(root["spec"]));
        var extracted = Path.Combine(_dir.FullName, "spec.yml");
        using (var writer = new StreamWriter(extracted)) spec.Save(writer, assignAnchors: false);

        var (code, output) = RunningProcess.Run(Tooling.Promtool, "check", "rules", extracted);

        Assert.True(code == 0, output);
        Assert.Contains($"SUCCESS: {AlertCount} rules found", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Promtool_rule_tests_prove_each_alert_fires_on_its_series_and_stays_quiet_otherwise()
    {
        var folder = Compile();
        var tests = Path.Combine(folder, "alerts-test.yml");
        File.Copy(Path.Combine(TestPaths.TestData, "prometheus", "alerts-test.yml"), tests);

        var (code, output) = RunningProcess.Run(Tooling.Promtool, "test", "rules", tests);

        Assert.True(code == 0, output);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_rule_tests_cover_every_alert_firing_and_staying_quiet()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(TestPaths.TestData, "prometheus", "alerts-test.yml"))));
        var checks = ((YamlSequenceNode)stream.Documents[0].RootNode["tests"]).Children
            .SelectMany(t => ((YamlSequenceNode)t["alert_rule_test"]).Children)
            .Select(c => (Alert: c["alertname"].ToString(), Fires: ((YamlSequenceNode)c["exp_alerts"]).Children.Count > 0))
            .ToList();
        var alerts = AlertCatalog.For(NoaServer()).SelectMany(g => g.Rules).Select(r => r.Name).ToList();

        Assert.Equal(alerts.Order(StringComparer.Ordinal), checks.Where(c => c.Fires).Select(c => c.Alert).Distinct().Order(StringComparer.Ordinal));
        // Quiet checks (exp_alerts: []) exist for most alerts; the others are quiet for other label sets of the same test.
        Assert.True(checks.Count(c => !c.Fires) >= 10, $"{checks.Count(c => !c.Fires)} quiet checks");
    }
}
