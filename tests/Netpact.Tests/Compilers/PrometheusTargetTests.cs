using Netpact.Compilers;
using Netpact.Compilers.Prometheus;
using Netpact.Model;
using Netpact.Sources;
using Netpact.Verify;
using static Netpact.Tests.Compilers.ComposeAndAwsSupport;

namespace Netpact.Tests.Sources;

/// <summary>The prometheus target: alert rules that carry no flows, which verify and compile-all handle as such.</summary>
public sealed class PrometheusTargetTests
{
    [Fact]
    public void Noa_server_compiles_to_the_expected_rules_file_and_prometheus_rule()
    {
        var files = LayerCompilers.Find(Layer.Prometheus).Compile(NoaServer());

        AssertGolden(Path.Combine(TestPaths.TestData, "compile-prometheus", "noa-server"), files);
    }

    [Fact]
    public void Every_alert_has_severity_summary_description_and_a_runbook_section_in_docs_alerts()
    {
        var alerts = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "docs", "alerts.md"));

        foreach (var rule in AlertCatalog.For(NoaServer()).SelectMany(g => g.Rules))
        {
            Assert.Contains(rule.Severity, new[] { "critical", "warning", "info" });
            Assert.False(string.IsNullOrWhiteSpace(rule.Summary));
            Assert.False(string.IsNullOrWhiteSpace(rule.Description));
            Assert.Equal($"docs/alerts.md#{rule.Name.ToLowerInvariant()}", rule.RunbookUrl);
            Assert.Contains($"\n## {rule.Name}\n", alerts, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Verify_of_the_compiled_layers_leaves_out_the_prometheus_target_and_names_it_unverifiable()
    {
        var results = IntentVerifier.VerifyCompiled(NoaServer());

        Assert.DoesNotContain(results, v => v.Target == "prometheus");
        Assert.Equal(LayerReaders.All.Count(r => r.CarriesFlows), results.Count);
        Assert.Equal(["prometheus"], IntentVerifier.Unverifiable);
        Assert.All(results, v => Assert.True(v.Proven, v.Target));
    }

    [Fact]
    public void Verify_of_a_compiled_folder_warns_about_the_rules_files_and_checks_the_other_layers()
    {
        var intent = NoaServer();
        var dir = Directory.CreateTempSubdirectory("netpact-prom-");
        try
        {
            var files = LayerCompilers.All.Where(t => t.Name is "k8s" or "prometheus").SelectMany(t => t.Compile(intent)).ToList();
            Assert.Empty(OutputFolder.Write(dir.FullName, files, force: false));
            var diagnostics = new List<Diagnostic>();

            var results = IntentVerifier.VerifyFiles(intent, [dir.FullName], diagnostics);

            // The policies alone (no workloads in the folder) are checked as usual; the rules files are not.
            Assert.Equal("k8s", Assert.Single(results).Target);
            Assert.True(results[0].Intended > 0);
            Assert.DoesNotContain(diagnostics, d => d.Severity == Severity.Error);
            Assert.Equal(2, diagnostics.Count(d => d.Severity == Severity.Warning && d.Message.Contains("not verified", StringComparison.Ordinal)));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Verify_of_rules_files_alone_is_an_error_there_is_no_layer_to_check()
    {
        var intent = NoaServer();
        var dir = Directory.CreateTempSubdirectory("netpact-prom-");
        try
        {
            Assert.Empty(OutputFolder.Write(dir.FullName, LayerCompilers.Find(Layer.Prometheus).Compile(intent), force: false));
            var diagnostics = new List<Diagnostic>();

            var results = IntentVerifier.VerifyFiles(intent, [dir.FullName], diagnostics);

            Assert.Empty(results);
            Assert.Contains(diagnostics, d => d.Severity == Severity.Error && d.Message.Contains("no files of any layer", StringComparison.Ordinal));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("groups:\n  - name: a\n    rules: []\n", "prometheus")]
    [InlineData("apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: {name: x}\nspec: {groups: []}\n", "prometheus")]
    [InlineData("apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: {name: x}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: y}\n", "k8s")]
    [InlineData("apiVersion: v1\nkind: Namespace\nmetadata: {name: y}\n", "k8s")]
    public void Rules_files_are_told_apart_from_manifests(string content, string layer)
    {
        Assert.Equal(layer, InputSet.LayerOf("f.yaml", content).Name());
    }
}
