using Netpact.Model;

namespace Netpact.Analysis;

/// <summary>
/// A pod that a policy rule's selectors describe, whether or not one exists: its namespace selector (for a rule
/// without one, the policy's own namespace, then also <see cref="PolicyNamespace"/>) and its pod selector (null: any
/// pod). Rules are matched against it by comparing selectors, not by evaluating them: a rule admits it when its
/// selector is empty or requires exactly the same.
/// </summary>
internal sealed record RepresentativePeer(string? PolicyNamespace, LabelSelector NamespaceSelector, LabelSelector? PodSelector)
{
    public string Key => $"{PolicyNamespace}|{SelectorText.Canonical(NamespaceSelector)}|{SelectorText.Canonical(PodSelector)}";

    public ExposedPeer Peer
    {
        get
        {
            var (ns, named) = PolicyNamespace is { } own ? (own, true)
                : NamespaceSelector.Requirements is [{ Key: Model.Namespace.NameLabel, Operator: SelectorOperator.In, Values.Length: 1, FromMatchLabels: true } only]
                    ? (only.Values[0], true)
                    : (NamespaceSelector.MatchesEverything ? "all namespaces" : $"namespace with {SelectorText.Display(NamespaceSelector)}", false);
            var pods = PodSelector is null || PodSelector.MatchesEverything ? "all pods" : $"pod with {SelectorText.Display(PodSelector)}";
            return new ExposedPeer(ExposedPeerKind.Selected, $"{(named ? ns : $"[{ns}]")}/[{pods}]") { Namespace = ns, Pods = pods };
        }
    }

    /// <summary>Selectors written as matchLabels only, naming some namespace and some pods: a real pod they match stands for it.</summary>
    public bool CoveredBy(IReadOnlyDictionary<string, string> podLabels, IReadOnlyDictionary<string, string> namespaceLabels) =>
        PodSelector is { MatchesEverything: false } pods && !NamespaceSelector.MatchesEverything
        && pods.Requirements.All(r => r.FromMatchLabels) && NamespaceSelector.Requirements.All(r => r.FromMatchLabels)
        && pods.Matches(podLabels) && NamespaceSelector.Matches(namespaceLabels);
}
