using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text;
using Netpact.Model;

namespace Netpact.Analysis;

/// <summary>
/// The pods of a cluster folded into identities (<see cref="WorkloadClass"/>): pods of one namespace with the same
/// values of every label key some pod selector names, the same named ports, on the host network or not, and with
/// addresses in the same external atoms (so every ipBlock and network holds all of them or none). Identities are
/// numbered namespace by namespace, so a namespace is a contiguous range. Selectors are evaluated on a label index
/// (key, value → identities) and cached, so a selector that many policies repeat is evaluated once.
/// </summary>
internal sealed class Identities
{
    private readonly Dictionary<string, (int Start, int End)> _namespaceRanges = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, List<int>>> _labelIndex = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Bitset> _podSelections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Bitset> _namespaceSelections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Bitset> _blockSelections = new(StringComparer.Ordinal);
    private readonly Namespace[] _namespaces;
    private readonly Bitset _hostNetwork;
    private readonly IReadOnlyList<IpRange> _sourceAtoms;
    private readonly IReadOnlyList<IpRange> _destinationAtoms;
    private readonly Dictionary<int, List<int>> _bySourceAtom = [];
    private readonly Dictionary<int, List<int>> _byDestinationAtom = [];

    public Identities(Cluster cluster, ConnectionTable table, IReadOnlyList<IpRange> sourceAtoms, IReadOnlyList<IpRange> destinationAtoms)
    {
        _sourceAtoms = sourceAtoms;
        _destinationAtoms = destinationAtoms;
        RelevantKeys = cluster.Policies.SelectMany(SelectorKeys)
            .Concat(cluster.AdminPolicies.SelectMany(SelectorKeys))
            .Concat(cluster.CiliumPolicies.SelectMany(SelectorKeys))
            .ToHashSet(StringComparer.Ordinal);
        // Cilium selects pods by their service account too, as the label CiliumSelector.ServiceAccountLabel.
        var readsServiceAccount = RelevantKeys.Contains(CiliumSelector.ServiceAccountLabel);
        var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var found = new List<(Namespace Ns, Pod Pod, int[] SourceAtoms, int[] DestinationAtoms)>();
        var podClasses = new List<int[]>();
        var sb = new StringBuilder();
        foreach (var w in cluster.Workloads)
        {
            var ns = cluster.Namespace(w.Namespace);
            var own = new List<int>(1);
            foreach (var pod in w.Pods)
            {
                sb.Clear().Append(w.Namespace).Append('\0');
                var labels = readsServiceAccount ? pod.Labels.SetItem(CiliumSelector.ServiceAccountLabel, pod.ServiceAccount) : pod.Labels;
                foreach (var (label, value) in labels)
                {
                    if (RelevantKeys.Contains(label)) sb.Append(label).Append('=').Append(value).Append('\0');
                }
                sb.Append('\0');
                foreach (var p in pod.Ports.Where(p => p.Name is not null).OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Protocol).ThenBy(p => p.Port))
                {
                    sb.Append(p.Name).Append('/').Append(p.Protocol).Append('/').Append(p.Port).Append('\0');
                }
                int[] fromAtoms = [], toAtoms = [];
                if (pod.HostNetwork) sb.Append("host\0");
                if (!pod.Addresses.IsEmpty)
                {
                    fromAtoms = AtomsHolding(sourceAtoms, pod.Addresses);
                    toAtoms = AtomsHolding(destinationAtoms, pod.Addresses);
                    foreach (var a in fromAtoms) sb.Append('s').Append(a).Append('\0');
                    foreach (var a in toAtoms) sb.Append('d').Append(a).Append('\0');
                }
                var key = sb.ToString();
                if (!byKey.TryGetValue(key, out var index))
                {
                    index = found.Count;
                    byKey[key] = index;
                    found.Add((ns, pod with { Labels = labels }, fromAtoms, toAtoms));
                }
                if (!own.Contains(index)) own.Add(index);
            }
            podClasses.Add([.. own]);
        }

        // Number identities namespace by namespace (in order of first appearance) so that namespaces are ranges.
        var order = Enumerable.Range(0, found.Count)
            .GroupBy(i => found[i].Ns.Name, StringComparer.Ordinal)
            .SelectMany(g => g)
            .ToArray();
        var renumber = new int[found.Count];
        for (var i = 0; i < order.Length; i++) renumber[order[i]] = i;
        var classes = new WorkloadClass[found.Count];
        var signatures = new int[found.Count];
        _hostNetwork = new Bitset(found.Count);
        for (var i = 0; i < order.Length; i++)
        {
            var (ns, pod, fromAtoms, toAtoms) = found[order[i]];
            if (pod.HostNetwork) _hostNetwork.Add(i);
            foreach (var a in fromAtoms) Member(_bySourceAtom, a, i);
            foreach (var a in toAtoms) Member(_byDestinationAtom, a, i);
            classes[i] = new WorkloadClass(i, ns, pod.Labels, pod.Ports);
            signatures[i] = table.Signature(pod.Ports);
            if (_namespaceRanges.TryGetValue(ns.Name, out var range)) _namespaceRanges[ns.Name] = (range.Start, i + 1);
            else _namespaceRanges[ns.Name] = (i, i + 1);
            foreach (var (label, value) in pod.Labels)
            {
                if (!RelevantKeys.Contains(label)) continue;
                if (!_labelIndex.TryGetValue(label, out var values)) _labelIndex[label] = values = new(StringComparer.Ordinal);
                if (!values.TryGetValue(value, out var members)) values[value] = members = [];
                members.Add(i);
            }
        }
        Classes = classes;
        Signatures = signatures;
        WorkloadClasses = [.. podClasses.Select(c => c.Select(i => renumber[i]).Order().ToArray())];
        _namespaces = [.. classes.Select(c => c.Namespace).DistinctBy(n => n.Name)];
        NamespaceOf = [.. classes.Select(c => c.Namespace.Name)];
    }

    private static void Member(Dictionary<int, List<int>> index, int atom, int identity)
    {
        if (!index.TryGetValue(atom, out var list)) index[atom] = list = [];
        list.Add(identity);
    }

    /// <summary>The atoms (sorted by address, IPv4 before IPv6) that hold the addresses, in increasing order.</summary>
    private static int[] AtomsHolding(IReadOnlyList<IpRange> atoms, IEnumerable<Cidr> addresses)
    {
        var result = new List<int>(2);
        foreach (var address in addresses)
        {
            var (low, high) = (0, atoms.Count - 1);
            while (low <= high)
            {
                var mid = (low + high) / 2;
                var atom = atoms[mid];
                var cmp = atom.IsV6 != address.IsV6 ? (atom.IsV6 ? 1 : -1) : atom.Last < address.First ? -1 : atom.First > address.First ? 1 : 0;
                if (cmp == 0)
                {
                    if (!result.Contains(mid)) result.Add(mid);
                    break;
                }
                if (cmp < 0) low = mid + 1;
                else high = mid - 1;
            }
        }
        result.Sort();
        return [.. result];
    }

    public HashSet<string> RelevantKeys { get; }

    /// <summary>Identities of pods on the host network: no selector matches them.</summary>
    public Bitset HostNetwork => _hostNetwork;

    public IReadOnlyList<WorkloadClass> Classes { get; }

    /// <summary>Per identity, the number of its named container ports (see <see cref="ConnectionTable.Signature"/>).</summary>
    public int[] Signatures { get; }

    /// <summary>Per workload of the cluster, its identities in increasing order (usually one).</summary>
    public ImmutableArray<int[]> WorkloadClasses { get; }

    public string[] NamespaceOf { get; }

    public int Count => Classes.Count;

    /// <summary>The label keys a policy's pod selectors name: identities must tell their values apart.</summary>
    public static IEnumerable<string> SelectorKeys(NetworkPolicy p) =>
        p.Ingress.Concat(p.Egress).SelectMany(r => r.Peers ?? [])
            .Select(peer => peer.PodSelector).Append(p.PodSelector)
            .Where(s => s is not null)
            .SelectMany(s => s!.Keys);

    /// <summary>The pod label keys a cluster-scoped policy's subject and peers name.</summary>
    public static IEnumerable<string> SelectorKeys(AdminNetworkPolicy p) =>
        p.Ingress.Concat(p.Egress).SelectMany(r => r.Peers)
            .Select(peer => peer.Selector?.Pods).Append(p.Subject.Pods)
            .Where(s => s is not null)
            .SelectMany(s => s!.Keys);

    /// <summary>The pod label keys (the service account's pseudo-label included) a Cilium policy's subject and peers name.</summary>
    public static IEnumerable<string> SelectorKeys(CiliumPolicy p) =>
        p.Ingress.Concat(p.Egress).Concat(p.IngressDeny).Concat(p.EgressDeny).SelectMany(r => r.Peers)
            .Select(peer => peer.Endpoints).Append(p.Subject)
            .Where(s => s is not null)
            .SelectMany(s => s!.Pods.Keys);

    /// <summary>The identities a Cilium selector matches: never pods on the host network, which are no Cilium endpoints.</summary>
    public Bitset Matching(CiliumSelector selector) => Matching(new AdminSelector(selector.Namespaces, selector.Pods, selector.Span));

    /// <summary>The identities a subject or pod peer of a cluster-scoped policy matches.</summary>
    public Bitset Matching(AdminSelector selector)
    {
        var namespaces = NamespacesMatching(selector.Namespaces);
        return OffHost(selector.Pods is not { MatchesEverything: false } pods ? namespaces : namespaces.Intersect(PodsMatching(pods)));
    }

    /// <summary>The identities a policy selects: its namespace, its pod selector; never pods on the host network.</summary>
    public Bitset Selected(NetworkPolicy policy) => OffHost(PodsIn(policy.Namespace, policy.PodSelector));

    /// <summary>
    /// The identities a peer admits: for selectors, the pods they match (none on the host network); for an ipBlock, the
    /// pods whose addresses it holds (sources on ingress, destinations on egress).
    /// </summary>
    public Bitset Peers(NetworkPolicy policy, PolicyPeer peer, Direction direction)
    {
        if (peer.HostNetworkPods) return _hostNetwork.Clone();
        if (peer.IpBlock is { } block)
        {
            if (peer.OutsideClusterOnly) return new Bitset(Count);
            // Cached like selectors: policies repeat a few blocks (0.0.0.0/0 except the metadata address) many times.
            var asSource = direction == Direction.Ingress;
            return _blockSelections.GetOrAdd($"{asSource}\0{block}", _ => Holding(asSource, range => range.Within(block)));
        }
        var pods = peer.PodSelector ?? LabelSelector.Everything;
        if (peer.NamespaceSelector is not { } nss) return OffHost(PodsIn(policy.Namespace, pods));
        var namespaces = NamespacesMatching(nss);
        return OffHost(pods.MatchesEverything ? namespaces : namespaces.Intersect(PodsMatching(pods)));
    }

    /// <summary>The identities with an address in an atom that <paramref name="within"/> accepts: sources' atoms, or destinations'.</summary>
    public Bitset Holding(bool asSource, Func<IpRange, bool> within)
    {
        var set = new Bitset(Count);
        var atoms = asSource ? _sourceAtoms : _destinationAtoms;
        foreach (var (atom, members) in asSource ? _bySourceAtom : _byDestinationAtom)
        {
            if (!within(atoms[atom])) continue;
            foreach (var m in members) set.Add(m);
        }
        return set;
    }

    private Bitset OffHost(Bitset set)
    {
        if (_hostNetwork.IsEmpty) return set;
        var result = set.Clone();
        result.ExceptWith(_hostNetwork);
        return result;
    }

    private Bitset PodsIn(string ns, LabelSelector selector)
    {
        var set = new Bitset(Count);
        if (!_namespaceRanges.TryGetValue(ns, out var range)) return set;
        if (selector.MatchesEverything)
        {
            set.AddRange(range.Start, range.End);
            return set;
        }
        if (range.End - range.Start <= 64)
        {
            // A small namespace: matching each identity is cheaper than combining index sets.
            for (var i = range.Start; i < range.End; i++)
            {
                if (selector.Matches(Classes[i].Labels)) set.Add(i);
            }
            return set;
        }
        var all = new Bitset(Count);
        all.AddRange(range.Start, range.End);
        return all.Intersect(PodsMatching(selector));
    }

    /// <summary>Identities in any namespace whose labels the selector matches, from the label index.</summary>
    private Bitset PodsMatching(LabelSelector selector) => _podSelections.GetOrAdd(Key(selector), _ =>
    {
        var result = Bitset.Full(Count);
        foreach (var r in selector.Requirements)
        {
            var withValue = new Bitset(Count);
            if (_labelIndex.TryGetValue(r.Key, out var values))
            {
                foreach (var (value, members) in values)
                {
                    var counts = r.Operator is SelectorOperator.Exists or SelectorOperator.DoesNotExist || r.Values.Contains(value);
                    if (!counts) continue;
                    foreach (var m in members) withValue.Add(m);
                }
            }
            if (r.Operator is SelectorOperator.In or SelectorOperator.Exists) result.IntersectWith(withValue);
            else result.ExceptWith(withValue);
        }
        return result;
    });

    /// <summary>Identities of the namespaces a namespace selector matches.</summary>
    private Bitset NamespacesMatching(LabelSelector selector) => _namespaceSelections.GetOrAdd(Key(selector), _ =>
    {
        var set = new Bitset(Count);
        foreach (var ns in _namespaces)
        {
            if (selector.Matches(ns.Labels))
            {
                var (start, end) = _namespaceRanges[ns.Name];
                set.AddRange(start, end);
            }
        }
        return set;
    });

    private static string Key(LabelSelector s) =>
        string.Join("\0", s.Requirements.Select(r => $"{r.Key}\u0001{r.Operator}\u0001{string.Join("\u0001", r.Values)}"));
}
