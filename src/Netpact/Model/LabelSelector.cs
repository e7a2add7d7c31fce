using System.Collections.Immutable;

namespace Netpact.Model;

public enum SelectorOperator { In, NotIn, Exists, DoesNotExist }

public sealed record LabelRequirement(string Key, SelectorOperator Operator, ImmutableArray<string> Values)
{
    /// <summary>Written as a matchLabels entry (key: value) rather than a matchExpressions entry; exposure analysis tells them apart.</summary>
    public bool FromMatchLabels { get; init; }

    public bool Matches(IReadOnlyDictionary<string, string> labels) => Operator switch
    {
        SelectorOperator.In => labels.TryGetValue(Key, out var v) && Values.Contains(v),
        SelectorOperator.NotIn => !labels.TryGetValue(Key, out var v) || !Values.Contains(v),
        SelectorOperator.Exists => labels.ContainsKey(Key),
        SelectorOperator.DoesNotExist => !labels.ContainsKey(Key),
        _ => throw new InvalidOperationException($"unknown operator {Operator}"),
    };
}

/// <summary>
/// A Kubernetes label selector: matchLabels and matchExpressions, all ANDed.
/// The empty selector matches everything.
/// </summary>
public sealed record LabelSelector(ImmutableArray<LabelRequirement> Requirements)
{
    public static readonly LabelSelector Everything = new(ImmutableArray<LabelRequirement>.Empty);

    public bool MatchesEverything => Requirements.IsEmpty;

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        foreach (var r in Requirements)
        {
            if (!r.Matches(labels)) return false;
        }
        return true;
    }

    public IEnumerable<string> Keys => Requirements.Select(r => r.Key);

    public override string ToString() => MatchesEverything
        ? "{}"
        : string.Join(", ", Requirements.Select(r => r.Operator switch
        {
            SelectorOperator.In when r.Values.Length == 1 => $"{r.Key}={r.Values[0]}",
            SelectorOperator.In => $"{r.Key} in ({string.Join(",", r.Values)})",
            SelectorOperator.NotIn => $"{r.Key} notin ({string.Join(",", r.Values)})",
            SelectorOperator.Exists => r.Key,
            _ => "!" + r.Key,
        }));
}
