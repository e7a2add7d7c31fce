namespace Netpact.Lint.Rules;

/// <summary>ZT090: a suppression without a reason, or naming no rule. Cannot itself be suppressed.</summary>
internal sealed class InvalidSuppressionRule() : LintRule(
    "ZT090",
    "suppression-without-reason",
    LintSeverity.Warning,
    "Suppression without a reason, or of an unknown rule",
    "A suppressed finding is an accepted risk. Without a written reason nobody can review the decision later, and a " +
    "suppression of a misspelt rule id silences nothing while looking as if it did.",
    "Write suppressions as 'netpact.io/ignore: ZT004 -- why this is acceptable' (or give 'reason' in the lint configuration), " +
    "with rule ids from docs/rules.",
    Compliance.Pci127)
{
    internal override IEnumerable<Finding> Check(LintContext context) =>
        context.SuppressionProblems.Select(p => Found(p.Message, p.Span, $"{p.Span.File}|{p.Message}"));
}
