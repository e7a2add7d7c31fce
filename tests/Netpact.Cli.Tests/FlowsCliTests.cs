using System.Text.Json;
using Netpact.Tests;

namespace Netpact.Cli.Tests;

/// <summary>netpact flows on the command line: exit codes, formats, bad input as file:line:col, logs told from pact files.</summary>
public sealed class FlowsCliTests
{
    private static string Data(string name) => Path.Combine(TestPaths.TestData, "flows", name);

    private static string Intent => Path.Combine(TestPaths.Examples, "noa-server", "intent.yaml");

    [Fact]
    public void A_log_with_a_violation_exits_1_and_lists_it_first()
    {
        var result = CliRunner.Run("flows", Data("noa-day.log"), "--intent", Intent);

        Assert.Equal(1, result.ExitCode);
        var problems = result.Stdout.IndexOf("ALLOWED BUT NOT INTENDED", StringComparison.Ordinal);
        Assert.True(problems > 0);
        Assert.True(problems < result.Stdout.IndexOf("INTENDED AND ALLOWED", StringComparison.Ordinal));
        Assert.Contains("mcp-filesystem => postgresql : 5432/TCP", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("noa-day.log:11:1: warning: malformed AWS VPC Flow Logs record", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_log_of_only_intended_flows_exits_0()
    {
        var clean = "2 1 eni-1 10.0.2.1 10.0.4.1 40001 5432 6 20 4249 1765152000 1765152060 ACCEPT OK\n" +
                    "2 1 eni-1 198.51.100.7 10.0.1.1 50000 22 6 1 60 1765152120 1765152180 REJECT OK\n";

        var result = CliRunner.RunWithInput(clean, "flows", "-", "--intent", Intent);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("noa-server => postgresql : 5432/TCP", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("BLOCKED ATTEMPTS (rejected and not intended): 1 record in 1 flow", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_no_flow_log_is_an_error_at_its_line_with_exit_2_and_no_stack_trace()
    {
        var dir = Directory.CreateTempSubdirectory("netpact-flows-");
        try
        {
            var notALog = Path.Combine(dir.FullName, "flows.txt");
            File.WriteAllText(notALog, "table inet filter {\n  chain input { type filter hook input priority 0; }\n}\n");

            var result = CliRunner.Run("flows", notALog, "--intent", Intent);

            Assert.Equal(2, result.ExitCode);
            Assert.Contains($"{notALog}:1:1: error: this is no flow log netpact reads", result.Stderr, StringComparison.Ordinal);
            Assert.Contains("looks like an nftables ruleset", result.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Without_a_pact_it_is_a_usage_error()
    {
        var result = CliRunner.Run("flows", Data("noa-day.log"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("name the pact", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_time_that_is_none_is_a_usage_error()
    {
        var result = CliRunner.Run("flows", Data("noa-day.log"), "--intent", Intent, "--since", "yesterday");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'yesterday' is not a time", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Since_and_until_keep_only_the_records_of_the_window()
    {
        var result = CliRunner.Run("flows", Data("noa-day.log"), "--intent", Intent, "--since", "1765152060", "--until", "2025-12-08T00:03:00Z", "--format", "json");

        using var json = JsonDocument.Parse(result.Stdout);
        var log = json.RootElement.GetProperty("logs")[0];
        Assert.Equal(3, log.GetProperty("records").GetInt64());
        Assert.Equal(17, log.GetProperty("outsideWindow").GetInt64());
        Assert.Empty(json.RootElement.GetProperty("portScans").EnumerateArray());
    }

    [Fact]
    public void Json_lists_every_flow_with_its_class_and_the_summary_counts_them()
    {
        var result = CliRunner.Run("flows", Data("noa-day.log"), "--intent", Intent, "--format", "json");

        using var json = JsonDocument.Parse(result.Stdout);
        var flows = json.RootElement.GetProperty("flows").EnumerateArray().ToList();
        var summary = json.RootElement.GetProperty("summary");
        foreach (var cls in new[] { "intended-allowed", "allowed-not-intended", "intended-rejected", "rejected-not-intended" })
            Assert.Equal(flows.Count(f => f.GetProperty("class").GetString() == cls), summary.GetProperty(cls).GetProperty("flows").GetInt32());
        Assert.Contains(flows, f => f.GetProperty("class").GetString() == "intended-rejected" && f.GetProperty("dst").GetString() == "redis");
    }

    [Fact]
    public void Sarif_places_each_finding_at_the_log_line_of_its_first_record()
    {
        var result = CliRunner.Run("flows", Data("noa-day.log"), "--intent", Intent, "--format", "sarif");

        using var sarif = JsonDocument.Parse(result.Stdout);
        var run = sarif.RootElement.GetProperty("runs")[0];
        Assert.Equal("2.1.0", sarif.RootElement.GetProperty("version").GetString());
        var results = run.GetProperty("results").EnumerateArray().ToList();
        var outage = Assert.Single(results, r => r.GetProperty("ruleId").GetString() == "FLOW002");
        var location = outage.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.EndsWith("noa-day.log", location.GetProperty("artifactLocation").GetProperty("uri").GetString(), StringComparison.Ordinal);
        Assert.Equal(7, location.GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.Single(results, r => r.GetProperty("ruleId").GetString() == "FLOW001");
        Assert.Single(results, r => r.GetProperty("ruleId").GetString() == "FLOW003");
        Assert.Equal("error", outage.GetProperty("level").GetString());
    }

    [Fact]
    public void Logs_and_policy_files_are_told_apart_by_content()
    {
        var result = CliRunner.Run("flows", Data("cluster.log"), Data("cluster"), "--format", "json");

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Single(json.RootElement.GetProperty("logs").EnumerateArray());
        Assert.Contains(json.RootElement.GetProperty("flows").EnumerateArray(),
            f => f.GetProperty("src").GetString() == "shop/batch[Pod]" && f.GetProperty("class").GetString() == "allowed-not-intended");
    }

    [Fact]
    public void A_Hubble_log_named_json_is_a_log_not_a_manifest()
    {
        var result = CliRunner.Run("flows", Data("hubble.json"), "--intent", Intent);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("hubble", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_never_replaces_an_input()
    {
        var result = CliRunner.Run("flows", Data("noa-day.log"), "--intent", Intent, "-o", Data("noa-day.log"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("-o ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Emit_sql_writes_the_query_with_the_pact_inlined_and_needs_no_log()
    {
        var result = CliRunner.Run("flows", "--intent", Intent, "--emit-sql", "-");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("-- netpact flows --emit-sql", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("'noa-server'", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("FROM flow_logs", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_log_or_emit_sql_it_is_a_usage_error()
    {
        var result = CliRunner.Run("flows", "--intent", Intent);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("name at least one flow log", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Learn_writes_an_intent_that_validate_accepts_and_flows_finds_nothing_against()
    {
        var dir = Directory.CreateTempSubdirectory("netpact-learn-");
        try
        {
            var learned = Path.Combine(dir.FullName, "learned.yaml");

            var learn = CliRunner.Run("learn", Data("hubble.json"), "-o", learned);
            var validate = CliRunner.Run("validate", learned);
            var flows = CliRunner.Run("flows", Data("hubble.json"), "--intent", learned);

            Assert.Equal(0, learn.ExitCode);
            Assert.Equal(0, validate.ExitCode);
            Assert.Equal(0, flows.ExitCode);
            Assert.Contains("unused intended flows      0", flows.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_baseline_marks_what_it_never_showed_and_exits_1()
    {
        var result = CliRunner.Run("flows", Data("hubble.json"), "--intent", Intent, "--baseline", Data("conntrack.log"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("(baseline)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("NEW SINCE THE BASELINE", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_text_report_of_the_noa_server_day_is_its_golden_file()
    {
        var expected = File.ReadAllText(Data("noa-day.expected.txt"));

        var result = CliRunner.Run("flows", Data("noa-day.log"), "--intent", Intent);

        // The golden file was written from the repository root, with relative paths: the table's columns are as wide as those.
        var relative = result.Stdout.Replace(TestPaths.RepoRoot + Path.DirectorySeparatorChar, "", StringComparison.Ordinal);
        Assert.Equal(Columns(expected), Columns(relative));
    }

    private static string Columns(string text) => System.Text.RegularExpressions.Regex.Replace(text, " {2,}", "  ");
}
