using System.Collections.Immutable;
using Netpact.Analysis;
using Netpact.Istio;
using Netpact.Model;

namespace Netpact.Diff;

/// <summary>
/// Compares what two inputs allow, pair by pair, as np-guard netpol-analyzer's diff does: workload pairs by
/// name; external addresses cut at the edges of both inputs' ranges and merged again into the longest runs that
/// changed alike, per workload and direction, so that a range is reported once however the two inputs cut it.
/// </summary>
public static class SemanticDiff
{
    /// <param name="oldMesh">Istio's layer of the old input, when it has one (the comparison is then over both layers); likewise <paramref name="newMesh"/>.</param>
    public static ConnectivityDiff Compare(Cluster old, Cluster @new, IstioConfig? oldMesh = null, IstioConfig? newMesh = null)
    {
        var (a1, a2) = (ConnectivityEngine.Analyze(old, null, oldMesh), ConnectivityEngine.Analyze(@new, null, newMesh));
        var ids1 = old.Workloads.Select(w => w.Id).ToHashSet(StringComparer.Ordinal);
        var ids2 = @new.Workloads.Select(w => w.Id).ToHashSet(StringComparer.Ordinal);
        var entries = new List<DiffEntry>();

        var pairs = new Dictionary<(string, string), (Endpoint Source, Endpoint Destination, ConnectionSet Ref1, ConnectionSet Ref2)>();
        foreach (var (connections, first) in new[] { (a1.Connections, true), (a2.Connections, false) })
        {
            foreach (var c in connections.Where(c => !c.Source.IsExternal && !c.Destination.IsExternal))
            {
                var key = (c.Source.ToString(), c.Destination.ToString());
                var (_, _, r1, r2) = pairs.GetValueOrDefault(key, (c.Source, c.Destination, ConnectionSet.Empty, ConnectionSet.Empty));
                pairs[key] = first ? (c.Source, c.Destination, c.Allowed, r2) : (c.Source, c.Destination, r1, c.Allowed);
            }
        }
        foreach (var (source, destination, r1, r2) in pairs.Values) entries.Add(Entry(source, destination, r1, r2, ids1, ids2));

        foreach (var direction in new[] { Direction.Ingress, Direction.Egress })
        {
            var sides = new[] { (old, a1), (@new, a2) }.Select(s => ExternalSide(s.Item1, s.Item2, direction)).ToArray();
            // An input without IPv6 ipBlocks lists no IPv6 ranges, yet allows IPv6 wherever a rule admits every
            // address: fill them in, so that an IPv6 block added on one side does not show as new access.
            for (var i = 0; i < 2; i++)
            {
                if (sides[i].HasV6 || !sides[1 - i].HasV6) continue;
                var cluster = i == 0 ? old : @new;
                var mesh = (i == 0 ? a1 : a2).Mesh;
                var v6 = Endpoint.Of(new IpRange(true, 0, Cidr.MaxOf(true)));
                foreach (var w in cluster.Workloads)
                {
                    var allowed = direction == Direction.Ingress
                        ? Explainer.Explain(cluster, v6, Endpoint.Of(w), mesh).Allowed
                        : Explainer.Explain(cluster, Endpoint.Of(w), v6, mesh).Allowed;
                    if (!allowed.IsEmpty) sides[i].Add(w, v6.Range!, allowed);
                }
            }
            foreach (var id in sides[0].Workloads.Keys.Union(sides[1].Workloads.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                var workload = Endpoint.Of(sides[1].Workloads.GetValueOrDefault(id) ?? sides[0].Workloads[id]);
                foreach (var (range, r1, r2) in Runs(sides[0].Ranges(id), sides[1].Ranges(id)))
                {
                    var external = Endpoint.Of(range);
                    entries.Add(direction == Direction.Ingress
                        ? Entry(external, workload, r1, r2, ids1, ids2)
                        : Entry(workload, external, r1, r2, ids1, ids2));
                }
            }
        }

        return new ConnectivityDiff(
            [.. @new.Workloads.Where(w => !ids1.Contains(w.Id))],
            [.. old.Workloads.Where(w => !ids2.Contains(w.Id))],
            [.. entries]);
    }

    private static DiffEntry Entry(Endpoint source, Endpoint destination, ConnectionSet r1, ConnectionSet r2, HashSet<string> ids1, HashSet<string> ids2)
    {
        var type = r1.IsEmpty ? DiffType.Added : r2.IsEmpty ? DiffType.Removed : r1.Equals(r2) ? DiffType.Unchanged : DiffType.Changed;
        // Added pairs name workloads the old input lacks; removed pairs, workloads the new input lacks.
        var other = type switch { DiffType.Added => ids1, DiffType.Removed => ids2, _ => null };
        bool NewOrLost(Endpoint e) => other is not null && e.Workload is { } w && !other.Contains(w.Id);
        return new DiffEntry(type, source, destination, r1, r2, NewOrLost(source), NewOrLost(destination));
    }

    /// <summary>The external connections of one input in one direction, per workload.</summary>
    private sealed class ExternalConnections
    {
        private readonly Dictionary<string, List<(IpRange Range, ConnectionSet Allowed)>> _ranges = new(StringComparer.Ordinal);

        public Dictionary<string, Workload> Workloads { get; } = new(StringComparer.Ordinal);

        public bool HasV6 { get; init; }

        public void Add(Workload workload, IpRange range, ConnectionSet allowed)
        {
            Workloads[workload.Id] = workload;
            if (!_ranges.TryGetValue(workload.Id, out var list)) _ranges[workload.Id] = list = [];
            list.Add((range, allowed));
        }

        public IReadOnlyList<(IpRange Range, ConnectionSet Allowed)> Ranges(string id) => _ranges.GetValueOrDefault(id) ?? [];
    }

    private static ExternalConnections ExternalSide(Cluster cluster, Connectivity connectivity, Direction direction)
    {
        var side = new ExternalConnections { HasV6 = ExternalAtoms.Of(cluster.Policies, direction).Any(r => r.IsV6) };
        foreach (var c in connectivity.Connections)
        {
            if (direction == Direction.Ingress && c.Source.Range is { } from && c.Destination.Workload is { } to) side.Add(to, from, c.Allowed);
            if (direction == Direction.Egress && c.Destination.Range is { } dst && c.Source.Workload is { } src) side.Add(src, dst, c.Allowed);
        }
        return side;
    }

    /// <summary>
    /// Cuts the address space at the edges of both inputs' ranges and returns the longest runs of pieces with the
    /// same pair of allowed connections, leaving out the addresses neither input allows anything.
    /// </summary>
    private static IEnumerable<(IpRange Range, ConnectionSet Ref1, ConnectionSet Ref2)> Runs(
        IReadOnlyList<(IpRange Range, ConnectionSet Allowed)> old,
        IReadOnlyList<(IpRange Range, ConnectionSet Allowed)> @new)
    {
        foreach (var v6 in new[] { false, true })
        {
            var one = old.Where(x => x.Range.IsV6 == v6).OrderBy(x => x.Range.First).ToList();
            var two = @new.Where(x => x.Range.IsV6 == v6).OrderBy(x => x.Range.First).ToList();
            if (one.Count == 0 && two.Count == 0) continue;
            var cuts = new SortedSet<UInt128>();
            foreach (var (range, _) in one.Concat(two))
            {
                cuts.Add(range.First);
                if (range.Last != Cidr.MaxOf(v6)) cuts.Add(range.Last + 1);
            }
            var starts = cuts.ToList();
            (UInt128 First, UInt128 Last, ConnectionSet R1, ConnectionSet R2)? run = null;
            for (var i = 0; i < starts.Count; i++)
            {
                var first = starts[i];
                var last = i + 1 < starts.Count ? starts[i + 1] - 1 : Cidr.MaxOf(v6);
                var r1 = At(one, first);
                var r2 = At(two, first);
                if (run is { } r && r.R1.Equals(r1) && r.R2.Equals(r2) && r.Last + 1 == first)
                {
                    run = r with { Last = last };
                    continue;
                }
                if (run is { } done) yield return (new IpRange(v6, done.First, done.Last), done.R1, done.R2);
                run = r1.IsEmpty && r2.IsEmpty ? null : (first, last, r1, r2);
            }
            if (run is { } end) yield return (new IpRange(v6, end.First, end.Last), end.R1, end.R2);
        }
    }

    private static ConnectionSet At(List<(IpRange Range, ConnectionSet Allowed)> ranges, UInt128 address)
    {
        foreach (var (range, allowed) in ranges)
        {
            if (range.First <= address && address <= range.Last) return allowed;
        }
        return ConnectionSet.Empty;
    }
}
