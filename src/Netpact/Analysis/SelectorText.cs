using System.Text;
using Netpact.Model;

namespace Netpact.Analysis;

/// <summary>Label selectors as exposure analysis compares them (canonical) and names them (as netpol-analyzer prints them).</summary>
internal static class SelectorText
{
    /// <summary>
    /// Requirements sorted by key, values sorted, 'In' with one value written as '=': two selectors requiring the
    /// same are equal here however they are written (matchLabels or matchExpressions, any order).
    /// </summary>
    public static string Canonical(LabelSelector? selector)
    {
        if (selector is null) return "";
        return string.Join(",", selector.Requirements
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => r.Operator switch
            {
                SelectorOperator.In when r.Values.Length == 1 => $"{r.Key}={r.Values[0]}",
                SelectorOperator.In => $"{r.Key} in ({string.Join(",", r.Values.Order(StringComparer.Ordinal))})",
                SelectorOperator.NotIn => $"{r.Key} notin ({string.Join(",", r.Values.Order(StringComparer.Ordinal))})",
                SelectorOperator.Exists => r.Key,
                _ => "!" + r.Key,
            }));
    }

    /// <summary>A rule selector admits a representative peer when it is empty or requires exactly what the peer's does.</summary>
    public static bool FullMatch(LabelSelector rule, LabelSelector? representative) =>
        rule.MatchesEverything || Canonical(rule) == Canonical(representative);

    /// <summary>
    /// As netpol-analyzer prints a selector: matchLabels as key=value (by key), then matchExpressions (by key) as
    /// {Key:k,Operator:Op,Values:[a b],}, all within braces.
    /// </summary>
    public static string Display(LabelSelector selector)
    {
        var parts = selector.Requirements.Where(r => r.FromMatchLabels).OrderBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => $"{r.Key}={r.Values[0]}")
            .Concat(selector.Requirements.Where(r => !r.FromMatchLabels).OrderBy(r => r.Key, StringComparer.Ordinal)
                .Select(r => $"{{Key:{r.Key},Operator:{r.Operator},Values:[{string.Join(" ", r.Values)}],}}"));
        return new StringBuilder("{").AppendJoin(',', parts).Append('}').ToString();
    }
}
