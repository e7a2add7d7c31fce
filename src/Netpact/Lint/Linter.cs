using System.Collections.Immutable;

namespace Netpact.Lint;

/// <summary>Runs every rule of the catalogue over the input and applies the suppressions.</summary>
public static class Linter
{
    public static LintResult Run(LintInput input)
    {
        var context = new LintContext(input);
        var findings = RuleCatalog.All
            .SelectMany(rule => rule.Check(context))
            .Select(f => f.Rule is Rules.InvalidSuppressionRule || context.Suppressions.FirstOrDefault(s => s.Covers(f)) is not { } by
                ? f
                : f with { SuppressedBy = by })
            .OrderBy(f => f.Span.File, StringComparer.Ordinal)
            .ThenBy(f => f.Span.Line)
            .ThenBy(f => f.Span.Column)
            .ThenBy(f => f.Rule.Id, StringComparer.Ordinal)
            .ThenBy(f => f.Message, StringComparer.Ordinal);
        return new LintResult([.. findings]);
    }
}
