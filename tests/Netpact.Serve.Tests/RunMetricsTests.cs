using System.Text;
using Netpact.Intents;
using Netpact.Kubernetes;
using Netpact.Model;
using Netpact.Sources;
using Netpact.Tests;
using Netpact.Verify;
using Prometheus;

namespace Netpact.Serve.Tests;

/// <summary>The metrics of a run, from the reference example; and a fresh set per run, so stale label sets disappear.</summary>
public sealed class RunMetricsTests
{
    private static readonly string Example = Path.Combine(TestPaths.Examples, "noa-server");

    private static ServeConfig Config(bool withIntent) => new()
    {
        File = "serve.yaml",
        Manifests = [Path.Combine(Example, "manifests")],
        Intent = withIntent ? Path.Combine(Example, "intent.yaml") : null,
    };

    private static async Task<RunReport> RunAsync(ServeConfig config) =>
        await new ServeRun(config, new ManifestFolderSource(config.Manifests), TimeProvider.System).RunAsync(TestContext.Current.CancellationToken);

    private static async Task<string> ExportAsync(CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream, TestContext.Current.CancellationToken);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public async Task A_run_of_the_reference_example_exports_what_verify_and_lint_find()
    {
        var report = await RunAsync(Config(withIntent: true));

        Assert.True(report.Succeeded, string.Join("\n", report.Errors));
        var text = await ExportAsync(RunMetrics.Of(report));
        var intent = IntentReader.ReadFile(Path.Combine(Example, "intent.yaml")).Intent!;
        var verification = Assert.Single(IntentVerifier.VerifyFiles(intent, [Path.Combine(Example, "manifests")], []));
        Assert.Contains($"netpact_verify_missing_flows{{intent=\"noa-server\",target=\"k8s\"}} {verification.Missing.Length}\n", text, StringComparison.Ordinal);
        Assert.Contains($"netpact_verify_extra_flows{{intent=\"noa-server\",target=\"k8s\"}} {verification.Extra.Length}\n", text, StringComparison.Ordinal);
        Assert.Contains($"netpact_verify_over_permissive_rules{{intent=\"noa-server\",target=\"k8s\"}} {verification.OverPermissive.Length}\n", text, StringComparison.Ordinal);
        Assert.True(verification.Missing.Length > 0);
        var zt011 = report.Lint!.Active.Count(f => f.Rule.Id == "ZT011");
        Assert.Contains($"netpact_lint_violations{{rule=\"ZT011\",severity=\"error\"}} {zt011}\n", text, StringComparison.Ordinal);
        Assert.Contains($"netpact_workloads {report.Isolation!.Workloads}\n", text, StringComparison.Ordinal);
        Assert.Contains("netpact_workloads_without_policy{direction=\"ingress\"} 0\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Defense_in_depth_is_exported_per_depth_and_per_workload_as_verify_counts_it()
    {
        var dir = Directory.CreateTempSubdirectory("netpact-serve-depth-").FullName;
        try
        {
            // The example's manifests (NetworkPolicy) with the intent's Istio layer compiled beside them: two layers.
            var compiled = IntentReader.ReadFile(Path.Combine(Example, "intent.yaml")).Intent!;
            foreach (var file in Netpact.Compilers.LayerCompilers.Find(Layer.Istio).Compile(compiled))
            {
                var path = Path.Combine(dir, file.Path);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, file.Content);
            }
            var config = Config(withIntent: true) with { Manifests = [Path.Combine(Example, "manifests"), dir] };
            var report = await new ServeRun(config, new ManifestFolderSource(config.Manifests), TimeProvider.System).RunAsync(TestContext.Current.CancellationToken);

            Assert.True(report.Succeeded, string.Join("\n", report.Errors));
            var text = await ExportAsync(RunMetrics.Of(report));
            var intent = IntentReader.ReadFile(Path.Combine(Example, "intent.yaml")).Intent!;
            var depth = DefenseInDepth.Of(intent, IntentVerifier.VerifyFiles(intent, [.. config.Manifests], []));
            Assert.NotEmpty(depth);
            Assert.Contains($"netpact_defense_depth_pairs{{intent=\"noa-server\",depth=\"exposed\"}} {depth.Count(p => p.Layers == 0)}\n", text, StringComparison.Ordinal);
            Assert.Contains($"netpact_defense_depth_pairs{{intent=\"noa-server\",depth=\"single\"}} {depth.Count(p => p.Layers == 1)}\n", text, StringComparison.Ordinal);
            Assert.Contains($"netpact_defense_depth_pairs{{intent=\"noa-server\",depth=\"defended\"}} {depth.Count(p => p.Layers >= 2)}\n", text, StringComparison.Ordinal);
            var postgres = depth.Where(p => p.Destination.Workload == "postgresql").Min(p => p.Layers);
            Assert.Contains($"netpact_defense_depth_min_layers{{intent=\"noa-server\",workload=\"postgresql\"}} {postgres}\n", text, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Label_sets_that_the_next_run_no_longer_finds_disappear()
    {
        var state = new ServeState(TimeSpan.FromSeconds(1));
        state.Finished(await RunAsync(Config(withIntent: true)), DateTimeOffset.UnixEpoch);
        var first = await ExportAsync(state.Latest.Metrics);

        state.Finished(await RunAsync(Config(withIntent: false)), DateTimeOffset.UnixEpoch);
        var second = await ExportAsync(state.Latest.Metrics);

        Assert.Contains("netpact_verify_missing_flows{", first, StringComparison.Ordinal);
        Assert.DoesNotContain("netpact_verify_", second, StringComparison.Ordinal);
        Assert.Contains("netpact_lint_violations{", second, StringComparison.Ordinal);
        Assert.Contains("netpact_runs_total 2\n", await ExportAsync(state.Registry), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manifest_with_bad_yaml_fails_the_analyze_stage_with_its_location_and_leaves_out_its_metrics()
    {
        var dir = Directory.CreateTempSubdirectory("netpact-serve-bad-");
        try
        {
            var bad = Path.Combine(dir.FullName, "bad.yaml");
            File.WriteAllText(bad, "apiVersion: v1\nkind: Namespace\nmetadata: {name: [x\n");
            var config = new ServeConfig { File = "serve.yaml", Manifests = [dir.FullName] };

            var report = await RunAsync(config);

            Assert.False(report.Succeeded);
            var error = Assert.Single(report.Errors);
            Assert.Equal("analyze", error.Stage);
            Assert.StartsWith($"{bad}:", error.Message, StringComparison.Ordinal);
            var text = await ExportAsync(RunMetrics.Of(report));
            Assert.DoesNotContain("netpact_workloads", text, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
