using System.Text.Json;
using System.Text.RegularExpressions;
using Netpact.Cli;
using Netpact.Kubernetes;
using Netpact.Sources;
using Netpact.Tests;

namespace Netpact.Serve.Tests;

/// <summary>
/// 'netpact report' and 'netpact serve' run the same check (Netpact.Checks.PactCheck): on the same inputs they give
/// the same findings, lint with every layer of the inputs included.
/// </summary>
public sealed partial class ReportServeParityTests
{
    private static readonly string Example = Path.Combine(TestPaths.Examples, "noa-server");

    [GeneratedRegex("<script type=\"application/json\" id=\"netpact-data\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex DataElement();

    private static List<string> ReportFindings(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = NetpactCommand.Run(["report", "-o", "-", .. args], TextReader.Null, stdout, stderr);
        Assert.True(code == 0, stderr.ToString());
        using var data = JsonDocument.Parse(DataElement().Match(stdout.ToString()).Groups[1].Value);
        return [.. data.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => $"{f.GetProperty("rule").GetString()} {f.GetProperty("location").GetString()}").Order(StringComparer.Ordinal)];
    }

    private static async Task<List<string>> ServeFindingsAsync(ServeConfig config)
    {
        var run = await new ServeRun(config, new ManifestFolderSource(config.Manifests), TimeProvider.System).RunAsync(TestContext.Current.CancellationToken);
        Assert.True(run.Succeeded, string.Join("\n", run.Errors));
        return [.. run.Page!.Findings.Select(f => $"{f.Rule} {f.Location}").Order(StringComparer.Ordinal)];
    }

    [Fact]
    public async Task Report_and_serve_give_the_same_findings_on_the_reference_example_with_its_intent()
    {
        var manifests = Path.Combine(Example, "manifests");
        var intent = Path.Combine(Example, "intent.yaml");

        var report = ReportFindings(manifests, "--intent", intent);
        var serve = await ServeFindingsAsync(new ServeConfig { File = "serve.yaml", Manifests = [manifests], Intent = intent });

        Assert.NotEmpty(report);
        Assert.Contains(report, f => f.StartsWith("extra-flow ", StringComparison.Ordinal) || f.StartsWith("missing-flow ", StringComparison.Ordinal));
        Assert.Equal(serve, report);
    }

    [Fact]
    public async Task Report_and_serve_both_lint_the_istio_layer_of_their_inputs()
    {
        var file = Path.Combine(TestPaths.TestData, "lint", "ZT020", "fires.yaml");

        var report = ReportFindings(file);
        var serve = await ServeFindingsAsync(new ServeConfig { File = "serve.yaml", Manifests = [file] });

        Assert.Contains(report, f => f.StartsWith("ZT020 ", StringComparison.Ordinal));
        Assert.Equal(serve, report);
    }

    [Fact]
    public async Task Report_and_serve_analyze_bookinfo_over_network_policy_and_istio_alike()
    {
        // Bookinfo with istio.io's HTTP authorization policies: lint's lateral-movement findings follow what both layers allow.
        var folder = Path.Combine(TestPaths.TestData, "istio-bookinfo");
        string[] files = [Path.Combine(folder, "bookinfo.yaml"), Path.Combine(folder, "namespaces.yaml"), Path.Combine(folder, "authz-http.yaml")];

        var report = ReportFindings(files);
        var serve = await ServeFindingsAsync(new ServeConfig { File = "serve.yaml", Manifests = [.. files] });

        Assert.NotEmpty(report);
        Assert.Equal(serve, report);
    }
}
