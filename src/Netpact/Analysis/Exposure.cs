using System.Collections.Immutable;
using Netpact.Model;

namespace Netpact.Analysis;

/// <summary>
/// Exposure analysis: what each workload could reach or be reached by beyond the workloads that exist today, as
/// netpol-analyzer's <c>--exposure</c> reports it. A direction no policy governs is exposed to everything
/// (and listed as unprotected). Otherwise the selecting policies' rules tell: a rule admitting every pod of every
/// namespace exposes the workload to the <c>entire-cluster</c>; every other rule peer describes pods that may
/// exist (a representative peer), and the workload is exposed to those on the ports of every rule that admits
/// them, unless that is no more than the entire cluster gets. Peers whose matchLabels selectors an existing pod
/// matches are left out: the connectivity list already shows that pod. Connections to addresses outside the
/// cluster are those of the connectivity list.
/// </summary>
public sealed record Exposure(ImmutableArray<ExposureLine> Lines, ImmutableArray<(Workload Workload, Direction Direction)> Unprotected)
{
    private static readonly Direction[] Directions = [Direction.Egress, Direction.Ingress];

    /// <summary>
    /// ipBlocks that may hold pods the input gives no address for (workloads read from templates, pods without
    /// status.podIP): on a cluster they admit those pods too, which no line can show. One warning per distinct block.
    /// </summary>
    public static IReadOnlyList<Diagnostic> UnknownPodAddresses(Cluster cluster)
    {
        var unknown = cluster.Workloads.Count(w => w.Pods.Any(p => p.Addresses.IsEmpty));
        if (unknown == 0) return [];
        var notes = new List<Diagnostic>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var policy in cluster.Policies)
        {
            foreach (var peer in policy.Ingress.Concat(policy.Egress).SelectMany(r => r.Peers ?? []))
            {
                if (peer.IpBlock is not { } block || !seen.Add(block.ToString())) continue;
                notes.Add(Diagnostic.Warning(peer.Span,
                    $"ipBlock {block} of policy {policy.Id} may also hold pod addresses: {unknown} workload(s) in the input have pods without " +
                    "a known address (read from templates, or without status.podIP), and on a cluster the ipBlock admits those it holds; " +
                    "read the live cluster (--cluster) or pods with their status to see them"));
            }
        }
        return notes;
    }

    /// <summary>The exposure of the workloads of <paramref name="connectivity"/>, or only of those <paramref name="focus"/> names.</summary>
    public static Exposure Analyze(Connectivity connectivity, IReadOnlyCollection<string>? focus = null)
    {
        var cluster = connectivity.Cluster;
        bool InFocus(Workload w) => focus is null || focus.Count == 0
                                    || focus.Any(w.AnswersTo);
        var representatives = Representatives(cluster);
        var admitted = new AdmittedRepresentatives(representatives);
        var policiesOf = cluster.Policies.ToLookup(p => p.Namespace, StringComparer.Ordinal);
        var lines = new List<ExposureLine>();
        var unprotected = new List<(Workload, Direction)>();
        // The list lint and reports share (built once), not a fresh pass over every pair.
        foreach (var c in connectivity.Connections)
        {
            if (c.Source.Workload is { } from && c.Destination.IsExternal && InFocus(from))
                lines.Add(new(from, Direction.Egress, new(ExposedPeerKind.External, c.Destination.ToString()), new(c.Allowed, [])));
            if (c.Destination.Workload is { } to && c.Source.IsExternal && InFocus(to))
                lines.Add(new(to, Direction.Ingress, new(ExposedPeerKind.External, c.Source.ToString()), new(c.Allowed, [])));
        }
        var byRepresentative = new SortedDictionary<int, ExposureConnection>();
        foreach (var workload in cluster.Workloads.Where(InFocus))
        {
            var pod = workload.Pods[0];
            foreach (var direction in Directions)
            {
                var selecting = policiesOf[workload.Namespace]
                    .Where(p => p.Affects(direction) && p.PodSelector.Matches(pod.Labels))
                    .ToList();
                if (selecting.Count == 0)
                {
                    unprotected.Add((workload, direction));
                    lines.Add(new(workload, direction, ExposedPeer.EntireCluster, ExposureConnection.All));
                    continue;
                }
                // Named ports resolve on the destination: the workload itself on ingress; on egress there is none yet.
                var resolveOn = direction == Direction.Ingress ? (IReadOnlyList<ContainerPort>)pod.Ports : null;
                var rules = selecting.SelectMany(p => p.Rules(direction).Select(r => (Policy: p, Rule: r))).ToList();
                var entire = rules.Where(x => AdmitsEntireCluster(x.Rule))
                    .Aggregate(ExposureConnection.Empty, (acc, x) => acc.Union(ExposureConnection.Of(x.Rule.Ports, resolveOn)));
                if (!entire.IsEmpty) lines.Add(new(workload, direction, ExposedPeer.EntireCluster, entire));
                // Per representative, the union of what the rules admitting it allow, in rule order.
                byRepresentative.Clear();
                foreach (var (policy, rule) in rules)
                {
                    var admits = admitted.By(policy, rule);
                    if (admits.Length == 0) continue;
                    var ports = ExposureConnection.Of(rule.Ports, resolveOn);
                    foreach (var i in admits)
                        byRepresentative[i] = byRepresentative.GetValueOrDefault(i, ExposureConnection.Empty).Union(ports);
                }
                foreach (var (i, conn) in byRepresentative)
                {
                    if (conn.IsEmpty || (!entire.IsEmpty && conn.ContainedIn(entire))) continue;
                    lines.Add(new(workload, direction, representatives[i].Peer, conn));
                }
            }
        }
        return new Exposure(
            [.. lines.OrderBy(l => l.Workload.Id, StringComparer.Ordinal).ThenBy(l => l.Peer.Name, StringComparer.Ordinal)],
            [.. unprotected.OrderBy(u => u.Item1.Id, StringComparer.Ordinal).ThenBy(u => u.Item2 == Direction.Egress ? 0 : 1)]);
    }

    /// <summary>A rule without peers, or with a peer selecting all namespaces and any pod in them.</summary>
    private static bool AdmitsEntireCluster(PolicyRule rule) =>
        rule.AdmitsAllPeers || rule.Peers!.Value.Any(p => p.IpBlock is null && p.NamespaceSelector is { MatchesEverything: true }
                                                        && (p.PodSelector is null || p.PodSelector.MatchesEverything));

    /// <summary>The pods each rule peer describes, once each, less those an existing pod stands for.</summary>
    private static List<RepresentativePeer> Representatives(Cluster cluster)
    {
        var byKey = new Dictionary<string, RepresentativePeer>(StringComparer.Ordinal);
        foreach (var policy in cluster.Policies)
        {
            foreach (var rule in policy.Ingress.Concat(policy.Egress))
            {
                foreach (var peer in rule.Peers ?? [])
                {
                    if (peer.IpBlock is not null) continue;
                    RepresentativePeer representative;
                    if (peer.NamespaceSelector is null)
                    {
                        var own = new LabelSelector([new LabelRequirement(Namespace.NameLabel, SelectorOperator.In, [policy.Namespace]) { FromMatchLabels = true }]);
                        representative = new(policy.Namespace, own, peer.PodSelector);
                    }
                    else if (peer.NamespaceSelector.MatchesEverything && (peer.PodSelector is null || peer.PodSelector.MatchesEverything))
                    {
                        continue; // the entire cluster
                    }
                    else
                    {
                        representative = new(null, peer.NamespaceSelector, peer.PodSelector);
                    }
                    byKey.TryAdd(representative.Key, representative);
                }
            }
        }
        // A pod carrying every label of a matchLabels selector stands for it; candidates come from the pods that carry
        // the selector's rarest label, so each representative looks at a few pods, not at all of them.
        var podsWith = new Dictionary<(string Key, string Value), List<(Pod Pod, IReadOnlyDictionary<string, string> NamespaceLabels)>>();
        foreach (var workload in cluster.Workloads)
        {
            var namespaceLabels = cluster.Namespace(workload.Namespace).Labels;
            foreach (var pod in workload.Pods)
            {
                foreach (var (key, value) in pod.Labels)
                {
                    if (!podsWith.TryGetValue((key, value), out var list)) podsWith[(key, value)] = list = [];
                    list.Add((pod, namespaceLabels));
                }
            }
        }
        bool Covered(RepresentativePeer representative)
        {
            if (representative.PodSelector is not { MatchesEverything: false } pods) return false;
            var fewest = pods.Requirements
                .Select(r => r.FromMatchLabels && podsWith.TryGetValue((r.Key, r.Values[0]), out var list) ? list : [])
                .MinBy(list => list.Count)!;
            return fewest.Any(x => representative.CoveredBy(x.Pod.Labels, x.NamespaceLabels));
        }
        return [.. byKey.Values.Where(r => !Covered(r))];
    }
}
