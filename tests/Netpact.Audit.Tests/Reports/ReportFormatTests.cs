using System.Text.Json;
using Json.Schema;
using System.Text.RegularExpressions;
using Netpact.Audit.Reports;
using Netpact.Audit.Targets;
using Netpact.Audit.Tests.Lab;
using Netpact.Model;

namespace Netpact.Audit.Tests.Reports;

/// <summary>One audit of the weak endpoint plus a port scan, written in every format.</summary>
public sealed partial class ReportFormatTests(AuditLab lab)
{
    private static readonly SemaphoreSlim Once = new(1, 1);
    private static AuditResult? _result;

    private async Task<AuditResult> ResultAsync()
    {
        await Once.WaitAsync();
        try
        {
            if (_result is not null) return _result;
            var builder = new AuditPlanBuilder();
            var span = new SourceSpan("test", 0, 0);
            builder.AddResolve($"weak.test:{lab.WeakHttps}:{AuditLab.WeakAddress}", span);
            builder.AddResolve($"weak.test:{lab.WeakHttp}:{AuditLab.WeakAddress}", span);
            builder.AddTls($"weak.test:{lab.WeakHttps}", span);
            builder.AddHttp($"http://weak.test:{lab.WeakHttp}/", span);
            builder.AddHttp($"https://weak.test:{lab.WeakHttps}/", span);
            builder.AddPorts($"{AuditLab.WeakAddress}:{lab.WeakHttps},{lab.WeakHttp}", span);
            builder.AddPorts($"{AuditLab.WeakAddress}:{lab.WeakHttps}", span, allowed: true);
            var plan = builder.Build();
            Assert.NotNull(plan);
            return _result = await new Auditor(TimeProvider.System).RunAsync(plan, null, TestContext.Current.CancellationToken);
        }
        finally
        {
            Once.Release();
        }
    }

    [Fact]
    public async Task Txt_has_a_table_per_endpoint_and_a_summary()
    {
        var text = AuditReport.Write(await ResultAsync(), AuditFormat.Txt);

        Assert.Contains("== weak.test ==", text, StringComparison.Ordinal);
        Assert.Contains($"== {AuditLab.WeakAddress} ==", text, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^weak\.test:\d+\s+cipherlist_NULL\s+CRITICAL\s+NULL ciphers", text);
        Assert.Matches(@"(?m)^2 endpoints audited, \d+ findings \(\d+ critical, \d+ high", text);
    }

    [Fact]
    public async Task Md_is_a_table_with_controls()
    {
        var md = AuditReport.Write(await ResultAsync(), AuditFormat.Md);

        Assert.Contains("| Target | ID | Severity | Finding | Controls |", md, StringComparison.Ordinal);
        Assert.Contains("| `TLS1` | LOW | offered (deprecated) | PCI DSS 4.0 4.2.1, SOC 2 CC6.7, HIPAA 164.312(e)(1) |", md, StringComparison.Ordinal);
        Assert.Contains($"| `port_{lab.WeakHttp}` | HIGH |", md, StringComparison.Ordinal);
        Assert.Contains("PCI DSS 4.0 1.2.5", md, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sarif_is_2_1_0_with_a_rule_per_id_and_a_result_per_problem()
    {
        var result = await ResultAsync();
        using var sarif = JsonDocument.Parse(AuditReport.Write(result, AuditFormat.Sarif));

        var root = sarif.RootElement;
        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        var run = root.GetProperty("runs")[0];
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        var results = run.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(result.Findings.Count(f => f.IsProblem), results.Count);
        Assert.All(results, r =>
        {
            Assert.Contains(r.GetProperty("ruleId").GetString(), rules);
            Assert.Contains(r.GetProperty("level").GetString(), new[] { "error", "warning", "note" });
            Assert.False(string.IsNullOrEmpty(r.GetProperty("message").GetProperty("text").GetString()));
            Assert.False(string.IsNullOrEmpty(r.GetProperty("locations")[0].GetProperty("logicalLocations")[0].GetProperty("fullyQualifiedName").GetString()));
        });
        Assert.Contains(results, r => r.GetProperty("ruleId").GetString() == "cert_chain_of_trust" && r.GetProperty("level").GetString() == "error");
    }

    [Fact]
    public async Task Sarif_validates_against_the_sarif_2_1_0_schema()
    {
        var schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(AuditLab.RepoRoot, "..", "shared", "schemas", "sarif-2.1.0.json")));
        using var sarif = JsonDocument.Parse(AuditReport.Write(await ResultAsync(), AuditFormat.Sarif));

        var evaluation = schema.Evaluate(sarif.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });

        var errors = (evaluation.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
        Assert.True(evaluation.IsValid, string.Join("\n", errors));
    }

    [Fact]
    public async Task Prometheus_text_has_the_audit_metrics()
    {
        var text = AuditReport.Write(await ResultAsync(), AuditFormat.Prometheus);

        var endpoint = $"weak.test:{lab.WeakHttps}";
        Assert.Contains($"netpact_tls_protocol_enabled{{endpoint=\"{endpoint}\",version=\"TLSv1.0\"}} 1\n", text, StringComparison.Ordinal);
        Assert.Contains($"netpact_tls_protocol_enabled{{endpoint=\"{endpoint}\",version=\"SSLv3\"}} 0\n", text, StringComparison.Ordinal);
        Assert.Matches($@"netpact_tls_cert_expiry_seconds{{endpoint=""{Regex.Escape(endpoint)}""}} \d+\n", text);
        Assert.Contains($"netpact_http_observatory_score{{site=\"https://weak.test:{lab.WeakHttps}\"}} 0\n", text, StringComparison.Ordinal);
        Assert.Contains($"netpact_port_open{{host=\"{AuditLab.WeakAddress}\",port=\"{lab.WeakHttp}\"}} 1\n", text, StringComparison.Ordinal);
        // Every sample line is NAME{LABELS} VALUE, and every metric has HELP and TYPE.
        Assert.All(text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')), l => Assert.Matches(SampleLine(), l));
        foreach (var name in text.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]))
            Assert.Contains($"# HELP {name} ", text, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^[a-z_]+\{[a-z]+=""[^""]*""(,[a-z]+=""[^""]*"")*\} -?[0-9.]+(E[+-]?\d+)?$")]
    private static partial Regex SampleLine();
}
