using System.Collections.Concurrent;
using System.Collections.Immutable;
using Netpact.Model;

namespace Netpact.Analysis;

/// <summary>
/// Connection sets by number: each distinct set is stored once, and the engine combines numbers (with cached
/// unions and intersections) instead of sets. Safe for the engine's parallel workers; shared by all snapshots
/// of one analysis, so numbers stay valid across incremental updates.
/// </summary>
internal sealed class ConnectionTable
{
    public const int Empty = 0;
    public const int All = 1;

    private readonly Lock _lock = new();
    private readonly Dictionary<ConnectionSet, int> _ids = new() { [ConnectionSet.Empty] = Empty, [ConnectionSet.All] = All };
    private ConnectionSet[] _sets = [ConnectionSet.Empty, ConnectionSet.All, .. new ConnectionSet[14]];
    private int _count = 2;
    private readonly ConcurrentDictionary<(int, int), int> _unions = new();
    private readonly ConcurrentDictionary<(int, int), int> _intersections = new();
    private readonly ConcurrentDictionary<(int, int), int> _differences = new();
    private readonly ConcurrentDictionary<(int Spec, int Signature), int> _resolved = new();
    private readonly Dictionary<string, int> _specs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _signatures = new(StringComparer.Ordinal);

    public ConnectionSet this[int id] => Volatile.Read(ref _sets)[id];

    public int Intern(ConnectionSet set)
    {
        lock (_lock)
        {
            if (_ids.TryGetValue(set, out var id)) return id;
            if (_count == _sets.Length)
            {
                var grown = new ConnectionSet[_sets.Length * 2];
                _sets.CopyTo(grown, 0);
                Volatile.Write(ref _sets, grown);
            }
            _sets[_count] = set;
            _ids[set] = _count;
            return _count++;
        }
    }

    public int Union(int a, int b)
    {
        if (a == b || b == Empty || a == All) return a;
        if (a == Empty || b == All) return b;
        var key = a < b ? (a, b) : (b, a);
        return _unions.TryGetValue(key, out var id) ? id : _unions[key] = Intern(this[a].Union(this[b]));
    }

    public int Intersect(int a, int b)
    {
        if (a == b || b == All || a == Empty) return a;
        if (a == All || b == Empty) return b;
        var key = a < b ? (a, b) : (b, a);
        return _intersections.TryGetValue(key, out var id) ? id : _intersections[key] = Intern(this[a].Intersect(this[b]));
    }

    /// <summary>What <paramref name="a"/> allows and <paramref name="b"/> does not.</summary>
    public int Subtract(int a, int b)
    {
        if (a == Empty || b == All || a == b) return Empty;
        if (b == Empty) return a;
        return _differences.TryGetValue((a, b), out var id) ? id : _differences[(a, b)] = Intern(this[a].Subtract(this[b]));
    }

    /// <summary>A number for a rule's port list, equal for equal lists.</summary>
    public int Spec(ImmutableArray<PolicyPort> ports)
    {
        var key = string.Join(";", ports.Select(p => $"{p.Protocol}:{p.Port}:{p.EndPort}:{p.Name}"));
        return Number(_specs, key);
    }

    private int Number(Dictionary<string, int> numbers, string key)
    {
        lock (_lock)
        {
            if (!numbers.TryGetValue(key, out var id)) numbers[key] = id = numbers.Count;
            return id;
        }
    }

    /// <summary>A number for the named container ports of an identity, equal for equal port names.</summary>
    public int Signature(IEnumerable<ContainerPort> ports) =>
        Number(_signatures, string.Join(";", ports.Where(p => p.Name is not null).Select(p => $"{p.Name}/{p.Protocol}/{p.Port}").Order(StringComparer.Ordinal)));

    /// <summary>What a rule's ports allow towards a destination with the given container ports.</summary>
    public int Resolve(int spec, ImmutableArray<PolicyPort> ports, int signature, IReadOnlyList<ContainerPort> destinationPorts) =>
        _resolved.TryGetValue((spec, signature), out var id)
            ? id
            : _resolved[(spec, signature)] = Intern(PolicyPorts.Resolve(ports, destinationPorts));
}
