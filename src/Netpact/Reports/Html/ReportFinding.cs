using System.Collections.Immutable;
using Netpact.Findings;

namespace Netpact.Reports.Html;

/// <summary>
/// One finding as the page's data lists it (a flat view of <see cref="Finding"/>), whatever produced it: lint, verify
/// or audit. <see cref="Detail"/> keeps the producer's own severity or level when it differs from the one scale.
/// </summary>
public sealed record ReportFinding
{
    /// <summary>"lint", "verify" or "audit".</summary>
    public required string Source { get; init; }

    public required string Rule { get; init; }

    public required FindingSeverity Severity { get; init; }

    public required string Message { get; init; }

    /// <summary>file:line:col, a target such as host:port, or empty.</summary>
    public string Location { get; init; } = "";

    public ImmutableArray<string> Workloads { get; init; } = [];

    /// <summary>Compliance controls as auditors cite them ("PCI DSS 4.0 1.2.1", "SOC 2 CC6.1").</summary>
    public ImmutableArray<string> Controls { get; init; } = [];

    public string Fix { get; init; } = "";

    public string Detail { get; init; } = "";

    public bool Suppressed { get; init; }

    public static ReportFinding From(Finding finding) => new()
    {
        Source = finding.Source,
        Rule = finding.Rule,
        Severity = finding.Severity,
        Message = finding.Message,
        Location = finding.Location,
        Workloads = finding.Workloads,
        Controls = finding.Controls,
        Fix = finding.Fix,
        Detail = finding.Detail,
        Suppressed = finding.Suppressed,
    };
}
