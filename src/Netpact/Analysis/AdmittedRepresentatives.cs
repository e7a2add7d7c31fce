using System.Runtime.CompilerServices;
using Netpact.Model;

namespace Netpact.Analysis;

/// <summary>
/// Which representative peers each policy rule admits (by index into the list given), computed once per rule: many
/// workloads share the rules of the policies selecting them. A rule admits a representative when one of its pod peers
/// has a namespace selector that is empty or requires exactly the representative's (no namespace selector: the
/// representative is of the policy's own namespace) and a pod selector that is absent, empty or exactly the
/// representative's. Selectors are compared by their canonical text, computed once each.
/// </summary>
internal sealed class AdmittedRepresentatives
{
    private readonly IReadOnlyList<RepresentativePeer> _representatives;
    private readonly string[] _namespaceText;
    private readonly string[] _podText;
    private readonly ILookup<string, int> _byPodText;
    private readonly ILookup<string, int> _byNamespaceText;
    private readonly ILookup<string, int> _byPolicyNamespace;
    private readonly Dictionary<(NetworkPolicy, PolicyRule), int[]> _byRule = new(ByReference.Instance);

    public AdmittedRepresentatives(IReadOnlyList<RepresentativePeer> representatives)
    {
        _representatives = representatives;
        _namespaceText = [.. representatives.Select(r => SelectorText.Canonical(r.NamespaceSelector))];
        _podText = [.. representatives.Select(r => SelectorText.Canonical(r.PodSelector))];
        var indexes = Enumerable.Range(0, representatives.Count).ToList();
        _byPodText = indexes.ToLookup(i => _podText[i], StringComparer.Ordinal);
        _byNamespaceText = indexes.ToLookup(i => _namespaceText[i], StringComparer.Ordinal);
        _byPolicyNamespace = indexes.Where(i => representatives[i].PolicyNamespace is not null)
            .ToLookup(i => representatives[i].PolicyNamespace!, StringComparer.Ordinal);
    }

    /// <summary>The indexes, ascending, of the representatives <paramref name="rule"/> of <paramref name="policy"/> admits.</summary>
    public int[] By(NetworkPolicy policy, PolicyRule rule)
    {
        if (!_byRule.TryGetValue((policy, rule), out var admitted)) _byRule[(policy, rule)] = admitted = Compute(policy, rule);
        return admitted;
    }

    private int[] Compute(NetworkPolicy policy, PolicyRule rule)
    {
        if (rule.AdmitsAllPeers) return [.. Enumerable.Range(0, _representatives.Count)];
        // Per pod peer: the namespace condition (null text: any) and the pod condition (null text: any).
        var peers = rule.Peers!.Value.Where(p => p.IpBlock is null)
            .Select(p => (
                OwnNamespace: p.NamespaceSelector is null,
                Namespace: p.NamespaceSelector is null || p.NamespaceSelector.MatchesEverything ? null : SelectorText.Canonical(p.NamespaceSelector),
                Pod: p.PodSelector is null || p.PodSelector.MatchesEverything ? null : SelectorText.Canonical(p.PodSelector)))
            .ToList();
        var admitted = new SortedSet<int>();
        foreach (var peer in peers)
        {
            // Only representatives that can meet the peer's most specific condition are looked at.
            var candidates = peer.Pod is not null ? _byPodText[peer.Pod]
                : peer.OwnNamespace ? _byPolicyNamespace[policy.Namespace]
                : peer.Namespace is not null ? _byNamespaceText[peer.Namespace]
                : Enumerable.Range(0, _representatives.Count);
            foreach (var i in candidates)
            {
                var namespaceMatches = peer.OwnNamespace
                    ? _representatives[i].PolicyNamespace == policy.Namespace
                    : peer.Namespace is null || peer.Namespace == _namespaceText[i];
                if (namespaceMatches && (peer.Pod is null || peer.Pod == _podText[i])) admitted.Add(i);
            }
        }
        return [.. admitted];
    }

    /// <summary>Policies and rules are records: compare them as objects, not by value, which would be slow.</summary>
    private sealed class ByReference : IEqualityComparer<(NetworkPolicy, PolicyRule)>
    {
        public static readonly ByReference Instance = new();

        public bool Equals((NetworkPolicy, PolicyRule) x, (NetworkPolicy, PolicyRule) y) =>
            ReferenceEquals(x.Item1, y.Item1) && ReferenceEquals(x.Item2, y.Item2);

        public int GetHashCode((NetworkPolicy, PolicyRule) obj) =>
            HashCode.Combine(RuntimeHelpers.GetHashCode(obj.Item1), RuntimeHelpers.GetHashCode(obj.Item2));
    }
}
