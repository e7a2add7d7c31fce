using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Netpact.Model;

namespace Netpact.Lint;

/// <summary>
/// "Ignore these rules here, because ...": from an annotation <c>netpact.io/ignore: ZT004 -- reason</c> on an
/// object (Target is that object; on a Namespace, everything in it), or from the config file (Target may be
/// null: everywhere; or Kind "*": any object with that namespace and name). InSource tells an annotation from the config.
/// </summary>
public sealed partial record Suppression(ImmutableArray<string> RuleIds, string? Reason, SourceSpan Span, ObjectRef? Target, bool InSource)
{
    public const string AnyKind = "*";

    [GeneratedRegex("^ZT[0-9]{3}$")]
    private static partial Regex RuleIdShape();

    public bool Covers(Finding finding) =>
        RuleIds.Contains(finding.Rule.Id) && (Target is null || finding.Subjects.Any(AppliesTo));

    private bool AppliesTo(ObjectRef subject) => Target switch
    {
        null => true,
        { Kind: "Namespace" } ns => subject == ns || subject.Namespace == ns.Name,
        { Kind: AnyKind } t => subject.Namespace == t.Namespace && subject.Name == t.Name,
        var t => subject == t,
    };

    /// <summary>
    /// Parses "ZT004, ZT008 -- reason" (one suppression per line). Problems (no reason, an id that is not a rule)
    /// are returned for lint to report; a suppression without a reason still applies.
    /// </summary>
    public static IReadOnlyList<Suppression> Parse(
        string text, SourceSpan span, ObjectRef? target, bool inSource, ISet<string> knownRules, List<string> problems)
    {
        var result = new List<Suppression>();
        foreach (var line in text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))
        {
            var separator = line.IndexOf("--", StringComparison.Ordinal);
            var idsText = separator < 0 ? line : line[..separator];
            var reason = separator < 0 ? null : line[(separator + 2)..].Trim();
            var ids = LintContext.SplitList(idsText).ToList();
            if (ids.Count == 0)
            {
                problems.Add($"'{line}' names no rule; write the rule ids, then ' -- ' and the reason, e.g. 'ZT004 -- public health check'");
                continue;
            }
            foreach (var id in ids.Where(id => !RuleIdShape().IsMatch(id) || !knownRules.Contains(id)))
            {
                problems.Add($"'{id}' is not a netpact rule id (ZT001 ... ); see docs/rules for the list");
            }
            var valid = ids.Where(knownRules.Contains).ToImmutableArray();
            if (string.IsNullOrEmpty(reason))
            {
                problems.Add($"the suppression of {string.Join(", ", ids)} gives no reason; write it as '{string.Join(", ", ids)} -- why this is acceptable'");
                reason = null;
            }
            if (!valid.IsEmpty) result.Add(new Suppression(valid, reason, span, target, inSource));
        }
        return result;
    }
}
