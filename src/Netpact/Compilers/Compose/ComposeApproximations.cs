using System.Collections.Immutable;
using Netpact.Intents;
using Netpact.Model;

namespace Netpact.Compilers.Compose;

/// <summary>
/// The reach Compose cannot avoid when it carries an intent, and which part of it a project really has.
/// A flow between two workloads needs a shared network, and a network is open both ways on every port; a
/// flow with the outside needs a network that is not internal, and such a network reaches every address.
/// A published port admits every address, so a flow from a narrower CIDR is widened to all.
/// Reach beyond this is no approximation: verify reports it as extra.
/// </summary>
internal static class ComposeApproximations
{
    private static readonly IpRange[] Everywhere = [IpRange.AllIPv4, IpRange.AllIPv6];

    /// <summary>Each unavoidable widening that <paramref name="actual"/> really has, with the pairs it widens.</summary>
    public static ImmutableArray<Approximation> Of(Intent intent, FlowMatrix actual)
    {
        var edges = IntentEdges.Of(intent);
        var intended = IntendedFlows.Of(intent);
        var result = ImmutableArray.CreateBuilder<Approximation>();

        var pairs = edges.Where(e => !e.Source.IsExternal && !e.Destination.IsExternal)
            .GroupBy(e => Pair(e.Source.Workload!, e.Destination.Workload!))
            .OrderBy(g => g.Key.A, StringComparer.Ordinal).ThenBy(g => g.Key.B, StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var (a, b) = pair.Key;
            var widened = new List<(FlowPeer, FlowPeer)>();
            var parts = new List<string>();
            foreach (var (src, dst) in new[] { (a, b), (b, a) })
            {
                var (s, d) = (FlowPeer.Of(src), FlowPeer.Of(dst));
                var want = intended.Between(s, d).Allowed;
                if (actual.Between(s, d).Allowed.Subtract(want).IsEmpty) continue;
                widened.Add((s, d));
                parts.Add($"{src} -> {dst} on " + (want.IsEmpty ? "every port" : $"every port, not only {IntentEdge.Describe(want)}"));
            }
            if (widened.Count == 0) continue;
            result.Add(new Approximation(
                $"{a} and {b} share a Compose network for {Flows(pair)}; a network is open both ways on every port, so it also allows {string.Join("; and ", parts)}",
                [.. widened]));
        }

        foreach (var workload in intent.Workloads)
        {
            var self = FlowPeer.Of(workload.Name);
            var outward = edges.Where(e => e.Source == self && e.Destination.IsExternal).ToList();
            var inward = edges.Where(e => e.Destination == self && e.Source.IsExternal).ToList();
            if (outward.Count + inward.Count == 0) continue;

            var egress = Everywhere.Where(r => !actual.Between(self, FlowPeer.Of(r)).Allowed.Subtract(intended.Between(self, FlowPeer.Of(r)).Allowed).IsEmpty)
                .Select(r => (self, FlowPeer.Of(r))).ToList();
            if (egress.Count > 0)
            {
                result.Add(new Approximation(
                    $"{workload.Name} needs a network that is not internal for {Flows(outward.Concat(inward))}; such a network also lets it reach every outside address on every port",
                    [.. egress]));
            }

            // A published port cannot be limited to source addresses: a flow from a CIDR is opened to all.
            var narrowed = inward.Where(e => e.Source.Range is { } r && !Everywhere.Contains(r)).ToList();
            var published = inward.Aggregate(ConnectionSet.Empty, (acc, e) => acc.Union(e.Ports));
            if (narrowed.Count > 0 && InboundWithin(actual, self, published))
            {
                result.Add(new Approximation(
                    $"{workload.Name} publishes {IntentEdge.Describe(published)} for {Flows(narrowed)}; a published port admits every address, not only the flow's",
                    [.. Everywhere.Select(r => (FlowPeer.Of(r), self))]));
            }
        }
        return result.ToImmutable();
    }

    /// <summary>The whole envelope: what a faithful Compose project allows for this intent.</summary>
    public static FlowMatrix Envelope(Intent intent)
    {
        var matrix = new FlowMatrix();
        foreach (var e in IntentEdges.Of(intent))
        {
            if (!e.Source.IsExternal && !e.Destination.IsExternal)
            {
                matrix.Add(e.Source, e.Destination, ConnectionSet.All, "shared network");
                matrix.Add(e.Destination, e.Source, ConnectionSet.All, "shared network");
                continue;
            }
            var workload = e.Source.IsExternal ? e.Destination : e.Source;
            foreach (var range in Everywhere)
            {
                matrix.Add(workload, FlowPeer.Of(range), ConnectionSet.All, "network not internal");
                if (e.Source.IsExternal) matrix.Add(FlowPeer.Of(range), workload, e.Ports, "published port");
            }
        }
        return matrix;
    }

    /// <summary>True when nothing from outside reaches the workload beyond the published ports the intent needs.</summary>
    private static bool InboundWithin(FlowMatrix actual, FlowPeer workload, ConnectionSet published) =>
        actual.Entries.Where(e => e.Destination == workload && e.Source.IsExternal).All(e => e.Allowed.Subtract(published).IsEmpty);

    private static (string A, string B) Pair(string x, string y) => string.CompareOrdinal(x, y) < 0 ? (x, y) : (y, x);

    private static string Flows(IEnumerable<IntentEdge> edges)
    {
        var ids = edges.Select(e => e.Flow.Id).Distinct().ToList();
        return (ids.Count == 1 ? "intent flow " : "intent flows ") + string.Join(", ", ids.Select(id => $"'{id}'"));
    }
}
