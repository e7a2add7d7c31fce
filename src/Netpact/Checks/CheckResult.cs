using System.Collections.Immutable;
using Netpact.Analysis;
using Netpact.Intents;
using Netpact.Verify;
using Netpact.Lint;
using Finding = Netpact.Findings.Finding;
using Netpact.Model;

namespace Netpact.Checks;

/// <summary>The stage of a check that reported a diagnostic.</summary>
public enum CheckStage { Lint, Verify }

/// <summary>A diagnostic about the inputs, with the stage that found it.</summary>
public sealed record CheckDiagnostic(CheckStage Stage, Diagnostic Diagnostic);

/// <summary>
/// What a check found: the connectivity, lint's result (null when the other layers could not be read), verify's
/// results, and all their findings in netpact's one type, lint's first.
/// </summary>
public sealed record CheckResult
{
    public required Connectivity Connectivity { get; init; }

    public LintResult? Lint { get; init; }

    public ImmutableArray<Verification> Verifications { get; init; } = [];

    public ImmutableArray<Finding> Findings { get; init; } = [];

    public ImmutableArray<CheckDiagnostic> Diagnostics { get; init; } = [];

    public bool HasErrors => Diagnostics.Any(d => d.Diagnostic.Severity == Severity.Error);
}
