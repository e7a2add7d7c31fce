using System.Collections.Immutable;
using Netpact.Compilers;
using Netpact.Model;

namespace Netpact.Verify;

/// <summary>
/// Compares what a layer allows with what the intent allows. External addresses are compared piece by
/// piece: both sides' ranges are cut into disjoint pieces, and adjacent pieces that differ alike are merged.
/// </summary>
public static class FlowComparison
{
    public static Verification Compare(string target, string input, FlowMatrix intended, LayerFlows actual)
    {
        var extra = new List<FlowDifference>();
        var missing = new List<FlowDifference>();
        var notes = new List<string>();

        var workloads = intended.Workloads.Concat(actual.Flows.Workloads).Distinct().Order(StringComparer.Ordinal).ToList();
        foreach (var src in workloads)
        {
            foreach (var dst in workloads)
            {
                if (src == dst) continue;
                Diff(FlowPeer.Of(src), FlowPeer.Of(dst), intended, actual.Flows, extra, missing);
            }
        }

        if (actual.CoversExternal)
        {
            foreach (var v6 in new[] { false, true })
            {
                var intendedRanges = intended.Ranges.Where(r => r.IsV6 == v6).ToList();
                var actualRanges = actual.Flows.Ranges.Where(r => r.IsV6 == v6).ToList();
                if (actualRanges.Count == 0 && (v6 || intendedRanges.Count == 0))
                {
                    if (v6 && intendedRanges.Count > 0) notes.Add("IPv6 not compared: this layer names no IPv6 address");
                    continue;
                }
                var pieces = IpRange.Pieces(intendedRanges.Concat(actualRanges), v6);
                foreach (var w in workloads)
                {
                    foreach (var (fromPiece, toPiece) in new[] { (true, false), (false, true) })
                    {
                        var pieceExtra = new List<FlowDifference>();
                        var pieceMissing = new List<FlowDifference>();
                        foreach (var piece in pieces)
                        {
                            var p = FlowPeer.Of(piece);
                            if (fromPiece) Diff(p, FlowPeer.Of(w), intended, actual.Flows, pieceExtra, pieceMissing);
                            else Diff(FlowPeer.Of(w), p, intended, actual.Flows, pieceExtra, pieceMissing);
                        }
                        extra.AddRange(MergeAdjacent(pieceExtra));
                        missing.AddRange(MergeAdjacent(pieceMissing));
                    }
                }
            }
        }
        else
        {
            notes.Add("this layer governs traffic between workloads only; flows to and from external addresses are not compared");
        }

        var approximated = new List<ApproximatedFlows>();
        foreach (var approximation in actual.Approximations)
        {
            var scope = approximation.Connections ?? ConnectionSet.All;
            var covered = new List<FlowDifference>();
            if (!approximation.ExcusesExtra)
            {
                // Over-counted allowances: named for every pair they concern, never subtracted from the differences.
                foreach (var (src, dst) in approximation.Pairs.OrderBy(p => p.Source.ToString(), StringComparer.Ordinal).ThenBy(p => p.Destination.ToString(), StringComparer.Ordinal))
                {
                    var (have, why) = actual.Flows.Between(src, dst);
                    var concerned = have.Intersect(scope);
                    if (!concerned.IsEmpty) covered.Add(new FlowDifference(src, dst, concerned, why));
                }
                if (covered.Count > 0) approximated.Add(new ApproximatedFlows(approximation.Text, [.. covered]));
                continue;
            }
            for (var i = 0; i < extra.Count; i++)
            {
                var e = extra[i];
                if (!approximation.Pairs.Any(p => Covers(p.Source, e.Source) && Covers(p.Destination, e.Destination))) continue;
                var excused = e.Connections.Intersect(scope);
                if (excused.IsEmpty) continue;
                covered.Add(e with { Connections = excused });
                extra[i] = e with { Connections = e.Connections.Subtract(scope) };
            }
            extra.RemoveAll(e => e.Connections.IsEmpty);
            if (covered.Count > 0) approximated.Add(new ApproximatedFlows(approximation.Text, [.. covered]));
        }

        return new Verification(target, input, intended.Entries.Count(), actual.Flows.Entries.Count(),
            [.. extra], [.. missing], [.. approximated], [], [.. notes], actual.Diagnostics) { Flows = actual };
    }

    private static bool Covers(FlowPeer pattern, FlowPeer peer) =>
        pattern.Workload is not null
            ? pattern.Workload == peer.Workload
            : peer.Range is { } r && pattern.Range!.IsV6 == r.IsV6 && pattern.Range.First <= r.First && r.Last <= pattern.Range.Last;

    private static void Diff(FlowPeer src, FlowPeer dst, FlowMatrix intended, FlowMatrix actual, List<FlowDifference> extra, List<FlowDifference> missing)
    {
        var (want, whyWanted) = intended.Between(src, dst);
        var (have, whyAllowed) = actual.Between(src, dst);
        var more = have.Subtract(want);
        var less = want.Subtract(have);
        if (!more.IsEmpty) extra.Add(new FlowDifference(src, dst, more, whyAllowed));
        if (!less.IsEmpty) missing.Add(new FlowDifference(src, dst, less, whyWanted));
    }

    private static IEnumerable<FlowDifference> MergeAdjacent(List<FlowDifference> pieces)
    {
        FlowDifference? current = null;
        foreach (var d in pieces)
        {
            if (current is not null && current.Connections.Equals(d.Connections) && current.Reasons.SequenceEqual(d.Reasons)
                && Adjacent(current, d, out var merged))
            {
                current = merged;
                continue;
            }
            if (current is not null) yield return current;
            current = d;
        }
        if (current is not null) yield return current;
    }

    private static bool Adjacent(FlowDifference a, FlowDifference b, out FlowDifference merged)
    {
        merged = a;
        var (ar, br) = (a.Source.Range ?? a.Destination.Range!, b.Source.Range ?? b.Destination.Range!);
        if (ar.Last + 1 != br.First) return false;
        var joined = FlowPeer.Of(ar with { Last = br.Last });
        merged = a.Source.IsExternal ? a with { Source = joined } : a with { Destination = joined };
        return true;
    }
}
