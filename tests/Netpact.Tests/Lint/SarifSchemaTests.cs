using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Netpact.Lint;
using Netpact.Reports;

namespace Netpact.Tests.Lint;

/// <summary>
/// SARIF output validates against the SARIF 2.1.0 schema (../shared/schemas/sarif-2.1.0.json, draft 2020-12, with
/// formats checked), and carries what code scanning needs: rule metadata, relative artifact URIs, suppressions.
/// </summary>
public sealed class SarifSchemaTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.GetFullPath(Path.Combine(TestPaths.RepoRoot, "..", "shared", "schemas", "sarif-2.1.0.json")))));

    private static List<string> SchemaErrors(string json)
    {
        var results = Schema.Value.Evaluate(JsonDocument.Parse(json).RootElement,
            new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (results.IsValid) return [];
        var errors = (results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))
            .ToList();
        return errors.Count > 0 ? errors : ["invalid"];
    }

    private static string SeedSarif()
    {
        // A suppressed finding too, so that the suppressions array is checked against the schema.
        var config = LintConfigReader.ReadText("ignore:\n  - rule: ZT012\n    target: noa-server\n    reason: reviewed\n", "lint.yaml").Config;
        var result = LintTestInput.Lint([Path.Combine(TestPaths.Examples, "noa-server", "manifests")], config);
        Assert.Contains(result.Findings, f => f.IsSuppressed);
        return LintReport.Write(result, LintFormat.Sarif, TestPaths.RepoRoot);
    }

    [Fact]
    public void Sarif_of_the_seed_validates_against_the_schema()
    {
        Assert.Empty(SchemaErrors(SeedSarif()));
    }

    [Fact]
    public void Sarif_without_findings_validates_against_the_schema()
    {
        var result = LintTestInput.LintText("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: empty\n  annotations:\n    netpact.io/ignore: ZT001, ZT002 -- no workloads yet\n");
        Assert.Empty(result.Active);

        Assert.Empty(SchemaErrors(LintReport.Write(result, LintFormat.Sarif, TestPaths.RepoRoot)));
    }

    [Fact]
    public void Schema_check_rejects_a_level_sarif_does_not_define()
    {
        // The validation can fail: the same log with one result's level changed is rejected.
        var log = JsonNode.Parse(SeedSarif())!;
        log["runs"]![0]!["results"]![0]!["level"] = "fatal";

        Assert.NotEmpty(SchemaErrors(log.ToJsonString()));
    }

    [Fact]
    public void Sarif_lists_every_rule_with_help_and_results_with_relative_uris()
    {
        var log = JsonNode.Parse(SeedSarif())!;
        var run = log["runs"]![0]!;

        var rules = run["tool"]!["driver"]!["rules"]!.AsArray();
        Assert.Equal(RuleCatalog.All.Select(r => r.Id), rules.Select(r => r!["id"]!.GetValue<string>()));
        Assert.All(rules, r => Assert.Contains("Fix:", r!["help"]!["text"]!.GetValue<string>(), StringComparison.Ordinal));
        var results = run["results"]!.AsArray();
        Assert.All(results, r =>
        {
            var uri = r!["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"]!.GetValue<string>();
            Assert.StartsWith("examples/noa-server/manifests/", uri, StringComparison.Ordinal);
            var index = r["ruleIndex"]!.GetValue<int>();
            Assert.Equal(r["ruleId"]!.GetValue<string>(), rules[index]!["id"]!.GetValue<string>());
        });
        Assert.Contains(results, r => r!["suppressions"]?[0]?["justification"]?.GetValue<string>() == "reviewed");
    }
}
