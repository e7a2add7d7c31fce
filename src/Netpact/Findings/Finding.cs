using System.Collections.Immutable;
using Netpact.Model;

namespace Netpact.Findings;

/// <summary>
/// One finding, whatever produced it (lint, verify or audit): the rule, how bad, what, where (a place in a file or
/// a target such as host:port), the workloads concerned, the compliance controls it bears on and how to fix it.
/// SARIF, the HTML report and the metrics read this one type.
/// </summary>
public sealed record Finding
{
    /// <summary>"lint", "verify" or "audit".</summary>
    public required string Source { get; init; }

    public required string Rule { get; init; }

    public required FindingSeverity Severity { get; init; }

    public required string Message { get; init; }

    /// <summary>Where in a file, when the finding is about something written.</summary>
    public SourceSpan? Span { get; init; }

    /// <summary>What it is about when not a place in a file: an endpoint (host:port), an input, a rule.</summary>
    public string Target { get; init; } = "";

    /// <summary>file:line:col, else the target, or empty.</summary>
    public string Location => Span?.ToString() ?? Target;

    public ImmutableArray<string> Workloads { get; init; } = [];

    /// <summary>Compliance controls as auditors cite them ("PCI DSS 4.0 1.2.1", "SOC 2 CC6.1").</summary>
    public ImmutableArray<string> Controls { get; init; } = [];

    public string Fix { get; init; } = "";

    /// <summary>More for a reader: why a flow is allowed, where it is suppressed, the producer's own severity.</summary>
    public string Detail { get; init; } = "";

    /// <summary>The producer's own severity when its scale differs from <see cref="Severity"/> (the audit's LOW...CRITICAL), else empty.</summary>
    public string NativeSeverity { get; init; } = "";

    public FindingSuppression? SuppressedBy { get; init; }

    public bool Suppressed => SuppressedBy is not null;

    /// <summary>Tells the same finding apart across edits that move lines (SARIF's partial fingerprint), or empty.</summary>
    public string Fingerprint { get; init; } = "";

    public static string SeverityName(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Error => "error",
        FindingSeverity.Warning => "warning",
        _ => "note",
    };
}
