using System.Collections.Immutable;
using Netpact.Model;

namespace Netpact.Flows;

/// <summary>Options of a classification.</summary>
public sealed record FlowsOptions
{
    /// <summary>A source stopped on at least this many distinct ports, or destinations, is a scan.</summary>
    public int ScanThreshold { get; init; } = 10;

    /// <summary>How many sources and ports the blocked summary lists.</summary>
    public int Top { get; init; } = 10;

    /// <summary>Beyond this many ports, an unused intended port range is reported only when none of it was used.</summary>
    public int UnusedPortLimit { get; init; } = 64;
}

/// <summary>
/// Classifies the aggregated flows of a <see cref="FlowTally"/> against a <see cref="FlowPact"/>: each (source,
/// destination, protocol, port) by the log's verdict and whether the pact intends it, then the scans among blocked
/// attempts, and the intended flows nothing used.
/// </summary>
public static class FlowClassifier
{
    private static readonly FlowPeer AnyV4 = FlowPeer.Of(IpRange.AllIPv4);
    private static readonly FlowPeer AnyV6 = FlowPeer.Of(IpRange.AllIPv6);

    public static FlowsResult Classify(FlowPact pact, FlowTally tally, IReadOnlyList<FlowLogSummary> logs, FlowWindow window, FlowsOptions? options = null,
        FlowTally? baseline = null)
    {
        options ??= new FlowsOptions();
        var known = baseline is null ? null : Baseline.Of(pact, baseline);
        var pairs = new Dictionary<(FlowPeer, FlowPeer), PairVerdict>();
        var groups = new Dictionary<(FlowPeer, FlowPeer, int, int, FlowVerdict), Group>();
        // What was seen between resolved ends, before outside addresses are counted together: what unused is decided on.
        var seen = new HashSet<(FlowPeer Src, FlowPeer Dst, int Protocol, int Port)>();
        foreach (var (key, count) in tally.Flows)
        {
            var src = pact.Addresses.Resolve(key.Client, tally.Identities.GetValueOrDefault(key.Client), key.Protocol, 0);
            var dst = pact.Addresses.Resolve(key.Server, tally.Identities.GetValueOrDefault(key.Server), key.Protocol, key.Port);
            if (!pairs.TryGetValue((src, dst), out var pair)) pairs[(src, dst)] = pair = PairVerdict.Of(pact, src, dst);
            var intended = pair.Allows(pair.Intended, key.Protocol, key.Port) || (src.Workload is not null && src == dst);
            seen.Add((src, dst, key.Protocol, key.Port));
            // Intended flows from outside are counted together per address family; the rest keep their address (who knocked matters).
            var groupSrc = intended && src.IsExternal ? (key.Client.IsV6 ? AnyV6 : AnyV4) : src;
            var groupDst = intended && dst.IsExternal ? (key.Server.IsV6 ? AnyV6 : AnyV4) : dst;
            var gk = (groupSrc, groupDst, key.Protocol, key.Port, key.Verdict);
            if (!groups.TryGetValue(gk, out var group)) groups[gk] = group = new Group(pair, intended, count.FirstSeen);
            group.Add(key.Client, count);
            if (known is not null && key.Verdict == FlowVerdict.Accepted)
            {
                group.NewPair |= !known.Pairs.Contains((Baseline.Side(src, key.Client), Baseline.Side(dst, key.Server)));
                group.NewPort |= !known.Services.Contains((dst, key.Protocol, key.Port));
                if (src.IsExternal && !known.Sources.Contains(src)) group.NewSources.Add(key.Client);
            }
        }

        var flows = groups.Select(g => Flow(g.Key, g.Value, pact)).OrderBy(f => f.Class).ThenBy(f => f.Source).ThenBy(f => f.Destination)
            .ThenBy(f => f.Protocol).ThenBy(f => f.Port).ThenBy(f => f.Verdict).ToImmutableArray();
        return new FlowsResult(pact.Description, [.. logs], flows, Unused(pact, seen, options), Scans(flows, options), Blocked(flows, options), window);
    }

    private static ObservedFlow Flow((FlowPeer Src, FlowPeer Dst, int Protocol, int Port, FlowVerdict Verdict) key, Group g, FlowPact pact)
    {
        var cls = (key.Verdict, g.Intended) switch
        {
            (FlowVerdict.Accepted, true) => FlowClass.IntendedAllowed,
            (FlowVerdict.Accepted, false) => FlowClass.AllowedNotIntended,
            (FlowVerdict.Rejected, true) => FlowClass.IntendedRejected,
            _ => FlowClass.RejectedNotIntended,
        };
        var reasons = new List<string>();
        var pair = g.Pair;
        if (g.Intended)
        {
            reasons.AddRange(pair.Intended.Reasons.IsEmpty ? ["within one workload"] : pair.Intended.Reasons.Select(r => $"intended: {r}"));
        }
        else if (cls != FlowClass.RejectedNotIntended)
        {
            reasons.Add(pact.FromIntent ? "the intent has no flow for it" : "no policy read allows it");
        }
        if (cls is FlowClass.AllowedNotIntended or FlowClass.IntendedRejected)
        {
            foreach (var (layer, allowed) in pact.Layers.Zip(pair.Layers))
            {
                reasons.Add(pair.Allows(allowed, key.Protocol, key.Port)
                    ? $"{layer.Name} allows it: {string.Join("; ", allowed.Reasons)}"
                    : $"{layer.Name} does not allow it" + (cls == FlowClass.AllowedNotIntended ? ": that layer is not enforced where this flow ran, or the flow bypassed it" : ": a rule is missing there"));
            }
            if (pact.Layers.IsEmpty && cls == FlowClass.AllowedNotIntended && pact.FromIntent)
                reasons.Add("no layer files given: the layers compiled from the intent would stop it, so one is not deployed or not enforced where this flow ran");
        }
        if (g.DecidedBy is { } decided) reasons.Add($"the log says: {decided}");
        return new ObservedFlow(key.Src, key.Dst, key.Protocol, key.Port, key.Verdict, cls)
        {
            Records = g.Records, Packets = g.Packets, Bytes = g.Bytes, Clients = g.ClientCount, FirstSeen = g.FirstSeen, First = g.First, Last = g.Last,
            Reasons = [.. reasons],
            New = [.. g.Novelty()],
        };
    }

    /// <summary>What a baseline showed, between resolved ends: pairs that talked, services reached, outside sources.</summary>
    private sealed record Baseline(HashSet<(FlowPeer, FlowPeer)> Pairs, HashSet<(FlowPeer, int, int)> Services, HashSet<FlowPeer> Sources)
    {
        /// <summary>An end of a pair: a workload, or "outside" of the address's family (a new outside address is a new source, not a new pair).</summary>
        public static FlowPeer Side(FlowPeer peer, FlowAddress address) => peer.IsExternal ? (address.IsV6 ? AnyV6 : AnyV4) : peer;

        public static Baseline Of(FlowPact pact, FlowTally tally)
        {
            var known = new Baseline([], [], []);
            foreach (var key in tally.Flows.Keys.Where(k => k.Verdict == FlowVerdict.Accepted))
            {
                var src = pact.Addresses.Resolve(key.Client, tally.Identities.GetValueOrDefault(key.Client), key.Protocol, 0);
                var dst = pact.Addresses.Resolve(key.Server, tally.Identities.GetValueOrDefault(key.Server), key.Protocol, key.Port);
                known.Pairs.Add((Side(src, key.Client), Side(dst, key.Server)));
                known.Services.Add((dst, key.Protocol, key.Port));
                known.Sources.Add(src);
            }
            return known;
        }
    }

    private static ImmutableArray<PortScan> Scans(ImmutableArray<ObservedFlow> flows, FlowsOptions options) =>
    [
        .. flows.Where(f => f.Class == FlowClass.RejectedNotIntended)
            .GroupBy(f => f.Source)
            .Select(g => new PortScan(g.Key,
                g.Select(f => (f.Protocol, f.Port)).Distinct().Count(),
                g.Select(f => f.Destination).Distinct().Count(),
                g.Sum(f => f.Records),
                g.OrderBy(f => f.FirstSeen.File, StringComparer.Ordinal).ThenBy(f => f.FirstSeen.Line).First().FirstSeen,
                [.. g.OrderByDescending(f => f.Records).ThenBy(f => f.Port).Take(5).Select(f => $"{FlowPeers.Name(f.Destination)} {f.Service}")]))
            .Where(s => s.Ports >= options.ScanThreshold || s.Destinations >= options.ScanThreshold)
            .OrderByDescending(s => s.Ports + s.Destinations).ThenBy(s => s.Source),
    ];

    private static BlockedSummary Blocked(ImmutableArray<ObservedFlow> flows, FlowsOptions options)
    {
        var blocked = flows.Where(f => f.Class == FlowClass.RejectedNotIntended).ToList();
        return new BlockedSummary(
            blocked.Sum(f => f.Records),
            blocked.Count,
            [.. blocked.GroupBy(f => FlowPeers.Name(f.Source)).Select(g => new TopEntry(g.Key, g.Sum(f => f.Records)))
                .OrderByDescending(t => t.Records).ThenBy(t => t.Name, StringComparer.Ordinal).Take(options.Top)],
            [.. blocked.GroupBy(f => f.Service).Select(g => new TopEntry(g.Key, g.Sum(f => f.Records)))
                .OrderByDescending(t => t.Records).ThenBy(t => t.Name, StringComparer.Ordinal).Take(options.Top)]);
    }

    /// <summary>Intended flows (workload to workload, or with one end outside) that no record shows.</summary>
    private static ImmutableArray<UnusedFlow> Unused(FlowPact pact, HashSet<(FlowPeer Src, FlowPeer Dst, int Protocol, int Port)> seen, FlowsOptions options)
    {
        // Observed at all counts as used: a flow tried and stopped is an outage (intended but rejected), not an unused flow.
        var observed = seen.Where(f => FlowProtocols.Model(f.Protocol) is not null).ToList();
        var result = new List<UnusedFlow>();
        foreach (var entry in pact.Intended.Entries)
        {
            if (entry.Source.IsExternal && entry.Destination.IsExternal) continue;
            if (IsProbe(entry.Source) || IsProbe(entry.Destination)) continue;
            var used = ConnectionSet.Empty;
            foreach (var f in observed)
            {
                if (Covers(entry.Source, f.Src) && Covers(entry.Destination, f.Dst))
                    used = used.Union(ConnectionSet.Of(FlowProtocols.Model(f.Protocol)!.Value, PortSet.Single(f.Port)));
            }
            var unused = entry.Allowed.Subtract(used);
            if (unused.IsEmpty) continue;
            var size = ConnectionSet.Protocols.Sum(p => unused[p].Ranges.Sum(r => r.Hi - r.Lo + 1));
            if (size > options.UnusedPortLimit && !used.IsEmpty) continue;
            result.Add(new UnusedFlow(entry.Source, entry.Destination, unused, used.IsEmpty, entry.Reasons));
        }
        return [.. result];
    }

    /// <summary>Verify's "any other pod of the namespace" (ns/*), which no observed address is.</summary>
    private static bool IsProbe(FlowPeer peer) => peer.Workload?.EndsWith("/*", StringComparison.Ordinal) == true;

    private static bool Covers(FlowPeer entry, FlowPeer observed) =>
        entry.Workload is not null
            ? entry.Workload == observed.Workload
            : observed.Range is { } r && entry.Range!.IsV6 == r.IsV6 && entry.Range.First <= r.First && r.Last <= entry.Range.Last;

    /// <summary>What the pact and each layer say about one pair of peers, looked up once per pair.</summary>
    private sealed record PairVerdict((ConnectionSet Allowed, ImmutableArray<string> Reasons) Intended, ImmutableArray<(ConnectionSet Allowed, ImmutableArray<string> Reasons)> Layers)
    {
        public static PairVerdict Of(FlowPact pact, FlowPeer src, FlowPeer dst) =>
            new(pact.Intended.Between(src, dst), [.. pact.Layers.Select(l => l.Flows.Between(src, dst))]);

        /// <summary>Whether the connections admit a flow: a port of TCP, UDP or SCTP, or any other protocol only where every connection is.</summary>
        public bool Allows((ConnectionSet Allowed, ImmutableArray<string> Reasons) verdict, int protocol, int port) =>
            FlowProtocols.Model(protocol) is { } p ? verdict.Allowed.Allows(p, port) : verdict.Allowed.IsAll;
    }

    private sealed class Group(PairVerdict pair, bool intended, SourceSpan firstSeen)
    {
        private readonly HashSet<FlowAddress> _clients = [];

        public PairVerdict Pair { get; } = pair;

        public bool Intended { get; } = intended;

        public SourceSpan FirstSeen { get; private set; } = firstSeen;

        public long Records { get; private set; }

        public long Packets { get; private set; }

        public long Bytes { get; private set; }

        public DateTimeOffset? First { get; private set; }

        public DateTimeOffset? Last { get; private set; }

        public string? DecidedBy { get; private set; }

        public int ClientCount => _clients.Count;

        public bool NewPair { get; set; }

        public bool NewPort { get; set; }

        public HashSet<FlowAddress> NewSources { get; } = [];

        public IEnumerable<string> Novelty()
        {
            if (NewPair) yield return "new pair";
            if (NewPort) yield return "new port";
            if (NewSources.Count > 0) yield return NewSources.Count == 1 ? "new source" : $"{NewSources.Count} new sources";
        }

        public void Add(FlowAddress client, FlowCount count)
        {
            _clients.Add(client);
            Records += count.Records;
            Packets += count.Packets;
            Bytes += count.Bytes;
            if (count.First is { } f && (First is null || f < First)) First = f;
            if (count.Last is { } l && (Last is null || l > Last)) Last = l;
            if (string.CompareOrdinal(count.FirstSeen.File, FirstSeen.File) < 0
                || (count.FirstSeen.File == FirstSeen.File && count.FirstSeen.Line < FirstSeen.Line))
            {
                FirstSeen = count.FirstSeen;
            }
            DecidedBy ??= count.DecidedBy;
        }
    }
}
