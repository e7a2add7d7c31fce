using System.Collections.Immutable;

namespace Netpact.Model;

/// <summary>One allowed (or intended) flow and why: the intent flow, policy rule or network that makes it.</summary>
public sealed record FlowEntry(FlowPeer Source, FlowPeer Destination, ConnectionSet Allowed, ImmutableArray<string> Reasons);

/// <summary>
/// What may go from which end to which, at the granularity of intent workloads and address ranges.
/// Every layer (intent, NetworkPolicies, Istio, security groups, Compose) is brought to this shape to be compared.
/// </summary>
public sealed class FlowMatrix
{
    private readonly Dictionary<(FlowPeer, FlowPeer), FlowEntry> _entries = [];

    public void Add(FlowPeer source, FlowPeer destination, ConnectionSet allowed, string reason)
    {
        if (allowed.IsEmpty) return;
        var key = (source, destination);
        _entries[key] = _entries.TryGetValue(key, out var e)
            ? e with { Allowed = e.Allowed.Union(allowed), Reasons = e.Reasons.Contains(reason) ? e.Reasons : e.Reasons.Add(reason) }
            : new FlowEntry(source, destination, allowed, [reason]);
    }

    public IEnumerable<FlowEntry> Entries =>
        _entries.Values.OrderBy(e => e.Source).ThenBy(e => e.Destination);

    /// <summary>What goes from source to destination, where external peers are looked up by containment.</summary>
    public (ConnectionSet Allowed, ImmutableArray<string> Reasons) Between(FlowPeer source, FlowPeer destination)
    {
        var allowed = ConnectionSet.Empty;
        var reasons = ImmutableArray.CreateBuilder<string>();
        foreach (var e in _entries.Values)
        {
            if (Covers(e.Source, source) && Covers(e.Destination, destination))
            {
                allowed = allowed.Union(e.Allowed);
                reasons.AddRange(e.Reasons.Where(r => !reasons.Contains(r)));
            }
        }
        return (allowed, reasons.ToImmutable());
    }

    /// <summary>Every external range of this matrix, for cutting the address space into comparable pieces.</summary>
    public IEnumerable<IpRange> Ranges => _entries.Keys.SelectMany(k => new[] { k.Item1.Range, k.Item2.Range }).OfType<IpRange>();

    public IEnumerable<string> Workloads => _entries.Keys.SelectMany(k => new[] { k.Item1.Workload, k.Item2.Workload }).OfType<string>();

    private static bool Covers(FlowPeer entry, FlowPeer asked) =>
        entry.Workload is not null
            ? entry.Workload == asked.Workload
            : asked.Range is { } r && entry.Range!.IsV6 == r.IsV6 && entry.Range.First <= r.First && r.Last <= entry.Range.Last;
}
