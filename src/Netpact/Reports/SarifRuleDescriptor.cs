using System.Collections.Immutable;
using Netpact.Findings;

namespace Netpact.Reports;

/// <summary>
/// A rule as SARIF describes it (a reportingDescriptor): what it reports, and optionally why, how to fix, its
/// default level and how GitHub should rank it. Optional parts left null are not written.
/// </summary>
public sealed record SarifRuleDescriptor
{
    public required string Id { get; init; }

    /// <summary>One sentence: what the rule reports (shortDescription).</summary>
    public required string Title { get; init; }

    public ImmutableArray<string> Tags { get; init; } = [];

    public string? Name { get; init; }

    public string? Description { get; init; }

    public string? HelpText { get; init; }

    public string? HelpMarkdown { get; init; }

    public FindingSeverity? DefaultSeverity { get; init; }

    public string? Precision { get; init; }

    /// <summary>GitHub ranks alerts by this number: 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low.</summary>
    public string? SecuritySeverity { get; init; }
}
