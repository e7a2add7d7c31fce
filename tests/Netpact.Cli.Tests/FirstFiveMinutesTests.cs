using System.Text.Json;
using Netpact.Tests;

namespace Netpact.Cli.Tests;

/// <summary>
/// The first five minutes of a new user (issue 18): help on bare netpact, errors in the user's words with "did you
/// mean", JSON syntax errors a user can act on, and explain's exit code and json.
/// </summary>
public sealed class FirstFiveMinutesTests
{
    private static string Bookinfo(string file) => Path.Combine(TestPaths.TestData, "istio-bookinfo", file);

    private static string Compose => Path.Combine(TestPaths.TestData, "layers", "compose-database-beside-published-service", "docker-compose.yml");

    [Fact]
    public void Bare_netpact_prints_the_help_and_exits_0()
    {
        var r = CliRunner.Run();

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Usage:", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("analyze", r.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Required command", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_verb_of_verbs_alone_prints_its_help_and_exits_0()
    {
        var r = CliRunner.Run("lab");

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("run", r.Stdout, StringComparison.Ordinal);
        Assert.Equal("", r.Stderr);
    }

    [Theory]
    [InlineData("analyze", "yaml", "txt, json, csv, md, dot or summary")]
    [InlineData("diff", "yaml", "txt, csv, md or json")]
    [InlineData("lint", "xml", "txt, json, sarif or md")]
    [InlineData("verify", "html", "txt, json or md")]
    [InlineData("audit", "xml", "txt, json, sarif, md or prometheus")]
    [InlineData("lab run", "html", "txt, json or md")]
    [InlineData("explain", "yaml", "txt or json")]
    public void An_unknown_format_is_named_as_typed_with_the_verbs_formats_in_lower_case(string verb, string typed, string choices)
    {
        var r = CliRunner.Run([.. verb.Split(' '), "--format", typed]);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"netpact: error: --format: '{typed}' is not a format of {verb}; choose {choices}\n", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Cannot parse", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Netpact.", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_enum_option_of_every_verb_is_reported_in_the_users_words()
    {
        foreach (var verb in new[] { "analyze", "diff", "lint", "verify", "audit", "lab run", "lab probe", "explain" })
        {
            var r = CliRunner.Run([.. verb.Split(' '), "-f", "nosuchformat"]);

            Assert.Equal(2, r.ExitCode);
            Assert.Contains($"--format: 'nosuchformat' is not a format of {verb}; choose ", r.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("expected type", r.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_format_typed_nearly_right_gets_did_you_mean()
    {
        var r = CliRunner.Run("lint", "--format", "Sarif2");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("netpact: error: --format: 'Sarif2' is not a format of lint; choose txt, json, sarif or md (did you mean 'sarif'?)\n", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_number_is_no_format_though_dotnet_would_read_it_as_one()
    {
        var r = CliRunner.Run("analyze", Compose, "-f", "7");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("netpact: error: --format: '7' is not a format of analyze; choose txt, json, csv, md, dot or summary\n", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void A_mistyped_subverb_gets_did_you_mean()
    {
        var r = CliRunner.Run("lab", "rn");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("'rn' is not a verb of netpact lab; did you mean 'run'?", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("Run 'netpact lab --help' for usage.", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mistyped_verb_gets_did_you_mean_and_one_line_only()
    {
        var r = CliRunner.Run("analyse", "x.yaml");

        Assert.Equal(2, r.ExitCode);
        Assert.Equal("netpact: error: 'analyse' is not a verb of netpact; did you mean 'analyze'?\nRun 'netpact --help' for usage.\n",
            r.Stderr.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void A_mistyped_option_gets_did_you_mean()
    {
        var r = CliRunner.Run("analyze", "--fromat", "json", Compose);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("unknown option '--fromat'", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("did you mean '--format'?", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("Run 'netpact analyze --help' for usage.", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mistyped_option_of_diff_gets_did_you_mean()
    {
        var r = CliRunner.Run("diff", Compose, Compose, "--fial-on", "added");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("'--fial-on'", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trailing_comma_in_json_is_reported_at_its_line_and_column_in_plain_words()
    {
        var dir = Directory.CreateTempSubdirectory("netpact-json-");
        try
        {
            var file = Path.Combine(dir.FullName, "sg.json");
            File.WriteAllText(file, "{\"SecurityGroups\":[{\"GroupId\":\"sg-1\",}]}");

            var r = CliRunner.Run("analyze", file);

            Assert.Equal(2, r.ExitCode);
            Assert.Contains($"{file}:1:38: error: invalid JSON: a comma before a closing '}}' or ']': JSON allows no trailing comma; remove it", r.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("reader options", r.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_kubernetes_json_object_left_open_is_reported_at_its_line_and_column()
    {
        var dir = Directory.CreateTempSubdirectory("netpact-json-");
        try
        {
            var file = Path.Combine(dir.FullName, "ns.json");
            File.WriteAllText(file, "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"a\",}\n");

            var r = CliRunner.Run("analyze", file);

            Assert.Equal(2, r.ExitCode);
            Assert.Matches($@"{System.Text.RegularExpressions.Regex.Escape(file)}:\d+:\d+: error: ", r.Stderr);
            Assert.DoesNotContain("reader options", r.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Explain_exits_1_on_a_denied_verdict_like_kubectl_auth_can_i()
    {
        var r = CliRunner.Run("explain", Bookinfo("bookinfo.yaml"), Bookinfo("namespaces.yaml"), Bookinfo("authz-http.yaml"), Bookinfo("strict-mtls.yaml"),
            "--src", "legacy/sleep", "--dst", "default/productpage-v1", "--port", "9080");

        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("DENIED: ", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_exits_0_on_an_allowed_verdict()
    {
        var r = CliRunner.Run("explain", Bookinfo("bookinfo.yaml"), Bookinfo("namespaces.yaml"), Bookinfo("authz-http.yaml"),
            "--src", "default/productpage-v1", "--dst", "default/details-v1", "--port", "9080");

        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith("ALLOWED: ", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_json_gives_the_verdict_the_pair_the_port_and_the_reasons_per_side_and_for_istio_as_lines()
    {
        var r = CliRunner.Run("explain", Bookinfo("bookinfo.yaml"), Bookinfo("namespaces.yaml"), Bookinfo("authz-http.yaml"), Bookinfo("strict-mtls.yaml"),
            "--src", "legacy/sleep", "--dst", "default/productpage-v1", "--port", "9080", "--format", "json");

        Assert.Equal(1, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        Assert.Equal("DENIED", root.GetProperty("verdict").GetString());
        Assert.Equal("legacy/sleep[Deployment]", root.GetProperty("source").GetString());
        Assert.Equal("default/productpage-v1[Deployment]", root.GetProperty("destination").GetString());
        Assert.Equal("TCP", root.GetProperty("port").GetProperty("protocol").GetString());
        Assert.Equal(9080, root.GetProperty("port").GetProperty("port").GetInt32());
        Assert.Equal(JsonValueKind.String, root.GetProperty("allowed").ValueKind);
        Assert.Contains("Istio at default/productpage-v1[Deployment]", root.GetProperty("blockedBy").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("legacy/sleep[Deployment]", root.GetProperty("egress").GetProperty("subject").GetString());
        Assert.NotEmpty(root.GetProperty("egress").GetProperty("reasons").EnumerateArray());
        Assert.NotEmpty(root.GetProperty("ingress").GetProperty("reasons").EnumerateArray());
        var istio = root.GetProperty("istio").GetProperty("reasons").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("the source runs no sidecar: it calls in plaintext, with no principal or namespace", istio);
    }

    [Fact]
    public void Explain_json_on_compose_gives_the_layers_reasons_and_exit_0_when_allowed()
    {
        var r = CliRunner.Run("explain", Compose, "--src", "ingress-nginx-controller", "--dst", "postgresql", "--port", "5432", "-f", "json");

        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        Assert.Equal("ALLOWED", root.GetProperty("verdict").GetString());
        Assert.Equal("compose", root.GetProperty("layer").GetString()!.ToLowerInvariant());
        Assert.NotEmpty(root.GetProperty("reasons").EnumerateArray());
    }

    [Fact]
    public void Explain_on_compose_exits_1_when_denied()
    {
        var r = CliRunner.Run("explain", Compose, "--src", "203.0.113.9", "--dst", "postgresql", "--port", "5432");

        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("DENIED: ", r.Stdout, StringComparison.Ordinal);
    }
}

/// <summary>diff --fail-on: repeatable or a comma list of any, added, removed, changed, none; the default unchanged.</summary>
public sealed class DiffFailOnTests
{
    private static string Oracle(string name) => Path.Combine(TestPaths.NetpolAnalyzerOracle, "tests", name);

    private static string Opened => Oracle("netpol-diff-example-minimal");

    private static string Closed => Oracle("netpol-analysis-example-minimal");

    [Fact]
    public void By_default_any_difference_exits_1()
    {
        Assert.Equal(1, CliRunner.Run("diff", Closed, Opened).ExitCode);
        Assert.Equal(0, CliRunner.Run("diff", Closed, Closed).ExitCode);
    }

    [Fact]
    public void Fail_on_removed_exits_1_only_when_new_allows_less()
    {
        Assert.Equal(1, CliRunner.Run("diff", Opened, Closed, "--fail-on", "removed").ExitCode);
        Assert.Equal(0, CliRunner.Run("diff", Closed, Opened, "--fail-on", "removed").ExitCode);
    }

    [Fact]
    public void Fail_on_takes_a_comma_list_and_repeats()
    {
        Assert.Equal(1, CliRunner.Run("diff", Opened, Closed, "--fail-on", "added,removed").ExitCode);
        Assert.Equal(1, CliRunner.Run("diff", Closed, Opened, "--fail-on", "removed", "--fail-on", "added").ExitCode);
        Assert.Equal(0, CliRunner.Run("diff", Closed, Opened, "--fail-on", "none").ExitCode);
    }

    [Fact]
    public void An_unknown_fail_on_value_names_the_choices()
    {
        var r = CliRunner.Run("diff", Closed, Opened, "--fail-on", "added,gone");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--fail-on: 'gone' is not a choice of diff; choose any, added, removed, changed or none", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_help_offers_no_cluster_switch()
    {
        var r = CliRunner.Run("diff", "--help");

        Assert.Equal(0, r.ExitCode);
        Assert.DoesNotContain("--cluster ", r.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("With --cluster", r.Stdout, StringComparison.Ordinal);
    }
}

/// <summary>report without -o writes report.html in the current directory; never HTML to a terminal.</summary>
[Collection(nameof(CurrentDirectoryCollection))]
public sealed class ReportDefaultOutputTests
{
    private static string Compose => Path.Combine(TestPaths.TestData, "layers", "compose-database-beside-published-service", "docker-compose.yml");

    [Fact]
    public void Report_without_o_writes_report_html_in_the_current_directory_and_says_where()
    {
        var dir = Directory.CreateTempSubdirectory("netpact-report-");
        var previous = Directory.GetCurrentDirectory();
        try
        {
            Directory.SetCurrentDirectory(dir.FullName);

            var r = CliRunner.Run("report", Compose);

            Assert.Equal(0, r.ExitCode);
            Assert.Equal("", r.Stdout);
            var file = Path.Combine(dir.FullName, "report.html");
            Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(file), StringComparison.OrdinalIgnoreCase);
            Assert.Contains("netpact: wrote the report to ", r.Stderr, StringComparison.Ordinal);
            Assert.Contains("report.html", r.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Report_without_o_never_replaces_a_report_html_netpact_did_not_write()
    {
        var dir = Directory.CreateTempSubdirectory("netpact-report-");
        var previous = Directory.GetCurrentDirectory();
        try
        {
            Directory.SetCurrentDirectory(dir.FullName);
            var file = Path.Combine(dir.FullName, "report.html");
            File.WriteAllText(file, "mine");

            var r = CliRunner.Run("report", Compose);

            Assert.Equal(2, r.ExitCode);
            Assert.Equal("mine", File.ReadAllText(file));
            Assert.Contains("report.html", r.Stderr, StringComparison.Ordinal);
            Assert.Equal(0, CliRunner.Run("report", Compose, "--force").ExitCode);
            Assert.NotEqual("mine", File.ReadAllText(file));
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Report_never_writes_html_to_a_terminal()
    {
        var r = CliRunner.RunOnTerminal("", "report", "-o", "-", Compose);

        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.Contains("netpact: error: -o -: the report is an HTML page for a browser, not for a terminal", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_o_dash_writes_the_page_to_stdout_when_it_is_no_terminal()
    {
        var r = CliRunner.Run("report", "-o", "-", Compose);

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("<html", r.Stdout, StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>analyze says when nothing is allowed, and refuses options that do not apply instead of ignoring them.</summary>
public sealed class AnalyzeNotesTests
{
    private static string Compose => Path.Combine(TestPaths.TestData, "layers", "compose-database-beside-published-service", "docker-compose.yml");

    private const string DeniedEverything = """
        apiVersion: v1
        kind: Pod
        metadata: {name: a, namespace: shop, labels: {app: a}}
        spec: {containers: [{name: c, image: x}]}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: b, namespace: shop, labels: {app: b}}
        spec: {containers: [{name: c, image: x}]}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny-all, namespace: shop}
        spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
        """;

    [Fact]
    public void Analyze_says_on_a_terminal_when_every_pair_is_denied()
    {
        var r = CliRunner.RunOnTerminal(DeniedEverything, "analyze", "-");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.Contains("netpact: no connection is allowed between these workloads: every pair is denied\n", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_says_nothing_of_it_when_stderr_is_piped_or_something_is_allowed()
    {
        var piped = CliRunner.RunWithInput(DeniedEverything, "analyze", "-");
        var open = CliRunner.RunOnTerminal(DeniedEverything.Replace("policyTypes: [Ingress, Egress]", "policyTypes: [Ingress], ingress: [{}]", StringComparison.Ordinal), "analyze", "-");

        Assert.Equal(0, piped.ExitCode);
        Assert.DoesNotContain("no connection is allowed", piped.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, open.ExitCode);
        Assert.NotEqual("", open.Stdout);
        Assert.DoesNotContain("no connection is allowed", open.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_focus_that_matches_no_workload_is_an_error_naming_the_workloads()
    {
        var r = CliRunner.RunWithInput(DeniedEverything, "analyze", "-", "--focus-workload", "shop/aa");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("netpact: error: --focus-workload: 'shop/aa' matches no workload of these inputs; they hold: shop/a, shop/b", r.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--focus-workload", "postgresql")]
    [InlineData("--exposure", null)]
    public void Focus_and_exposure_on_compose_are_errors_not_ignored(string option, string? value)
    {
        var r = value is null ? CliRunner.Run("analyze", Compose, option) : CliRunner.Run("analyze", Compose, option, value);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"netpact: error: {option} applies to Kubernetes manifests", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
    }
}
