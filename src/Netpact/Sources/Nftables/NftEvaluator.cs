using Netpact.Model;

namespace Netpact.Sources.Nftables;

/// <summary>
/// The first packet of a connection between two addresses. An address outside the workloads is never in a
/// workload's set, whatever the set holds: for the outside, those sets name hosts it is not.
/// </summary>
internal sealed record NftPacket(bool V6, UInt128 Source, UInt128 Destination, bool SourceOutside, bool DestinationOutside);

/// <summary>A rule (or chain policy) that accepted part of what a host lets through.</summary>
internal sealed record NftAcceptance(string Reason, ConnectionSet Part);

/// <summary>
/// Evaluates a host's base chains for the first packet of a connection, symbolically over protocols and
/// destination ports: which connections each hook lets through, and which rules accepted them. A connection
/// passes a hook when every base chain on it accepts it (a drop anywhere is final; an accept goes on to the
/// next chain), as the kernel does.
/// </summary>
internal sealed class NftEvaluator(Func<string, bool> isWorkloadSet, Func<string, IReadOnlyList<IpRange>?> workloadSetOverride)
{
    public static readonly string[] Inbound = ["prerouting", "input"];
    public static readonly string[] Outbound = ["output", "postrouting"];

    private const int MaxDepth = 16;

    public (ConnectionSet Accepted, List<NftAcceptance> Because) Evaluate(NftRuleset ruleset, string[] hooks, NftPacket packet, string host)
    {
        var accepted = ConnectionSet.All;
        var because = new List<NftAcceptance>();
        var chains = ruleset.Tables
            .Where(t => !t.Dormant && t.Sees(packet.V6))
            .SelectMany(t => t.Chains.Where(c => c.Hook is { } h && hooks.Contains(h) && c.Type is "filter" or "route").Select(c => (Table: t, Chain: c)))
            .OrderBy(x => Array.IndexOf(hooks, x.Chain.Hook))
            .ThenBy(x => x.Chain.Priority);
        var any = false;
        foreach (var (table, chain) in chains)
        {
            any = true;
            var reasons = new List<NftAcceptance>();
            var (acc, rest) = Run(table, chain, ConnectionSet.All, packet, reasons, 0);
            if (chain.PolicyAccept && !rest.IsEmpty)
            {
                acc = acc.Union(rest);
                reasons.Add(new NftAcceptance($"policy accept of chain '{chain.Name}' ({chain.PolicySpan})", rest));
            }
            accepted = accepted.Intersect(acc);
            because.AddRange(reasons);
        }
        if (!any) because.Add(new NftAcceptance($"no chain of '{host}' filters {(packet.V6 ? "IPv6" : "IPv4")} on hook {hooks[^1]}", ConnectionSet.All));
        return (accepted, [.. because.Where(b => !b.Part.Intersect(accepted).IsEmpty)]);
    }

    /// <summary>Runs a chain on what reaches it: what it accepts, and what leaves it without a final verdict.</summary>
    private (ConnectionSet Accepted, ConnectionSet Left) Run(NftTable table, NftChain chain, ConnectionSet input, NftPacket packet, List<NftAcceptance> reasons, int depth)
    {
        var remaining = input;
        var accepted = ConnectionSet.Empty;
        var returned = ConnectionSet.Empty;
        foreach (var rule in chain.Rules)
        {
            if (remaining.IsEmpty) break;
            var hit = remaining.Intersect(Matches(table, rule.Matches, packet));
            if (hit.IsEmpty) continue;
            if (!rule.Vmap.IsEmpty)
            {
                foreach (var entry in rule.Vmap)
                {
                    var part = hit.Intersect(Matches(table, entry.Key, packet));
                    if (!part.IsEmpty) Apply(entry.Verdict, part, rule);
                }
                continue;
            }
            if (rule.Verdict is { } verdict) Apply(verdict, hit, rule);
        }
        return (accepted, returned.Union(remaining));

        void Apply(NftVerdict verdict, ConnectionSet part, NftRule rule)
        {
            part = part.Intersect(remaining);
            if (part.IsEmpty) return;
            switch (verdict.Kind)
            {
                case NftVerdictKind.Accept:
                    accepted = accepted.Union(part);
                    remaining = remaining.Subtract(part);
                    reasons.Add(new NftAcceptance(rule.ToString(), part));
                    break;
                case NftVerdictKind.Drop or NftVerdictKind.Reject:
                    remaining = remaining.Subtract(part);
                    break;
                case NftVerdictKind.Return:
                    returned = returned.Union(part);
                    remaining = remaining.Subtract(part);
                    break;
                case NftVerdictKind.Jump or NftVerdictKind.Goto:
                    if (depth >= MaxDepth || table.Chain(verdict.Chain!) is not { } target) break;
                    var (a, rest) = Run(table, target, part, packet, reasons, depth + 1);
                    accepted = accepted.Union(a);
                    remaining = remaining.Subtract(part);
                    if (verdict.Kind == NftVerdictKind.Jump) remaining = remaining.Union(rest);
                    else returned = returned.Union(rest);
                    break;
            }
        }
    }

    private ConnectionSet Matches(NftTable table, IEnumerable<NftMatch> matches, NftPacket packet)
    {
        var result = ConnectionSet.All;
        foreach (var m in matches)
        {
            switch (m)
            {
                case NftConstMatch c when !c.Value:
                    return ConnectionSet.Empty;
                case NftFamilyMatch f when f.V6 != packet.V6:
                    return ConnectionSet.Empty;
                case NftAddressMatch a:
                    if (a.V6 != packet.V6) return ConnectionSet.Empty;
                    var address = a.Source ? packet.Source : packet.Destination;
                    var outside = a.Source ? packet.SourceOutside : packet.DestinationOutside;
                    var inside = a.Ranges.Any(r => r.First <= address && address <= r.Last)
                        || a.Sets.Any(s => InSet(table, s, a.V6, address, outside));
                    if (inside == a.Negated) return ConnectionSet.Empty;
                    break;
                case NftTransportMatch t:
                    result = result.Intersect(t.Allowed);
                    break;
                case NftTransportSetMatch ts:
                    result = result.Intersect(FromSet(table, ts));
                    break;
            }
            if (result.IsEmpty) return result;
        }
        return result;
    }

    private bool InSet(NftTable table, string name, bool v6, UInt128 address, bool outside)
    {
        if (isWorkloadSet(name))
        {
            if (outside) return false;
            if (workloadSetOverride(name) is { } ranges) return ranges.Any(r => r.IsV6 == v6 && r.First <= address && address <= r.Last);
        }
        return table.Sets.TryGetValue(name, out var set) && set.Addresses.Any(r => r.IsV6 == v6 && r.First <= address && address <= r.Last);
    }

    private static ConnectionSet FromSet(NftTable table, NftTransportSetMatch m)
    {
        if (!table.Sets.TryGetValue(m.Set, out var set)) return ConnectionSet.Empty;
        if (m.PortsOf.IsEmpty) return m.Negated ? ConnectionSet.All.Subtract(set.Protocols) : set.Protocols;
        var ports = m.Negated ? set.Ports.Complement() : set.Ports;
        return m.PortsOf.Aggregate(ConnectionSet.Empty, (acc, p) => acc.Union(ConnectionSet.Of(p, ports)));
    }
}
