using System.Collections.Immutable;
using Netpact.Findings;
using Netpact.Intents;

namespace Netpact.Reports.Html;

/// <summary>What the report is built from besides the connectivity: a title, the intent (to group by zone) and findings.</summary>
public sealed record ReportInput
{
    public required string Title { get; init; }

    /// <summary>When given, workloads are grouped by the intent's zones instead of by namespace.</summary>
    public Intent? Intent { get; init; }

    public ImmutableArray<Finding> Findings { get; init; } = [];

    /// <summary>Defense in depth against the intent (verify --depth's pairs), drawn as a matrix when not empty.</summary>
    public ImmutableArray<Verify.DepthPair> Depth { get; init; } = [];

    public ReportLimits Limits { get; init; } = ReportLimits.Default;
}

/// <summary>
/// Where the report stops drawing pair by pair. Above <see cref="DetailedEndpoints"/> endpoints or
/// <see cref="DetailedEdges"/> flows the page shows groups, expanded on click, and embeds per group at most
/// <see cref="IntraGroupEdges"/> inside flows, so the page stays small and fast at thousands of workloads.
/// </summary>
public sealed record ReportLimits(int DetailedEndpoints, int DetailedEdges, int IntraGroupEdges)
{
    public static readonly ReportLimits Default = new(300, 3000, 1500);
}
