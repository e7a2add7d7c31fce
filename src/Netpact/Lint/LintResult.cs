using System.Collections.Immutable;

namespace Netpact.Lint;

/// <summary>Every finding, suppressed ones included (reports show them as such), sorted by file, line, column and rule.</summary>
public sealed record LintResult(ImmutableArray<Finding> Findings)
{
    public IEnumerable<Finding> Active => Findings.Where(f => !f.IsSuppressed);

    public int Count(LintSeverity severity) => Active.Count(f => f.Severity == severity);

    public int Suppressed => Findings.Count(f => f.IsSuppressed);

    /// <summary>Whether a finding at or above the threshold remains (error: errors only; warning: errors and warnings; ...).</summary>
    public bool Fails(LintSeverity threshold) => Active.Any(f => f.Severity <= threshold);
}
