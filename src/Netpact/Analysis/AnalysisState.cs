using System.Collections.Concurrent;
using System.Collections.Immutable;
using Netpact.Model;

namespace Netpact.Analysis;

/// <summary>
/// Everything that one analysis and the incremental updates after it share: the identities, the connection table,
/// the external atoms, and caches of cells keyed by the grants they are made of.
/// </summary>
internal sealed class AnalysisContext
{
    private int _nextGrant;

    public AnalysisContext(Cluster cluster)
    {
        Table = new ConnectionTable();
        SourceAtoms = ExternalAtoms.Of(cluster, Direction.Ingress);
        DestinationAtoms = ExternalAtoms.Of(cluster, Direction.Egress);
        // Pods are sorted into atoms cut by IPv6 networks too, which the reported destinations are not always.
        Identities = new Identities(cluster, Table, SourceAtoms, ExternalAtoms.ForPods(cluster, Direction.Egress));
        Admin = cluster.AdminPolicies.IsEmpty ? null : new AdminTiers(cluster, Identities, Table, SourceAtoms, DestinationAtoms);
        Denies = cluster.CiliumPolicies.Any(p => !p.IngressDeny.IsEmpty || !p.EgressDeny.IsEmpty)
            ? new CiliumDenies(cluster, Identities, Table, SourceAtoms, DestinationAtoms)
            : null;
        var n = Identities.Count;
        var single = new int[n];
        foreach (var classes in Identities.WorkloadClasses)
        {
            if (classes.Length == 1) single[classes[0]]++;
        }
        SingleWorkloads = single;
        var planes = new List<Bitset>();
        for (var bit = 0; single.Any(c => c >> bit != 0); bit++)
        {
            var plane = new Bitset(n);
            for (var i = 0; i < n; i++)
            {
                if (((single[i] >> bit) & 1) != 0) plane.Add(i);
            }
            planes.Add(plane);
        }
        WeightPlanes = [.. planes];
        MultiClassWorkloads = [.. Enumerable.Range(0, Identities.WorkloadClasses.Length).Where(w => Identities.WorkloadClasses[w].Length > 1)];
    }

    public ConnectionTable Table { get; }

    /// <summary>The Admin and Baseline tiers, or null when the cluster has no cluster-scoped policies.</summary>
    public AdminTiers? Admin { get; }

    /// <summary>Cilium's deny rules, or null when no Cilium policy has any.</summary>
    public CiliumDenies? Denies { get; }

    /// <summary>Whether the egress cells of every column hold every source (cluster-scoped policies decide for unisolated sources too).</summary>
    public bool CellsHoldEverySource => Admin is not null;

    /// <summary>The sources no egress policy isolates that are nevertheless not open: some Cilium egress deny rule applies to them.</summary>
    public Bitset OpenDenied(Bitset networkPolicyOpen) =>
        Denies is null || Admin is not null ? new Bitset(Identities.Count) : networkPolicyOpen.Intersect(Denies.EgressSubjects);

    /// <summary>The sources whose egress to pods is all allowed: unisolated, and without an egress deny rule (none with cluster-scoped policies).</summary>
    public Bitset EgressOpen(Bitset networkPolicyOpen) =>
        Admin is not null ? new Bitset(Identities.Count) : Denies is null ? networkPolicyOpen : networkPolicyOpen.Except(Denies.EgressSubjects);

    private int _openVersion;

    /// <summary>A new number for a new set of egress-open identities (cells built on it are cached under it).</summary>
    public int NextOpenVersion() => Interlocked.Increment(ref _openVersion);

    public Identities Identities { get; }

    public IReadOnlyList<IpRange> SourceAtoms { get; }

    public IReadOnlyList<IpRange> DestinationAtoms { get; }

    /// <summary>Per identity, how many workloads consist of it alone.</summary>
    public int[] SingleWorkloads { get; }

    /// <summary>Bit b of <see cref="SingleWorkloads"/> as a set, so that sums of weights are popcounts.</summary>
    public Bitset[] WeightPlanes { get; }

    /// <summary>Workloads whose pods fall into more than one identity (pods that differ in named ports or labels).</summary>
    public int[] MultiClassWorkloads { get; }

    public ConcurrentDictionary<string, Cells> IngressCells { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, Cells> EgressCells { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, int[]> ToExternal { get; } = new(StringComparer.Ordinal);

    public CompiledPolicy Compile(NetworkPolicy policy) =>
        CompiledPolicy.Compile(policy, Identities, Table, SourceAtoms, DestinationAtoms, () => Interlocked.Increment(ref _nextGrant));

    /// <summary>Σ over members of a ∩ b (∩ c) of <see cref="SingleWorkloads"/>.</summary>
    public long Weight(Bitset a, Bitset? b = null, Bitset? c = null)
    {
        long sum = 0;
        for (var bit = 0; bit < WeightPlanes.Length; bit++)
        {
            sum += (long)Bitset.CountAnd(WeightPlanes[bit], a, b, c) << bit;
        }
        return sum;
    }

    private int Conn(Grant g, int identity) =>
        g.FixedConnection >= 0
            ? g.FixedConnection
            : Table.Resolve(g.Spec, g.Ports, Identities.Signatures[identity], Identities.Classes[identity].Ports);

    private string Key(Grant[] grants, int identity) =>
        string.Join(",", grants.Select(g => g.Id)) + (grants.Any(g => g.FixedConnection < 0) ? $"|{Identities.Signatures[identity]}" : "");

    /// <summary>Who may connect to an ingress-isolated identity, by the ingress grants of the policies selecting it.</summary>
    public Cells Ingress(Grant[] grants, int destination) => IngressCells.GetOrAdd(Key(grants, destination), _ =>
    {
        var groups = new Dictionary<int, Bitset>();
        foreach (var g in grants)
        {
            var conn = Conn(g, destination);
            if (groups.TryGetValue(conn, out var set)) set.UnionWith(g.Peers);
            else groups[conn] = g.Peers.Clone();
        }
        var external = new int[SourceAtoms.Count];
        for (var a = 0; a < external.Length; a++)
        {
            foreach (var g in grants)
            {
                if (g.Atoms.Contains(a)) external[a] = Table.Union(external[a], Conn(g, destination));
            }
        }
        return Cells.Refine(groups.OrderBy(p => p.Key).Select(p => (p.Key, p.Value)), Table, external);
    });

    /// <summary>Which egress-isolated identities may connect to a destination, by the egress grants whose peers hold it.</summary>
    public Cells Egress(Grant[] grants, int destination) => grants.Length == 0 ? Cells.None : EgressCells.GetOrAdd(Key(grants, destination), _ =>
    {
        var groups = new Dictionary<int, Bitset>();
        foreach (var g in grants)
        {
            var conn = Conn(g, destination);
            if (groups.TryGetValue(conn, out var set)) set.UnionWith(g.Selected);
            else groups[conn] = g.Selected.Clone();
        }
        return Cells.Refine(groups.OrderBy(p => p.Key).Select(p => (p.Key, p.Value)), Table, null);
    });

    /// <summary>What an egress-isolated identity may send to each external destination atom.</summary>
    public int[] External(Grant[] grants) => ToExternal.GetOrAdd(string.Join(",", grants.Select(g => g.Id)), _ =>
    {
        var result = new int[DestinationAtoms.Count];
        for (var a = 0; a < result.Length; a++)
        {
            foreach (var g in grants)
            {
                if (g.Atoms.Contains(a)) result[a] = Table.Union(result[a], g.ExternalConnection);
            }
        }
        return result;
    });
}

/// <summary>Per column (destination identity) of the matrix, what the summary counts: weighted by single-identity workloads.</summary>
internal readonly record struct ColumnCounts(long Sources, long OpenSources, int Self, int FromExternal);

/// <summary>
/// One state of the analysis: per identity the grants that concern it, which identities policies isolate, the
/// cells of every column and the counts. Immutable; an incremental update copies the per-identity arrays and
/// recomputes only the columns and rows the changed policy touches.
/// </summary>
internal sealed class AnalysisState
{
    public required AnalysisContext Context { get; init; }
    public required Cluster Cluster { get; init; }
    public required ImmutableDictionary<string, CompiledPolicy> Policies { get; init; }
    public required Grant[][] IngressOf { get; init; }
    public required Grant[][] EgressOf { get; init; }
    public required Grant[][] EgressTo { get; init; }
    public required int[] IngressIsolation { get; init; }
    public required int[] EgressIsolation { get; init; }

    /// <summary>
    /// Identities whose egress to pods is all allowed, whoever the destination: those no egress NetworkPolicy selects, or
    /// none when cluster-scoped policies exist (then <see cref="Out"/> covers every source).
    /// </summary>
    public required Bitset EgressOpen { get; init; }

    /// <summary>Identities no egress NetworkPolicy selects.</summary>
    public required Bitset NetworkPolicyOpen { get; init; }

    /// <summary>The number of <see cref="NetworkPolicyOpen"/>'s version, for the Admin tier's caches.</summary>
    public required int OpenVersion { get; init; }

    private Bitset? _openDenied;
    private Bitset? _notOpen;

    /// <summary>The sources <see cref="EgressOpen"/> does not hold (computed once; a race computes the same).</summary>
    private Bitset NotOpen => _notOpen ??= Bitset.Full(Context.Identities.Count).Except(EgressOpen);

    /// <summary>The unisolated sources some Cilium egress deny rule applies to, which the egress cells hold (computed once; a race computes the same).</summary>
    private Bitset OpenDenied => _openDenied ??= Context.OpenDenied(NetworkPolicyOpen);

    /// <summary>Per destination identity: its ingress cells, or null when no ingress policy selects it.</summary>
    public required Cells?[] In { get; init; }

    /// <summary>Per destination identity: the egress cells of the (egress-isolated) sources that may reach it.</summary>
    public required Cells[] Out { get; init; }

    /// <summary>Per source identity: what it may send to each external atom, or null when it is not egress-isolated.</summary>
    public required int[]?[] ToExternal { get; init; }

    public required ColumnCounts[] Columns { get; init; }
    public required int[] RowToExternal { get; init; }

    private ConnectionTable Table => Context.Table;

    public static AnalysisState Build(Cluster cluster, AnalysisContext context, Action<string>? progress = null)
    {
        var n = context.Identities.Count;
        progress?.Invoke("compiling policies");
        var all = CiliumLowering.Policies(cluster);
        var compiled = new CompiledPolicy[all.Length];
        Parallel.For(0, compiled.Length, i => compiled[i] = context.Compile(all[i]));
        var ingressOf = Lists(n);
        var egressOf = Lists(n);
        var egressTo = Lists(n);
        var ingressIsolation = new int[n];
        var egressIsolation = new int[n];
        var policies = ImmutableDictionary.CreateBuilder<string, CompiledPolicy>(StringComparer.Ordinal);
        foreach (var c in compiled)
        {
            policies[c.Policy.Id] = c;
            Apply(c, +1, i => ingressOf[i], i => egressOf[i], i => egressTo[i], ingressIsolation, egressIsolation, null);
        }
        var state = new AnalysisState
        {
            Context = context,
            Cluster = cluster,
            Policies = policies.ToImmutable(),
            IngressOf = [.. ingressOf.Select(l => l.ToArray())],
            EgressOf = [.. egressOf.Select(l => l.ToArray())],
            EgressTo = [.. egressTo.Select(l => l.ToArray())],
            IngressIsolation = ingressIsolation,
            EgressIsolation = egressIsolation,
            EgressOpen = context.EgressOpen(Open(egressIsolation)),
            NetworkPolicyOpen = Open(egressIsolation),
            OpenVersion = context.NextOpenVersion(),
            In = new Cells?[n],
            Out = new Cells[n],
            ToExternal = new int[]?[n],
            Columns = new ColumnCounts[n],
            RowToExternal = new int[n],
        };
        progress?.Invoke("computing connectivity");
        Parallel.For(0, n, state.ComputeSides);
        Parallel.For(0, n, state.ComputeCounts);
        return state;
    }

    private static List<Grant>[] Lists(int n) => [.. Enumerable.Range(0, n).Select(_ => new List<Grant>())];

    private static Bitset Open(int[] isolation)
    {
        var set = new Bitset(isolation.Length);
        for (var i = 0; i < isolation.Length; i++)
        {
            if (isolation[i] == 0) set.Add(i);
        }
        return set;
    }

    /// <summary>Adds (+1) or removes (-1) a policy's grants and isolation; records the identities it touched.</summary>
    private static void Apply(
        CompiledPolicy c, int sign, Func<int, List<Grant>> ingressOf, Func<int, List<Grant>> egressOf, Func<int, List<Grant>> egressTo,
        int[] ingressIsolation, int[] egressIsolation, HashSet<int>? touched)
    {
        foreach (var s in c.Selected.Members())
        {
            if (c.Policy.Isolates(Direction.Ingress)) ingressIsolation[s] += sign;
            if (c.Policy.Isolates(Direction.Egress)) egressIsolation[s] += sign;
            touched?.Add(s);
        }
        foreach (var g in c.Grants)
        {
            if (g.Direction == Direction.Ingress)
            {
                foreach (var d in g.Selected.Members()) Change(ingressOf(d), g, sign);
            }
            else
            {
                foreach (var s in g.Selected.Members()) Change(egressOf(s), g, sign);
                foreach (var d in g.Peers.Members())
                {
                    Change(egressTo(d), g, sign);
                    touched?.Add(d);
                }
            }
        }
    }

    private static void Change(List<Grant> list, Grant g, int sign)
    {
        if (sign > 0) list.Add(g);
        else list.Remove(g);
    }

    private void ComputeSides(int identity)
    {
        var ingress = IngressIsolation[identity] > 0 ? Context.Ingress(IngressOf[identity], identity) : null;
        var egress = Context.Egress(EgressTo[identity], identity);
        var external = EgressIsolation[identity] > 0 ? Context.External(EgressOf[identity]) : null;
        if (Context.Admin is { } admin)
        {
            ingress = admin.Ingress(identity, ingress);
            egress = admin.Egress(identity, egress, NetworkPolicyOpen, OpenVersion);
            external = admin.ToExternal(identity, external, Context.DestinationAtoms.Count);
        }
        if (Context.Denies is { } denies)
        {
            ingress = denies.Ingress(identity, ingress, Context.SourceAtoms.Count);
            egress = denies.Egress(identity, egress, Context.Admin is null ? OpenDenied : null, OpenVersion);
            external = denies.ToExternal(identity, external, Context.DestinationAtoms.Count);
        }
        (In[identity], Out[identity], ToExternal[identity]) = (ingress, egress, external);
    }

    private void ComputeCounts(int d)
    {
        Columns[d] = CountColumn(d);
        var single = Context.SingleWorkloads[d];
        var toExternal = ToExternal[d];
        RowToExternal[d] = toExternal is null ? single * Context.DestinationAtoms.Count : single * toExternal.Count(c => c != ConnectionTable.Empty);
    }

    /// <summary>The column of one destination identity, summed over all source identities with bit operations.</summary>
    private ColumnCounts CountColumn(int d)
    {
        var single = Context.SingleWorkloads[d];
        if (single == 0) return default;
        long sources = 0, open = 0;
        var input = In[d];
        var output = Out[d];
        if (input is null)
        {
            open = Context.Weight(EgressOpen);
            sources = open;
            for (var e = 0; e < output.Sets.Length; e++)
            {
                // Egress cells may hold open sources too (a Cilium policy without default deny selects them): count those once, as open.
                var w = Context.Weight(output.Sets[e], NotOpen);
                sources += w;
                if (output.Connections[e] == ConnectionTable.All) open += w;
            }
        }
        else
        {
            for (var i = 0; i < input.Sets.Length; i++)
            {
                var v = input.Connections[i];
                var w = Context.Weight(input.Sets[i], EgressOpen);
                sources += w;
                if (v == ConnectionTable.All) open += w;
                for (var e = 0; e < output.Sets.Length; e++)
                {
                    var x = Table.Intersect(v, output.Connections[e]);
                    if (x == ConnectionTable.Empty) continue;
                    var both = Context.Weight(input.Sets[i], output.Sets[e], NotOpen);
                    sources += both;
                    if (x == ConnectionTable.All) open += both;
                }
            }
        }
        var self = Value(d, d);
        var fromExternal = input?.External is { } ext ? ext.Count(c => c != ConnectionTable.Empty) : Context.SourceAtoms.Count;
        return new ColumnCounts(sources, open, self == ConnectionTable.Empty ? 0 : self == ConnectionTable.All ? 2 : 1, fromExternal);
    }

    /// <summary>What identity s may send to identity d.</summary>
    public int Value(int s, int d)
    {
        var egress = EgressOpen.Contains(s) ? ConnectionTable.All : Out[d].Lookup(s);
        if (egress == ConnectionTable.Empty) return egress;
        var ingress = In[d]?.Lookup(s) ?? ConnectionTable.All;
        return Table.Intersect(egress, ingress);
    }

    public int FromExternal(int atom, int d) => In[d]?.External![atom] ?? ConnectionTable.All;

    public int ToExternalAtom(int s, int atom) => ToExternal[s]?[atom] ?? ConnectionTable.All;

    /// <summary>
    /// The source identities <see cref="Value"/> may give something towards identity <paramref name="d"/>: those its
    /// egress allows (open, or in a cell of <see cref="Out"/>) and its ingress admits (in a cell of <see cref="In"/>,
    /// or every one when no ingress policy selects it). Every other source gets nothing, so listing connections
    /// tests one bit for them instead of looking up cells.
    /// </summary>
    public Bitset PossibleSources(int d)
    {
        var possible = EgressOpen.Clone();
        foreach (var set in Out[d].Sets) possible.UnionWith(set);
        if (In[d] is { } cells)
        {
            var admitted = new Bitset(possible.Size);
            foreach (var set in cells.Sets) admitted.UnionWith(set);
            possible.IntersectWith(admitted);
        }
        return possible;
    }

    /// <summary>What every pod of workload sw may send to every pod of workload dw.</summary>
    public int WorkloadValue(int sw, int dw)
    {
        var sources = Context.Identities.WorkloadClasses[sw];
        var destinations = Context.Identities.WorkloadClasses[dw];
        if (sources.Length == 1 && destinations.Length == 1) return Value(sources[0], destinations[0]);
        var result = ConnectionTable.All;
        foreach (var s in sources)
        {
            foreach (var d in destinations)
            {
                result = Table.Intersect(result, Value(s, d));
                if (result == ConnectionTable.Empty) return result;
            }
        }
        return result;
    }

    public int WorkloadFromExternal(int atom, int dw)
    {
        var result = ConnectionTable.All;
        foreach (var d in Context.Identities.WorkloadClasses[dw]) result = Table.Intersect(result, FromExternal(atom, d));
        return result;
    }

    public int WorkloadToExternal(int sw, int atom)
    {
        var result = ConnectionTable.All;
        foreach (var s in Context.Identities.WorkloadClasses[sw]) result = Table.Intersect(result, ToExternalAtom(s, atom));
        return result;
    }

    /// <summary>
    /// The state after replacing (or adding, or removing) one policy, or null when the change needs a fresh analysis:
    /// a selector names a label key no identity tells apart, or an ipBlock moves the edges of the external atoms.
    /// </summary>
    public AnalysisState? With(NetworkPolicy? removed, NetworkPolicy? added, Cluster cluster)
    {
        if (added is not null && Identities.SelectorKeys(added).Any(k => !Context.Identities.RelevantKeys.Contains(k))) return null;
        if (!SameAtoms(cluster, removed, added)) return null;
        var n = Context.Identities.Count;
        var touched = new HashSet<int>();
        var ingressOf = (Grant[][])IngressOf.Clone();
        var egressOf = (Grant[][])EgressOf.Clone();
        var egressTo = (Grant[][])EgressTo.Clone();
        var ingressIsolation = (int[])IngressIsolation.Clone();
        var egressIsolation = (int[])EgressIsolation.Clone();
        var policies = Policies;
        var changes = new List<(CompiledPolicy, int)>();
        if (removed is not null && policies.TryGetValue(removed.Id, out var old))
        {
            changes.Add((old, -1));
            policies = policies.Remove(removed.Id);
        }
        if (added is not null)
        {
            var compiled = Context.Compile(added);
            changes.Add((compiled, +1));
            policies = policies.SetItem(added.Id, compiled);
        }
        foreach (var (c, sign) in changes)
        {
            // Only the lists of the identities this policy touches are copied and changed.
            var ingress = new Dictionary<int, List<Grant>>();
            var egress = new Dictionary<int, List<Grant>>();
            var to = new Dictionary<int, List<Grant>>();
            List<Grant> Get(Dictionary<int, List<Grant>> lists, Grant[][] arrays, int i) =>
                lists.TryGetValue(i, out var l) ? l : lists[i] = [.. arrays[i]];
            Apply(c, sign, i => Get(ingress, ingressOf, i), i => Get(egress, egressOf, i), i => Get(to, egressTo, i),
                ingressIsolation, egressIsolation, touched);
            foreach (var (i, l) in ingress) ingressOf[i] = [.. l];
            foreach (var (i, l) in egress) egressOf[i] = [.. l];
            foreach (var (i, l) in to) egressTo[i] = [.. l];
        }

        var flipped = touched.Where(s => (egressIsolation[s] == 0) != (EgressIsolation[s] == 0)).ToList();
        var networkPolicyOpen = NetworkPolicyOpen;
        if (flipped.Count > 0)
        {
            networkPolicyOpen = networkPolicyOpen.Clone();
            foreach (var s in flipped)
            {
                if (egressIsolation[s] == 0) networkPolicyOpen.Add(s);
                else networkPolicyOpen.Remove(s);
            }
        }
        var admin = Context.CellsHoldEverySource
                    || (Context.Denies is { } denies && flipped.Any(s => denies.EgressSubjects.Contains(s)));
        var next = new AnalysisState
        {
            Context = Context,
            Cluster = cluster,
            Policies = policies,
            IngressOf = ingressOf,
            EgressOf = egressOf,
            EgressTo = egressTo,
            IngressIsolation = ingressIsolation,
            EgressIsolation = egressIsolation,
            EgressOpen = Context.CellsHoldEverySource ? EgressOpen : Context.EgressOpen(networkPolicyOpen),
            NetworkPolicyOpen = networkPolicyOpen,
            OpenVersion = flipped.Count > 0 ? Context.NextOpenVersion() : OpenVersion,
            In = (Cells?[])In.Clone(),
            Out = (Cells[])Out.Clone(),
            ToExternal = (int[]?[])ToExternal.Clone(),
            Columns = (ColumnCounts[])Columns.Clone(),
            RowToExternal = (int[])RowToExternal.Clone(),
        };
        if (admin && flipped.Count > 0)
        {
            // With cluster-scoped policies every column's egress cells hold every source (with Cilium egress denies, the
            // unisolated sources they apply to), so a source whose isolation changed changes every column: recompute them all.
            Parallel.For(0, n, next.ComputeSides);
            Parallel.For(0, n, next.ComputeCounts);
            return next;
        }
        foreach (var i in touched) next.ComputeSides(i);
        foreach (var d in touched) next.ComputeCounts(d);
        if (flipped.Count > 0 && touched.Count < n)
        {
            // A source that became (or stopped being) egress-isolated changes its row in every column.
            var others = Enumerable.Range(0, n).Where(d => !touched.Contains(d)).ToArray();
            Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, others.Length), range =>
            {
                for (var k = range.Item1; k < range.Item2; k++) next.AdjustColumn(this, others[k], flipped);
            });
        }
        return next;
    }

    /// <summary>Corrects a column's counts for the rows of <paramref name="rows"/>, which changed since <paramref name="before"/>.</summary>
    private void AdjustColumn(AnalysisState before, int d, List<int> rows)
    {
        if (Context.SingleWorkloads[d] == 0) return;
        var c = Columns[d];
        long sources = c.Sources, open = c.OpenSources;
        foreach (var s in rows)
        {
            var weight = Context.SingleWorkloads[s];
            if (weight == 0) continue;
            var was = before.Value(s, d);
            var now = Value(s, d);
            sources += weight * ((now != ConnectionTable.Empty ? 1 : 0) - (was != ConnectionTable.Empty ? 1 : 0));
            open += weight * ((now == ConnectionTable.All ? 1 : 0) - (was == ConnectionTable.All ? 1 : 0));
        }
        Columns[d] = c with { Sources = sources, OpenSources = open };
    }

    private bool SameAtoms(Cluster cluster, NetworkPolicy? removed, NetworkPolicy? added) =>
        !new[] { removed, added }.Any(p => p is not null && p.Ingress.Concat(p.Egress).SelectMany(r => r.Peers ?? []).Any(peer => peer.IpBlock is not null))
        || ExternalAtoms.Of(cluster, Direction.Ingress).SequenceEqual(Context.SourceAtoms)
        && ExternalAtoms.Of(cluster, Direction.Egress).SequenceEqual(Context.DestinationAtoms);
}
