using Netpact.Lint;

namespace Netpact.Tests.Lint;

/// <summary>
/// Every rule of the catalogue has a case folder tests/testdata/lint/ZTnnn/: fires.yaml (or .json), on which the rule reports
/// exactly the findings of fires.expected.txt (golden, compared line for line), and silent.yaml, the fixed
/// configuration, on which it reports nothing. The same files are the failing and passing examples of docs/rules/ZTnnn.md.
/// </summary>
public sealed class LintRuleCasesTests
{
    public static TheoryData<string> RuleIds => [.. RuleCatalog.All.Select(r => r.Id)];

    private static string Folder(string id) => Path.Combine(TestPaths.TestData, "lint", id);

    /// <summary>The case file: fires.yaml or silent.yaml, or .json for security groups.</summary>
    private static string CaseFile(string id, string name) =>
        Directory.GetFiles(Folder(id), name + ".*").Single(f => Path.GetExtension(f) is ".yaml" or ".json");

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_reports_exactly_the_expected_findings_on_its_failing_case(string id)
    {
        var folder = Folder(id);
        var expected = File.ReadAllLines(Path.Combine(folder, "fires.expected.txt")).Where(l => l.Length > 0).ToList();

        var result = LintTestInput.Lint([CaseFile(id, "fires")]);

        var actual = result.Active.Where(f => f.Rule.Id == id).Select(f => LintTestInput.Line(f, folder)).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_stays_silent_on_its_passing_case(string id)
    {
        var folder = Folder(id);

        var result = LintTestInput.Lint([CaseFile(id, "silent")]);

        Assert.Empty(result.Findings.Where(f => f.Rule.Id == id).Select(f => LintTestInput.Line(f, folder)));
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_has_its_documentation_page_with_both_examples(string id)
    {
        var rule = RuleCatalog.Find(id)!;
        var page = Path.Combine(TestPaths.RepoRoot, "docs", "rules", $"{id}.md");

        Assert.True(File.Exists(page), $"docs/rules/{id}.md is missing");
        var text = File.ReadAllText(page);
        Assert.StartsWith($"# {id}: {rule.Title}", text, StringComparison.Ordinal);
        Assert.Contains($"Severity: **{Reports.LintReport.SeverityName(rule.Severity)}**", text, StringComparison.Ordinal);
        foreach (var control in rule.Controls) Assert.Contains(control, text, StringComparison.Ordinal);
        // The examples are the test cases, so the page shows configurations the rule provably flags and accepts.
        Assert.Contains(File.ReadAllText(CaseFile(id, "fires")).Trim(), text, StringComparison.Ordinal);
        Assert.Contains(File.ReadAllText(CaseFile(id, "silent")).Trim(), text, StringComparison.Ordinal);
    }

    [Fact]
    public void Rule_ids_are_unique_and_every_case_folder_belongs_to_a_rule()
    {
        var ids = RuleCatalog.All.Select(r => r.Id).ToList();
        var folders = Directory.GetDirectories(Path.Combine(TestPaths.TestData, "lint"), "ZT*").Select(Path.GetFileName).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(ids.Order(StringComparer.Ordinal), folders.Order(StringComparer.Ordinal));
    }
}
