using System.Collections.Immutable;
using Netpact.Model;

namespace Netpact.Lint;

/// <summary>
/// One problem lint found: which rule, how bad, what and where, the workloads concerned and how to fix it.
/// Subjects are the objects it is about (a suppression on any of them, or on their namespace, silences it);
/// Key tells the same finding apart across edits that move lines (it becomes the SARIF fingerprint).
/// </summary>
public sealed record Finding(
    LintRule Rule,
    string Message,
    SourceSpan Span,
    ImmutableArray<string> Workloads,
    string Fix,
    ImmutableArray<ObjectRef> Subjects,
    string Key)
{
    /// <summary>The suppression that silences this finding, if one does.</summary>
    public Suppression? SuppressedBy { get; init; }

    public LintSeverity Severity => Rule.Severity;

    public bool IsSuppressed => SuppressedBy is not null;
}
