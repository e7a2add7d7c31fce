namespace Netpact.Analysis;

/// <summary>
/// What one side allows along one column of the identity matrix: disjoint sets of identities, each with the
/// connection (a <see cref="ConnectionTable"/> number) it gets; identities in no set get nothing. Immutable and
/// shared by every column with the same grants.
/// </summary>
internal sealed class Cells
{
    public static readonly Cells None = new([], [], null);

    private static int s_next;

    public Cells(Bitset[] sets, int[] connections, int[]? external)
    {
        Sets = sets;
        Connections = connections;
        External = external;
        Id = Interlocked.Increment(ref s_next);
    }

    /// <summary>Unique for the life of the process: caches of cells built from these cells key on it.</summary>
    public int Id { get; }

    public Bitset[] Sets { get; }

    public int[] Connections { get; }

    /// <summary>For ingress cells: what each external source atom gets; null for egress cells.</summary>
    public int[]? External { get; }

    public int Lookup(int identity)
    {
        for (var i = 0; i < Sets.Length; i++)
        {
            if (Sets[i].Contains(identity)) return Connections[i];
        }
        return ConnectionTable.Empty;
    }

    /// <summary>
    /// Cells from overlapping groups (a set of identities and what it is allowed): an identity in several groups
    /// gets the union of their connections.
    /// </summary>
    public static Cells Refine(IEnumerable<(int Connection, Bitset Members)> groups, ConnectionTable table, int[]? external)
    {
        var sets = new List<Bitset>();
        var connections = new List<int>();
        foreach (var (connection, members) in groups)
        {
            if (connection == ConnectionTable.Empty || members.IsEmpty) continue;
            var rest = members.Clone();
            var count = sets.Count;
            for (var i = 0; i < count; i++)
            {
                if (!sets[i].Overlaps(members)) continue;
                var both = sets[i].Intersect(members);
                var only = sets[i].Except(members);
                rest.ExceptWith(sets[i]);
                sets[i] = both;
                var before = connections[i];
                connections[i] = table.Union(before, connection);
                if (!only.IsEmpty)
                {
                    sets.Add(only);
                    connections.Add(before);
                }
            }
            if (!rest.IsEmpty)
            {
                sets.Add(rest);
                connections.Add(connection);
            }
        }
        // One set per connection: fewer sets to test per lookup.
        var merged = new Dictionary<int, Bitset>();
        var order = new List<int>();
        for (var i = 0; i < sets.Count; i++)
        {
            if (merged.TryGetValue(connections[i], out var set))
            {
                set.UnionWith(sets[i]);
            }
            else
            {
                merged[connections[i]] = sets[i];
                order.Add(connections[i]);
            }
        }
        return new Cells([.. order.Select(c => merged[c])], [.. order], external);
    }
}
