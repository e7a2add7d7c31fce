using System.Collections.Immutable;
using System.Text;
using Netpact.Model;

namespace Netpact.Analysis;

/// <summary>
/// Computes which workloads reach which, on which ports. Pods are folded into classes that no selector can
/// tell apart, selectors are evaluated once per class, and rules are applied to class sets (bitsets), so the
/// work grows with classes and rules rather than with pod pairs times policies.
/// </summary>
public static class ConnectivityEngine
{
    private sealed record CompiledRule(NetworkPolicy Policy, PolicyRule Rule, Bitset Selected, Bitset Peers, bool AllPeers, IReadOnlyList<IpBlock> IpBlocks)
    {
        public bool AdmitsExternal(IpRange range) => AllPeers || IpBlocks.Any(range.Within);
    }

    public static Connectivity Analyze(Cluster cluster)
    {
        var (classes, workloadClasses) = FoldIntoClasses(cluster);
        var k = classes.Count;
        var nsSelectorCache = new Dictionary<LabelSelector, HashSet<string>>();

        Bitset Select(string ns, LabelSelector selector)
        {
            var set = new Bitset(k);
            foreach (var c in classes)
            {
                if (c.Namespace.Name == ns && selector.Matches(c.Labels)) set.Add(c.Index);
            }
            return set;
        }

        Bitset PeerSet(NetworkPolicy policy, PolicyPeer peer)
        {
            var set = new Bitset(k);
            if (peer.IpBlock is not null) return set;
            HashSet<string>? namespaces = null;
            if (peer.NamespaceSelector is { } nss && !nsSelectorCache.TryGetValue(nss, out namespaces))
            {
                namespaces = classes.Select(c => c.Namespace).DistinctBy(n => n.Name)
                    .Where(n => nss.Matches(n.Labels)).Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
                nsSelectorCache[nss] = namespaces;
            }
            var pods = peer.PodSelector ?? LabelSelector.Everything;
            foreach (var c in classes)
            {
                var nsOk = namespaces is null ? c.Namespace.Name == policy.Namespace : namespaces.Contains(c.Namespace.Name);
                if (nsOk && pods.Matches(c.Labels)) set.Add(c.Index);
            }
            return set;
        }

        var ingressIsolated = new bool[k];
        var egressIsolated = new bool[k];
        var ingressRulesOf = Enumerable.Range(0, k).Select(_ => new List<CompiledRule>()).ToArray();
        var egressRulesTo = Enumerable.Range(0, k).Select(_ => new List<CompiledRule>()).ToArray();
        var egressRules = new List<CompiledRule>();
        var ingressRules = new List<CompiledRule>();

        foreach (var policy in cluster.Policies)
        {
            var selected = Select(policy.Namespace, policy.PodSelector);
            foreach (var c in selected.Members())
            {
                if (policy.AffectsIngress) ingressIsolated[c] = true;
                if (policy.AffectsEgress) egressIsolated[c] = true;
            }
            foreach (var direction in new[] { Direction.Ingress, Direction.Egress })
            {
                if (!policy.Affects(direction)) continue;
                foreach (var rule in policy.Rules(direction))
                {
                    var peers = new Bitset(k);
                    var allPeers = rule.AdmitsAllPeers;
                    if (allPeers)
                    {
                        for (var i = 0; i < k; i++) peers.Add(i);
                    }
                    else
                    {
                        foreach (var peer in rule.Peers!.Value) peers.UnionWith(PeerSet(policy, peer));
                    }
                    var ipBlocks = (rule.Peers ?? []).Where(p => p.IpBlock is not null).Select(p => p.IpBlock!).ToList();
                    var compiled = new CompiledRule(policy, rule, selected, peers, allPeers, ipBlocks);
                    if (direction == Direction.Ingress)
                    {
                        ingressRules.Add(compiled);
                        foreach (var d in selected.Members()) ingressRulesOf[d].Add(compiled);
                    }
                    else
                    {
                        egressRules.Add(compiled);
                        foreach (var d in peers.Members()) egressRulesTo[d].Add(compiled);
                    }
                }
            }
        }

        // Class-to-class connectivity, one destination row at a time.
        var matrix = new ConnectionSet[k, k];
        var inRow = new ConnectionSet[k];
        var egRow = new ConnectionSet[k];
        foreach (var dst in classes)
        {
            var d = dst.Index;
            Array.Fill(inRow, ingressIsolated[d] ? ConnectionSet.Empty : ConnectionSet.All);
            foreach (var rule in ingressRulesOf[d])
            {
                var conn = PolicyPorts.Resolve(rule.Rule.Ports, dst.Ports);
                foreach (var s in rule.Peers.Members()) inRow[s] = inRow[s].Union(conn);
            }
            for (var s = 0; s < k; s++) egRow[s] = egressIsolated[s] ? ConnectionSet.Empty : ConnectionSet.All;
            foreach (var rule in egressRulesTo[d])
            {
                var conn = PolicyPorts.Resolve(rule.Rule.Ports, dst.Ports);
                foreach (var s in rule.Selected.Members())
                {
                    if (egressIsolated[s]) egRow[s] = egRow[s].Union(conn);
                }
            }
            for (var s = 0; s < k; s++) matrix[s, d] = inRow[s].Intersect(egRow[s]);
        }

        // External address ranges: sources cut by ingress ipBlocks, destinations by egress ipBlocks.
        var sourceAtoms = ExternalAtoms.Of(cluster.Policies, Direction.Ingress);
        var fromExternal = new ConnectionSet[sourceAtoms.Count, k];
        for (var a = 0; a < sourceAtoms.Count; a++)
        {
            for (var c = 0; c < k; c++) fromExternal[a, c] = ingressIsolated[c] ? ConnectionSet.Empty : ConnectionSet.All;
            foreach (var rule in ingressRules.Where(r => r.AdmitsExternal(sourceAtoms[a])))
            {
                foreach (var d in rule.Selected.Members())
                {
                    fromExternal[a, d] = fromExternal[a, d].Union(PolicyPorts.Resolve(rule.Rule.Ports, classes[d].Ports));
                }
            }
        }
        var destinationAtoms = ExternalAtoms.Of(cluster.Policies, Direction.Egress);
        var toExternal = new ConnectionSet[k, destinationAtoms.Count];
        for (var a = 0; a < destinationAtoms.Count; a++)
        {
            for (var c = 0; c < k; c++) toExternal[c, a] = egressIsolated[c] ? ConnectionSet.Empty : ConnectionSet.All;
            foreach (var rule in egressRules.Where(r => r.AdmitsExternal(destinationAtoms[a])))
            {
                var conn = PolicyPorts.Resolve(rule.Rule.Ports, []);
                foreach (var s in rule.Selected.Members()) toExternal[s, a] = toExternal[s, a].Union(conn);
            }
        }

        return Connectivity.FromClasses(cluster, workloadClasses, matrix, sourceAtoms, fromExternal, destinationAtoms, toExternal);
    }

    /// <summary>Groups pods into classes; returns the classes and, per workload, the classes of its pods.</summary>
    internal static (List<WorkloadClass> Classes, List<int[]> WorkloadClasses) FoldIntoClasses(Cluster cluster)
    {
        var keys = cluster.Policies
            .SelectMany(p => p.Ingress.Concat(p.Egress).SelectMany(r => r.Peers ?? [])
                .Select(peer => peer.PodSelector).Append(p.PodSelector))
            .Where(s => s is not null)
            .SelectMany(s => s!.Keys)
            .ToHashSet(StringComparer.Ordinal);
        var classes = new List<WorkloadClass>();
        var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var workloadClasses = new List<int[]>();
        var sb = new StringBuilder();
        foreach (var w in cluster.Workloads)
        {
            var ns = cluster.Namespace(w.Namespace);
            var own = new List<int>();
            foreach (var pod in w.Pods)
            {
                sb.Clear().Append(w.Namespace).Append('\0');
                foreach (var (label, value) in pod.Labels)
                {
                    if (keys.Contains(label)) sb.Append(label).Append('=').Append(value).Append('\0');
                }
                sb.Append('\0');
                foreach (var p in pod.Ports.Where(p => p.Name is not null).OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Protocol).ThenBy(p => p.Port))
                {
                    sb.Append(p.Name).Append('/').Append(p.Protocol).Append('/').Append(p.Port).Append('\0');
                }
                var key = sb.ToString();
                if (!byKey.TryGetValue(key, out var index))
                {
                    index = classes.Count;
                    byKey[key] = index;
                    classes.Add(new WorkloadClass(index, ns, pod.Labels, pod.Ports));
                }
                if (!own.Contains(index)) own.Add(index);
            }
            workloadClasses.Add([.. own]);
        }
        return (classes, workloadClasses);
    }
}
