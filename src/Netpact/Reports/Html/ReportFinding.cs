using System.Collections.Immutable;

namespace Netpact.Reports.Html;

/// <summary>How bad a finding is on the report's one scale (lint's; verify and audit map onto it).</summary>
public enum ReportSeverity { Error, Warning, Note }

/// <summary>
/// One finding as the report lists it, whatever produced it: lint, verify or audit. <see cref="Detail"/> keeps the
/// producer's own severity or level when it differs from the report's scale.
/// </summary>
public sealed record ReportFinding
{
    /// <summary>"lint", "verify" or "audit".</summary>
    public required string Source { get; init; }

    public required string Rule { get; init; }

    public required ReportSeverity Severity { get; init; }

    public required string Message { get; init; }

    /// <summary>file:line:col, a target such as host:port, or empty.</summary>
    public string Location { get; init; } = "";

    public ImmutableArray<string> Workloads { get; init; } = [];

    /// <summary>Compliance controls as auditors cite them ("PCI DSS 4.0 1.2.1", "SOC 2 CC6.1").</summary>
    public ImmutableArray<string> Controls { get; init; } = [];

    public string Fix { get; init; } = "";

    public string Detail { get; init; } = "";

    public bool Suppressed { get; init; }
}
