using Netpact.Flows;

namespace Netpact.Reports;

/// <summary>Flow findings as SARIF 2.1.0, each at the log line of its first record; <see cref="SarifWriter"/> writes the file.</summary>
public static class FlowsSarif
{
    public static string Write(FlowsResult result, string baseDirectory) =>
        SarifWriter.Write("netpact flows", [.. FlowRule.All.Select(Descriptor)], FlowFindings.Of(result), baseDirectory);

    private static SarifRuleDescriptor Descriptor(FlowRule rule) => new()
    {
        Id = rule.Id,
        Name = rule.Name,
        Title = rule.Title,
        Description = rule.Why,
        HelpText = $"{rule.Why}\n\nFix: {rule.Fix}\n\nSee docs/flows.md.",
        HelpMarkdown = $"**{rule.Title}** ({rule.Id})\n\n{rule.Why}\n\n**Fix:** {rule.Fix}\n\nSee `docs/flows.md`.",
        DefaultSeverity = rule.Severity,
        Tags = ["security", "zero-trust", "flow-logs"],
        Precision = "high",
        SecuritySeverity = rule.Severity switch { Findings.FindingSeverity.Error => "8.0", Findings.FindingSeverity.Warning => "6.0", _ => "2.0" },
    };
}
