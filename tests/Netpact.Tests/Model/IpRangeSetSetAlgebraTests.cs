using System.Collections.Immutable;
using CsCheck;
using Netpact.Model;

namespace Netpact.Tests.Model;

/// <summary>
/// CsCheck properties of <see cref="IpRangeSet"/>, <see cref="IpRange"/> and <see cref="IpBlock"/> (IPv4 and IPv6)
/// against a naive model: an address is in an ipBlock when it is in the cidr and in no except. Membership
/// only changes at a cidr edge, so probing every edge and its neighbours, 0, the family's maximum and a few
/// random addresses decides it.
/// </summary>
public sealed class IpRangeSetSetAlgebraTests
{
    private const int Iterations = 1500;

    private static int Bits(bool v6) => v6 ? 128 : 32;

    private static Cidr MakeCidr(bool v6, UInt128 address, int prefix)
    {
        var bits = Bits(v6);
        var hostMask = prefix == bits ? UInt128.Zero : Cidr.MaxOf(v6) >> prefix;
        var first = address & ~hostMask & Cidr.MaxOf(v6);
        return new Cidr(v6, first, first | hostMask, prefix);
    }

    private static Cidr Host(bool v6, UInt128 address) => new(v6, address, address, Bits(v6));

    private static readonly Gen<UInt128> AnyUInt128 = Gen.Select(Gen.ULong, Gen.ULong, (hi, lo) => ((UInt128)hi << 64) | lo);

    private static Gen<UInt128> Addresses(bool v6)
    {
        var max = Cidr.MaxOf(v6);
        UInt128 near = v6 ? (UInt128)0x2001_0db8u << 96 : 0x0A01_0200u; // 2001:db8:: and 10.1.2.0
        return Gen.Frequency(
            (4, Gen.UInt[0, 4095].Select(u => near + u)),
            (1, Gen.UInt[0, 255].Select(u => (UInt128)u)),
            (1, Gen.UInt[0, 255].Select(u => max - u)),
            (1, AnyUInt128.Select(a => a & max)));
    }

    private static Gen<int> Prefixes(bool v6) =>
        Gen.Frequency((4, Gen.Int[Bits(v6) - 12, Bits(v6)]), (1, Gen.Int[0, Bits(v6)]), (1, Gen.Const(0)));

    private static Gen<Cidr> Cidrs(bool v6) => Gen.Select(Addresses(v6), Prefixes(v6), (a, p) => MakeCidr(v6, a, p));

    /// <summary>A cidr inside the given one (possibly equal to it).</summary>
    private static Gen<Cidr> Inside(Cidr outer) => Gen.Select(
        AnyUInt128,
        Gen.Frequency((3, Gen.Int[0, 12]), (1, Gen.Int[0, Bits(outer.IsV6)])),
        (offset, extra) => MakeCidr(
            outer.IsV6, outer.First | (offset & (outer.Last - outer.First)), Math.Min(Bits(outer.IsV6), outer.PrefixLength + extra)));

    /// <summary>An ipBlock whose excepts mostly nest in the cidr, sometimes not (other family included).</summary>
    private static Gen<IpBlock> Blocks(bool v6) => Cidrs(v6).SelectMany(cidr =>
        Gen.Frequency((4, Inside(cidr)), (1, Cidrs(v6)), (1, Cidrs(!v6))).Array[0, 4]
            .Select(excepts => new IpBlock(cidr, [.. excepts])));

    private static bool Holds(IpBlock block, UInt128 a) =>
        In(block.Cidr, a) && !block.Except.Any(e => e.IsV6 == block.Cidr.IsV6 && In(e, a));

    private static bool In(Cidr c, UInt128 a) => c.First <= a && a <= c.Last;

    private static IEnumerable<Cidr> CidrsOf(IpBlock block) => block.Except.Prepend(block.Cidr);

    /// <summary>Where membership may change: each cidr's first address and the one after its last.</summary>
    private static SortedSet<UInt128> Breakpoints(bool v6, IEnumerable<Cidr> cidrs) =>
        [.. cidrs.Where(c => c.IsV6 == v6).SelectMany(c => c.Last == Cidr.MaxOf(v6) ? new[] { c.First } : [c.First, c.Last + 1])];

    private static UInt128[] Probes(bool v6, IEnumerable<Cidr> cidrs, IEnumerable<UInt128> random)
    {
        var max = Cidr.MaxOf(v6);
        var points = new SortedSet<UInt128> { 0, 1, max - 1, max };
        foreach (var c in cidrs.Where(c => c.IsV6 == v6))
        {
            points.UnionWith([c.First, c.Last]);
            if (c.First > 0) points.Add(c.First - 1);
            if (c.Last < max) points.Add(c.Last + 1);
        }
        points.UnionWith(random.Select(r => r & max));
        return [.. points];
    }

    private static void AssertNormalForm(IpRangeSet set)
    {
        for (var i = 0; i < set.Ranges.Length; i++)
        {
            var r = set.Ranges[i];
            Assert.True(r.IsV6 == set.IsV6 && r.First <= r.Last && r.Last <= Cidr.MaxOf(set.IsV6), $"bad range {r} in a set of IsV6={set.IsV6}");
            if (i > 0) Assert.True(set.Ranges[i - 1].Last + 1 < r.First, $"ranges not sorted, disjoint and apart: {set.Ranges[i - 1]} then {r}");
        }
    }

    private static bool SetContains(IpRangeSet set, UInt128 a) => set.Contains(new IpRange(set.IsV6, a, a));

    private static readonly Gen<(IpBlock Block, UInt128[] Random)> BlockCases =
        Gen.Bool.SelectMany(v6 => Gen.Select(Blocks(v6), AnyUInt128.Array[4]));

    [Fact]
    public void Set_of_an_ipBlock_holds_exactly_the_addresses_Holds_accepts()
    {
        BlockCases.Sample(
            t =>
            {
                var (block, random) = t;
                var v6 = block.Cidr.IsV6;
                var set = IpRangeSet.Of(block);
                Assert.Equal(v6, set.IsV6);
                AssertNormalForm(set);
                foreach (var a in Probes(v6, CidrsOf(block), random))
                {
                    var model = Holds(block, a);
                    Assert.True(model == SetContains(set, a), $"address {Cidr.FormatAddress(v6, a)}: set says {!model}, model {model}");
                    Assert.True(model == block.Holds(Host(v6, a)), $"address {Cidr.FormatAddress(v6, a)}: IpBlock.Holds says {!model}, model {model}");
                }
                // An address of the other family is in neither.
                Assert.False(block.Holds(Host(!v6, 0)));
                Assert.False(set.Contains(new IpRange(!v6, 0, 0)));
            },
            iter: Iterations,
            print: t => $"{t.Block} random={string.Join(",", t.Random)}");
    }

    [Fact]
    public void Set_contains_a_range_and_the_range_is_within_the_block_exactly_when_every_address_is_held()
    {
        BlockCases.Sample(
            t =>
            {
                var (block, random) = t;
                var v6 = block.Cidr.IsV6;
                var set = IpRangeSet.Of(block);
                var breakpoints = Breakpoints(v6, CidrsOf(block));
                var probes = Probes(v6, CidrsOf(block), random);
                for (var i = 0; i < probes.Length; i++)
                {
                    for (var j = i; j < probes.Length; j += 1 + (probes.Length / 8))
                    {
                        var (a, b) = (probes[i], probes[j]);
                        var range = new IpRange(v6, a, b);
                        var model = Holds(block, a) && breakpoints.GetViewBetween(a, b).All(p => p == a || Holds(block, p));
                        Assert.True(model == set.Contains(range), $"{range}: set says {!model}, model {model}");
                        Assert.True(model == range.Within(block), $"{range}: Within(block) says {!model}, model {model}");
                    }
                }
            },
            iter: Iterations / 3,
            print: t => $"{t.Block} random={string.Join(",", t.Random)}");
    }

    private static readonly Gen<(IpBlock A, IpBlock B, IpBlock C, UInt128[] Random)> TripleCases =
        Gen.Bool.SelectMany(v6 => Gen.Select(
            Blocks(v6),
            Gen.Frequency((6, Blocks(v6)), (1, Blocks(!v6))),
            Blocks(v6),
            AnyUInt128.Array[3]));

    [Fact]
    public void Subtract_agrees_with_the_model_and_obeys_the_laws()
    {
        TripleCases.Sample(
            t =>
            {
                var (a, b, c, random) = t;
                var v6 = a.Cidr.IsV6;
                var (sa, sb, sc) = (IpRangeSet.Of(a), IpRangeSet.Of(b), IpRangeSet.Of(c));
                var difference = sa.Subtract(sb);
                AssertNormalForm(difference);
                Assert.Equal(v6, difference.IsV6);
                foreach (var x in Probes(v6, CidrsOf(a).Concat(CidrsOf(b)).Concat(CidrsOf(c)), random))
                {
                    var model = Holds(a, x) && !(b.Cidr.IsV6 == v6 && Holds(b, x));
                    Assert.True(model == SetContains(difference, x), $"A − B at {Cidr.FormatAddress(v6, x)}: set says {!model}, model {model}");
                }
                Assert.Empty(sa.Subtract(sa).Ranges);
                Assert.Equal(sa.Ranges, sa.Subtract(new IpRangeSet(v6, [])).Ranges);
                Assert.Equal(sa.Ranges, sa.Subtract(new IpRangeSet(!v6, [!v6 ? IpRange.AllIPv6 : IpRange.AllIPv4])).Ranges);
                Assert.Equal(sa.Subtract(sb).Subtract(sc).Ranges, sa.Subtract(sc).Subtract(sb).Ranges);
                Assert.Equal(difference.Ranges, difference.Subtract(sb).Ranges);
                // A − (A − B) = A ∩ B, so subtracting it from A gives A − B back.
                Assert.Equal(difference.Ranges, sa.Subtract(sa.Subtract(difference)).Ranges);
            },
            iter: Iterations,
            print: t => $"A={t.A} B={t.B} C={t.C} random={string.Join(",", t.Random)}");
    }

    /// <summary>
    /// The record's constructor takes ranges as given; Subtract normalizes its result, so from unsorted,
    /// overlapping and adjacent ranges it still gives the sorted, disjoint, non-adjacent form (the only way to
    /// reach the merging of adjacent ranges, since Of(block) never produces them).
    /// </summary>
    [Fact]
    public void Subtract_normalizes_unsorted_overlapping_and_adjacent_ranges()
    {
        Gen.Bool.SelectMany(v6 => Gen.Select(
                Gen.Select(Addresses(v6), Gen.Frequency((4, Gen.UInt[0, 3]), (1, Gen.UInt)), (a, n) => (a, n)).Array[0, 6],
                Gen.Select(Cidrs(v6), AnyUInt128.Array[3]))
            .Select(t => (v6, t.Item1, t.Item2.Item1, t.Item2.Item2))).Sample(
            t =>
            {
                var (v6, starts, cut, random) = t;
                var max = Cidr.MaxOf(v6);
                // Ranges a..a+n, and a second copy shifted to start right after each one ends.
                var ranges = starts.Select(s => new IpRange(v6, s.a, max - s.a < s.n ? max : s.a + s.n)).ToList();
                ranges.AddRange(ranges.Where(r => r.Last != max).Select(r => r with { First = r.Last + 1, Last = r.Last + 1 }).ToList());
                var set = new IpRangeSet(v6, [.. ranges]);
                var result = set.Subtract(IpRangeSet.Of(cut));
                AssertNormalForm(result);
                var edges = ranges.Select(r => MakeCidr(v6, r.First, Bits(v6))).Concat(ranges.Select(r => MakeCidr(v6, r.Last, Bits(v6)))).Append(cut);
                foreach (var x in Probes(v6, edges, random))
                {
                    var model = ranges.Any(r => r.First <= x && x <= r.Last) && !In(cut, x);
                    Assert.True(model == SetContains(result, x), $"at {Cidr.FormatAddress(v6, x)}: set says {!model}, model {model}");
                }
            },
            iter: Iterations,
            print: t => $"v6={t.v6} ranges={string.Join(",", t.Item2.Select(s => $"{s.a}+{s.n}"))} cut={t.Item3}");
    }

    [Fact]
    public void Range_after_one_that_ends_at_the_last_address_merges_into_it()
    {
        var set = new IpRangeSet(false, [new IpRange(false, 10, Cidr.V4Max), new IpRange(false, 20, 30)]);

        var normalized = set.Subtract(new IpRangeSet(false, []));

        Assert.Equal([new IpRange(false, 10, Cidr.V4Max)], normalized.Ranges);
    }

    [Fact]
    public void Pieces_partition_the_family_at_exactly_the_range_edges()
    {
        Gen.Bool.SelectMany(v6 => Cidrs(v6).Array[0, 6].Select(cidrs => (v6, cidrs))).Sample(
            t =>
            {
                var (v6, cidrs) = t;
                var max = Cidr.MaxOf(v6);
                var ranges = cidrs.Select(c => new IpRange(v6, c.First, c.Last)).ToList();
                var pieces = IpRange.Pieces(ranges, v6);
                Assert.NotEmpty(pieces);
                Assert.Equal(UInt128.Zero, pieces[0].First);
                Assert.Equal(max, pieces[^1].Last);
                for (var i = 0; i < pieces.Count; i++)
                {
                    Assert.True(pieces[i].IsV6 == v6 && pieces[i].First <= pieces[i].Last, $"bad piece {pieces[i]}");
                    if (i > 0) Assert.Equal(pieces[i - 1].Last + 1, pieces[i].First);
                    foreach (var r in ranges)
                    {
                        var inside = r.First <= pieces[i].First && pieces[i].Last <= r.Last;
                        var apart = pieces[i].Last < r.First || r.Last < pieces[i].First;
                        Assert.True(inside || apart, $"piece {pieces[i]} straddles {r}");
                    }
                }
                // No cut without a reason: every piece starts at 0 or at a range edge.
                var edges = Breakpoints(v6, cidrs).Append(UInt128.Zero).ToHashSet();
                Assert.All(pieces, p => Assert.Contains(p.First, edges));
            },
            iter: Iterations,
            print: t => $"v6={t.v6} {string.Join(" ", t.cidrs.Select(c => c.ToString()))}");
    }
}
