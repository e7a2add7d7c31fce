using System.Collections.Immutable;
using Netpact.Model;

namespace Netpact.Analysis;

/// <summary>The result of an analysis: every allowed connection between distinct endpoints, sorted as reports list them.</summary>
public sealed record Connectivity(ImmutableArray<Workload> Workloads, ImmutableArray<IpRange> ExternalRanges, ImmutableArray<Connection> Connections)
{
    internal static Connectivity FromClasses(
        Cluster cluster,
        List<int[]> workloadClasses,
        ConnectionSet[,] matrix,
        IReadOnlyList<IpRange> sourceAtoms,
        ConnectionSet[,] fromExternal,
        IReadOnlyList<IpRange> destinationAtoms,
        ConnectionSet[,] toExternal)
    {
        var workloads = cluster.Workloads;
        var connections = new List<Connection>();
        var endpoints = workloads.Select(Endpoint.Of).ToArray();
        var sources = sourceAtoms.Select(Endpoint.Of).ToArray();
        var destinations = destinationAtoms.Select(Endpoint.Of).ToArray();

        for (var si = 0; si < workloads.Length; si++)
        {
            for (var di = 0; di < workloads.Length; di++)
            {
                if (si == di) continue;
                var conn = Combine(workloadClasses[si], workloadClasses[di], (s, d) => matrix[s, d]);
                if (!conn.IsEmpty) connections.Add(new Connection(endpoints[si], endpoints[di], conn));
            }
            for (var a = 0; a < destinationAtoms.Count; a++)
            {
                var atom = a;
                var conn = Combine(workloadClasses[si], [0], (s, _) => toExternal[s, atom]);
                if (!conn.IsEmpty) connections.Add(new Connection(endpoints[si], destinations[a], conn));
            }
            for (var a = 0; a < sourceAtoms.Count; a++)
            {
                var atom = a;
                var conn = Combine([0], workloadClasses[si], (_, d) => fromExternal[atom, d]);
                if (!conn.IsEmpty) connections.Add(new Connection(sources[a], endpoints[si], conn));
            }
        }
        connections.Sort((x, y) => string.CompareOrdinal(Line(x), Line(y)));
        return new Connectivity(workloads, [.. sourceAtoms.Union(destinationAtoms).Order()], [.. connections]);
    }

    /// <summary>A workload pair is allowed what every pod pair of it is allowed.</summary>
    private static ConnectionSet Combine(int[] sources, int[] destinations, Func<int, int, ConnectionSet> cell)
    {
        ConnectionSet? result = null;
        foreach (var s in sources)
        {
            foreach (var d in destinations)
            {
                var c = cell(s, d);
                result = result is null ? c : result.Intersect(c);
            }
        }
        return result ?? ConnectionSet.Empty;
    }

    /// <summary>
    /// Only the connections of the named workloads (ns/name, or a name in any namespace), and only the
    /// workloads those connections or names involve.
    /// </summary>
    public Connectivity Focus(IReadOnlyCollection<string> names)
    {
        if (names.Count == 0) return this;
        bool IsFocused(Workload w) => names.Any(n => n == w.Name || n == $"{w.Namespace}/{w.Name}" || n == w.Id);
        var connections = Connections
            .Where(c => (c.Source.Workload is { } s && IsFocused(s)) || (c.Destination.Workload is { } d && IsFocused(d)))
            .ToImmutableArray();
        var involved = connections.SelectMany(c => new[] { c.Source.Workload, c.Destination.Workload }).ToHashSet();
        return this with
        {
            Workloads = [.. Workloads.Where(w => IsFocused(w) || involved.Contains(w))],
            Connections = connections,
        };
    }

    private static string Line(Connection c) => $"{c.Source} => {c.Destination} : {c.Allowed}";
}
