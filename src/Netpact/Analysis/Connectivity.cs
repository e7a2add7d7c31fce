using System.Collections.Immutable;
using Netpact.Model;

namespace Netpact.Analysis;

/// <summary>
/// The result of an analysis: what every workload and external range may send to every other. It answers one pair
/// (<see cref="Allowed"/>) in microseconds, counts everything (<see cref="Summary"/>), lists the allowed connections
/// in report order (<see cref="EnumerateConnections"/>, or <see cref="Connections"/> materialised on first use), and
/// re-analyses after one policy changes (<see cref="WithPolicy"/>, <see cref="WithoutPolicy"/>) by recomputing only
/// what the policy touches.
/// </summary>
public sealed class Connectivity
{
    private readonly AnalysisState _state;
    private readonly HashSet<int>? _focus;
    private readonly Lazy<ImmutableArray<Connection>> _connections;
    private readonly Lazy<ConnectivitySummary> _summary;
    private readonly Lazy<Dictionary<Workload, int>> _workloadIndex;
    private readonly Endpoint[] _workloadEndpoints;
    private readonly Endpoint[] _sourceAtoms;
    private readonly Endpoint[] _destinationAtoms;

    private readonly MeshLayer? _mesh;

    internal Connectivity(AnalysisState state, HashSet<int>? focus = null, MeshLayer? mesh = null)
    {
        _state = state;
        _focus = focus;
        _mesh = mesh;
        var cluster = state.Cluster;
        _workloadEndpoints = [.. cluster.Workloads.Select(Endpoint.Of)];
        _sourceAtoms = [.. state.Context.SourceAtoms.Select(Endpoint.Of)];
        _destinationAtoms = [.. state.Context.DestinationAtoms.Select(Endpoint.Of)];
        ExternalRanges = [.. state.Context.SourceAtoms.Union(state.Context.DestinationAtoms).Order()];
        _workloadIndex = new(() => Enumerable.Range(0, cluster.Workloads.Length)
            .ToDictionary(i => cluster.Workloads[i], i => i, ReferenceEqualityComparer.Instance as IEqualityComparer<Workload>));
        _connections = new(() => [.. EnumerateConnections()]);
        _summary = new(Summarize);
        Workloads = focus is null
            ? cluster.Workloads
            : [.. cluster.Workloads.Where((w, i) => focus.Contains(i) || Involved(i))];
    }

    /// <summary>The cluster this is the connectivity of.</summary>
    public Cluster Cluster => _state.Cluster;

    /// <summary>Istio's layer when the input holds Istio policies: every answer is then what both layers allow.</summary>
    public MeshLayer? Mesh => _mesh;

    public ImmutableArray<Workload> Workloads { get; }

    /// <summary>The external address ranges, cut so that each lies wholly inside or outside every ipBlock.</summary>
    public ImmutableArray<IpRange> ExternalRanges { get; }

    /// <summary>Every allowed connection between distinct endpoints, sorted as reports list them; built on first use.</summary>
    public ImmutableArray<Connection> Connections => _connections.Value;

    public ConnectivitySummary Summary => _summary.Value;

    /// <summary>
    /// What the source may send to the destination: for workloads, what every pod pair may; for an address range,
    /// what every address in it may.
    /// </summary>
    public ConnectionSet Allowed(Endpoint source, Endpoint destination)
    {
        var table = _state.Context.Table;
        if (source.Workload is { } sw && destination.Workload is { } dw)
        {
            var (s, d) = (IndexOf(sw), IndexOf(dw));
            var allowed = table[_state.WorkloadValue(s, d)];
            return _mesh is null || s == d ? allowed : _mesh.Apply(s, d, allowed);
        }
        if (source.Workload is { } from && destination.Range is { } to)
        {
            var s = IndexOf(from);
            return table[AtomsOf(_state.Context.DestinationAtoms, to).Aggregate(ConnectionTable.All, (acc, a) => table.Intersect(acc, _state.WorkloadToExternal(s, a)))];
        }
        if (source.Range is { } range && destination.Workload is { } into)
        {
            var d = IndexOf(into);
            var allowed = table[AtomsOf(_state.Context.SourceAtoms, range).Aggregate(ConnectionTable.All, (acc, a) => table.Intersect(acc, _state.WorkloadFromExternal(a, d)))];
            return _mesh is null ? allowed : _mesh.Apply(range, d, allowed);
        }
        // Between two external ranges no policy applies; nor do reports list such pairs.
        return ConnectionSet.All;
    }

    /// <summary>What the NetworkPolicy layers alone (admin tiers and NetworkPolicies) let every pod of one workload send another, Istio aside.</summary>
    public ConnectionSet AllowedByNetworkPolicy(Workload source, Workload destination) =>
        _state.Context.Table[_state.WorkloadValue(IndexOf(source), IndexOf(destination))];

    private int IndexOf(Workload w) =>
        _workloadIndex.Value.TryGetValue(w, out var i) ? i
        : Cluster.Workloads.IndexOf(w) is var j and >= 0 ? j
        : throw new ArgumentException($"workload {w.Id} is not part of this analysis", nameof(w));

    private static IEnumerable<int> AtomsOf(IReadOnlyList<IpRange> atoms, IpRange range) =>
        Enumerable.Range(0, atoms.Count).Where(a => atoms[a].IsV6 == range.IsV6 && atoms[a].First <= range.Last && range.First <= atoms[a].Last);

    /// <summary>The allowed connections in report order ("src => dst : conn" sorted ordinally), one at a time.</summary>
    public IEnumerable<Connection> EnumerateConnections()
    {
        foreach (var p in OrderedPairs(c => $"{c.Source} => {c.Destination} : {Effective(c)}"))
        {
            var allowed = Effective(p);
            if (!allowed.IsEmpty) yield return new Connection(p.Source, p.Destination, allowed);
        }
    }

    /// <summary>
    /// Every pair the NetworkPolicy layers (admin tiers and NetworkPolicies) let anything through, with what they allow,
    /// Istio's verdict (null where it does not stand between them: no Istio layer, no sidecar at the destination, or an
    /// external destination) and what passes both; in report order. Pairs the NetworkPolicy layers deny are not listed.
    /// </summary>
    public IEnumerable<LayeredConnection> EnumerateLayers()
    {
        var table = _state.Context.Table;
        foreach (var p in OrderedPairs(c => $"{c.Source} => {c.Destination}"))
        {
            var verdict = _mesh is null || p.D < 0 ? null : p.S >= 0 ? _mesh.Verdict(p.S, p.D) : _mesh.Verdict(p.Source.Range!, p.D);
            yield return new LayeredConnection(p.Source, p.Destination, table[p.Value], verdict, Effective(p));
        }
    }

    private ConnectionSet Effective(Pair p)
    {
        var allowed = _state.Context.Table[p.Value];
        if (_mesh is null || p.D < 0) return allowed;
        return p.S >= 0 ? _mesh.Apply(p.S, p.D, allowed) : _mesh.Apply(p.Source.Range!, p.D, allowed);
    }

    /// <summary>
    /// A pair the NetworkPolicy layers allow something between: the endpoints, their indices (workloads from 0,
    /// external atoms as the complement of theirs) and the connection table value.
    /// </summary>
    private readonly record struct Pair(Endpoint Source, int S, Endpoint Destination, int D, int Value);

    /// <summary>The pairs in the order of their sorted names; <paramref name="line"/> is the sort key where names alone do not give it.</summary>
    private IEnumerable<Pair> OrderedPairs(Func<Pair, string> line)
    {
        var sources = Order(_workloadEndpoints.Select((e, i) => (e, i)).Concat(_sourceAtoms.Select((e, a) => (e, ~a))), " => ");
        var destinations = Order(_workloadEndpoints.Select((e, i) => (e, i)).Concat(_destinationAtoms.Select((e, a) => (e, ~a))), " : ");
        if (sources is null || destinations is null)
        {
            // Some endpoint name is a prefix of another: only sorting whole lines gives report order.
            return Pairs(_workloadEndpoints.Select((e, i) => (e, i)).Concat(_sourceAtoms.Select((e, a) => (e, ~a))).ToList(),
                    _workloadEndpoints.Select((e, i) => (e, i)).Concat(_destinationAtoms.Select((e, a) => (e, ~a))).ToList())
                .OrderBy(line, StringComparer.Ordinal);
        }
        return Pairs(sources, destinations);
    }

    private IEnumerable<Pair> Pairs(List<(Endpoint Endpoint, int Index)> sources, List<(Endpoint Endpoint, int Index)> destinations)
    {
        var focused = _focus is null ? null : destinations.Where(d => d.Index >= 0 && _focus.Contains(d.Index)).ToList();
        // Most pairs get nothing: for workloads of one identity each, one bit says so (see PossibleSources).
        var classes = _state.Context.Identities.WorkloadClasses;
        var possible = new Bitset?[classes.Length];
        var byCells = new Dictionary<(int, int), Bitset>();
        Bitset PossibleSources(int d)
        {
            var identity = classes[d][0];
            var key = (_state.Out[identity].Id, _state.In[identity]?.Id ?? 0);
            if (!byCells.TryGetValue(key, out var set)) byCells[key] = set = _state.PossibleSources(identity);
            return possible[d] = set;
        }
        foreach (var (source, s) in sources)
        {
            var candidates = focused is null || (s >= 0 && _focus!.Contains(s)) ? destinations : focused;
            var single = s >= 0 && classes[s].Length == 1 ? classes[s][0] : -1;
            foreach (var (destination, d) in candidates)
            {
                int value;
                if (s >= 0 && d >= 0)
                {
                    if (s == d) continue;
                    if (single >= 0 && classes[d].Length == 1 && !(possible[d] ?? PossibleSources(d)).Contains(single)) continue;
                    value = _state.WorkloadValue(s, d);
                }
                else if (s >= 0)
                {
                    value = _state.WorkloadToExternal(s, ~d);
                }
                else if (d >= 0)
                {
                    value = _state.WorkloadFromExternal(~s, d);
                }
                else
                {
                    continue;
                }
                if (value == ConnectionTable.Empty) continue;
                yield return new Pair(source, s, destination, d, value);
            }
        }
    }

    /// <summary>Endpoints sorted by name + separator; null when one such key is a prefix of another.</summary>
    private static List<(Endpoint, int)>? Order(IEnumerable<(Endpoint Endpoint, int Index)> endpoints, string separator)
    {
        var keyed = endpoints.Select(e => (Key: e.Endpoint + separator, e.Endpoint, e.Index)).ToList();
        keyed.Sort((x, y) => string.CompareOrdinal(x.Key, y.Key));
        for (var i = 1; i < keyed.Count; i++)
        {
            if (keyed[i].Key.StartsWith(keyed[i - 1].Key, StringComparison.Ordinal)) return null;
        }
        return [.. keyed.Select(k => (k.Endpoint, k.Index))];
    }

    private bool Involved(int workload)
    {
        foreach (var f in _focus!)
        {
            if (f == workload) return true;
            if (_state.WorkloadValue(f, workload) != ConnectionTable.Empty || _state.WorkloadValue(workload, f) != ConnectionTable.Empty) return true;
        }
        return false;
    }

    /// <summary>
    /// Only the connections of the named workloads (ns/name, or a name in any namespace), and only the
    /// workloads those connections or names involve.
    /// </summary>
    public Connectivity Focus(IReadOnlyCollection<string> names)
    {
        if (names.Count == 0) return this;
        bool IsFocused(Workload w) => names.Any(w.AnswersTo);
        var focus = Enumerable.Range(0, Cluster.Workloads.Length).Where(i => IsFocused(Cluster.Workloads[i])).ToHashSet();
        return new Connectivity(_state, focus, _mesh);
    }

    /// <summary>
    /// The connectivity after adding <paramref name="policy"/>, or replacing the policy of the same namespace and
    /// name. Recomputes only the identities the old and new policy select or admit; falls back to a full analysis
    /// when the policy names a label key no other selector names or moves the edges of the external ranges.
    /// </summary>
    public Connectivity WithPolicy(NetworkPolicy policy)
    {
        var existing = Cluster.Policies.FirstOrDefault(p => p.Namespace == policy.Namespace && p.Name == policy.Name);
        var policies = existing is null ? Cluster.Policies.Add(policy) : Cluster.Policies.Replace(existing, policy);
        return Update(existing, policy, policies);
    }

    /// <summary>The connectivity after removing the policy of that namespace and name (unchanged when there is none).</summary>
    public Connectivity WithoutPolicy(string ns, string name)
    {
        var existing = Cluster.Policies.FirstOrDefault(p => p.Namespace == ns && p.Name == name);
        return existing is null ? this : Update(existing, null, Cluster.Policies.Remove(existing));
    }

    /// <summary>
    /// The connectivity after adding or replacing (same kind and name) a cluster-scoped policy, or removing it
    /// (<paramref name="remove"/>). Its rules reorder a whole tier, so this analyses afresh.
    /// </summary>
    public Connectivity WithAdminPolicy(AdminNetworkPolicy policy, bool remove = false)
    {
        var others = Cluster.AdminPolicies.Where(p => p.Id != policy.Id);
        return ConnectivityEngine.Analyze(Cluster with { AdminPolicies = remove ? [.. others] : [.. others, policy] }, null, _mesh?.Config);
    }

    private Connectivity Update(NetworkPolicy? removed, NetworkPolicy? added, ImmutableArray<NetworkPolicy> policies)
    {
        var cluster = Cluster with { Policies = policies };
        var next = _state.With(removed, added, cluster);
        return next is null ? ConnectivityEngine.Analyze(cluster, null, _mesh?.Config) : new Connectivity(next, null, _mesh);
    }

    private ConnectivitySummary Summarize()
    {
        if (_mesh is not null) return SummarizeLayers();
        var state = _state;
        var context = state.Context;
        var identities = context.Identities;
        var workloadClasses = identities.WorkloadClasses;
        var w = Cluster.Workloads.Length;
        long allowed = 0, open = 0, fromExternal = 0, toExternal = 0;
        var reached = new bool[w];
        for (var d = 0; d < identities.Count; d++)
        {
            var single = context.SingleWorkloads[d];
            var c = state.Columns[d];
            allowed += single * (c.Sources - (c.Self != 0 ? 1 : 0));
            open += single * (c.OpenSources - (c.Self == 2 ? 1 : 0));
            fromExternal += (long)single * c.FromExternal;
            toExternal += state.RowToExternal[d];
        }
        for (var i = 0; i < w; i++)
        {
            if (workloadClasses[i].Length != 1) continue;
            var c = state.Columns[workloadClasses[i][0]];
            if (c.Sources - (c.Self != 0 ? 1 : 0) > 0 || c.FromExternal > 0) reached[i] = true;
        }
        // Workloads whose pods fall into several identities are counted pair by pair.
        var multi = context.MultiClassWorkloads.ToHashSet();
        foreach (var m in context.MultiClassWorkloads)
        {
            for (var o = 0; o < w; o++)
            {
                if (o == m) continue;
                var there = state.WorkloadValue(m, o);
                if (there != ConnectionTable.Empty)
                {
                    allowed++;
                    reached[o] = true;
                    if (there == ConnectionTable.All) open++;
                }
                if (multi.Contains(o)) continue;
                var back = state.WorkloadValue(o, m);
                if (back != ConnectionTable.Empty)
                {
                    allowed++;
                    reached[m] = true;
                    if (back == ConnectionTable.All) open++;
                }
            }
            for (var a = 0; a < context.SourceAtoms.Count; a++)
            {
                if (state.WorkloadFromExternal(a, m) == ConnectionTable.Empty) continue;
                fromExternal++;
                reached[m] = true;
            }
            for (var a = 0; a < context.DestinationAtoms.Count; a++)
            {
                if (state.WorkloadToExternal(m, a) != ConnectionTable.Empty) toExternal++;
            }
        }
        return Counts(allowed, open, fromExternal, toExternal, reached.Count(r => !r));
    }

    /// <summary>The counts of pairs as found, with what the cluster and the analysis state say of themselves.</summary>
    private ConnectivitySummary Counts(long allowed, long open, long fromExternal, long toExternal, int unreachable)
    {
        var w = Cluster.Workloads.Length;
        var classes = _state.Context.Identities.WorkloadClasses;
        return new ConnectivitySummary
        {
            Namespaces = Cluster.Workloads.Select(x => x.Namespace).Concat(Cluster.Namespaces.Select(n => n.Name)).Distinct(StringComparer.Ordinal).Count(),
            Workloads = w,
            Pods = Cluster.Workloads.Sum(x => x.Pods.Length),
            Identities = _state.Context.Identities.Count,
            Policies = Cluster.Policies.Length,
            ExternalRanges = ExternalRanges.Length,
            WorkloadPairs = (long)w * (w - 1),
            AllowedPairs = allowed,
            OpenPairs = open,
            FromExternalPairs = fromExternal,
            ToExternalPairs = toExternal,
            IngressIsolated = classes.Count(cs => cs.Any(c => _state.IngressIsolation[c] > 0)),
            EgressIsolated = classes.Count(cs => cs.Any(c => _state.EgressIsolation[c] > 0)),
            Unreachable = unreachable,
        };
    }

    /// <summary>With Istio's layer the counts come from the effective connections themselves, pair by pair.</summary>
    private ConnectivitySummary SummarizeLayers()
    {
        var all = _focus is null ? this : new Connectivity(_state, null, _mesh);
        long allowed = 0, open = 0, fromExternal = 0, toExternal = 0;
        var reached = new HashSet<Endpoint>();
        foreach (var c in all.EnumerateConnections())
        {
            if (c.Source.IsExternal) fromExternal++;
            else if (c.Destination.IsExternal) toExternal++;
            else
            {
                allowed++;
                if (c.Allowed.Equals(ConnectionSet.All)) open++;
            }
            if (!c.Destination.IsExternal) reached.Add(c.Destination);
        }
        return Counts(allowed, open, fromExternal, toExternal, Cluster.Workloads.Length - reached.Count);
    }
}
