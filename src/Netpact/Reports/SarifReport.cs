using Netpact.Lint;

namespace Netpact.Reports;

/// <summary>
/// Lint findings as SARIF 2.1.0 for GitHub code scanning and other CI tools: every rule with its help and
/// controls, results with artifact URIs relative to the base directory (the repository root), stable fingerprints,
/// and suppressed findings marked as suppressed. <see cref="SarifWriter"/> writes the file.
/// </summary>
public static class SarifReport
{
    public static string Write(LintResult result, string baseDirectory) =>
        SarifWriter.Write("netpact", [.. RuleCatalog.All.Select(Descriptor)], LintFindings.Of(result), baseDirectory);

    private static SarifRuleDescriptor Descriptor(LintRule rule)
    {
        var controls = string.Join(", ", rule.Controls);
        return new SarifRuleDescriptor
        {
            Id = rule.Id,
            Name = rule.Name,
            Title = rule.Title,
            Description = rule.Why,
            HelpText = $"{rule.Why}\n\nFix: {rule.Fix}\n\nControls: {controls}\n\nSee docs/rules/{rule.Id}.md.",
            HelpMarkdown = $"**{rule.Title}** ({rule.Id})\n\n{rule.Why}\n\n**Fix:** {rule.Fix}\n\n**Controls:** {controls}\n\nSee `docs/rules/{rule.Id}.md`.",
            DefaultSeverity = LintFindings.Severity(rule.Severity),
            Tags = ["security", "zero-trust", rule.Layer.ToLowerInvariant(), .. rule.Controls],
            Precision = "high",
            SecuritySeverity = rule.Severity switch { LintSeverity.Error => "8.0", LintSeverity.Warning => "5.0", _ => "2.0" },
        };
    }
}
