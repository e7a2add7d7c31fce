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

    /// <summary>
    /// Further cases beside the documented pair: fires-NAME.yaml with fires-NAME.expected.txt, and silent-NAME.yaml
    /// (the admin tiers' cases of ZT001-ZT003, for instance). Each is "ZTnnn/file name".
    /// </summary>
    public static TheoryData<string> ExtraCases => [.. ExtraCaseNames()];

    private static List<string> ExtraCaseNames() => [.. RuleCatalog.All
        .Where(r => Directory.Exists(Folder(r.Id)))
        .SelectMany(r => Directory.GetFiles(Folder(r.Id), "*-*.yaml").Select(f => $"{r.Id}/{Path.GetFileName(f)}"))
        .Order(StringComparer.Ordinal)];

    [Fact]
    public void Extra_cases_are_found_and_each_firing_case_has_its_expected_findings()
    {
        Assert.Contains("ZT002/silent-banp-deny-all.yaml", ExtraCaseNames());
        foreach (var c in ExtraCaseNames().Where(c => c.Contains("/fires-", StringComparison.Ordinal)))
        {
            Assert.True(File.Exists(Path.Combine(TestPaths.TestData, "lint", Path.ChangeExtension(c, ".expected.txt"))), c);
        }
    }

    [Theory]
    [MemberData(nameof(ExtraCases))]
    public void Rule_reports_exactly_the_expected_findings_on_its_extra_case(string @case)
    {
        var id = @case[..@case.IndexOf('/', StringComparison.Ordinal)];
        var folder = Folder(id);
        var file = Path.Combine(TestPaths.TestData, "lint", @case);
        var expected = Path.GetFileName(file).StartsWith("fires-", StringComparison.Ordinal)
            ? File.ReadAllLines(Path.ChangeExtension(file, ".expected.txt")).Where(l => l.Length > 0).ToList()
            : [];

        var result = LintTestInput.Lint([file]);

        var actual = result.Findings.Where(f => f.Rule.Id == id).Select(f => LintTestInput.Line(f, folder)).ToList();
        if (Path.GetFileName(file).StartsWith("fires-", StringComparison.Ordinal)) Assert.NotEmpty(expected);
        Assert.Equal(expected, actual);
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
