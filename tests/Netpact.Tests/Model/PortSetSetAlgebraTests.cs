using CsCheck;
using Netpact.Model;

namespace Netpact.Tests.Model;

/// <summary>
/// CsCheck properties of <see cref="PortSet"/> against a naive model: a list of inclusive ranges whose
/// membership is evaluated at probe points. Membership of every set involved only changes at a range edge,
/// so probing each edge and its neighbours (plus 1, 65535 and a few random ports) decides equality exactly.
/// </summary>
public sealed class PortSetSetAlgebraTests
{
    private const int Iterations = 2000;

    /// <summary>A port biased towards small ports, the edges 1 and 65535, and their neighbours.</summary>
    internal static readonly Gen<int> Ports = Gen.Frequency(
        (4, Gen.Int[1, 24]),
        (2, Gen.OneOf(Gen.Const(1), Gen.Const(2), Gen.Const(65534), Gen.Const(65535))),
        (1, Gen.Int[65500, 65535]),
        (2, Gen.Int[1, 65535]));

    /// <summary>An inclusive range lo..hi, mostly short so that ranges touch and overlap.</summary>
    internal static readonly Gen<(int Lo, int Hi)> Ranges = Gen.Select(
        Ports,
        Gen.Frequency((5, Gen.Int[0, 6]), (1, Gen.Int[0, 65535])),
        (lo, length) => (lo, Math.Min(PortSet.MaxPort, lo + length)));

    /// <summary>A set described by the ranges it was built from (empty list is the empty set).</summary>
    internal static readonly Gen<(int Lo, int Hi)[]> Specs = Gen.Frequency(
        (12, Ranges.Array[0, 5]),
        (1, Gen.Const(new[] { (PortSet.MinPort, PortSet.MaxPort) })));

    internal static PortSet Build(IEnumerable<(int Lo, int Hi)> ranges) =>
        ranges.Aggregate(PortSet.Empty, (set, r) => set.Union(PortSet.Range(r.Lo, r.Hi)));

    internal static bool ModelContains(IEnumerable<(int Lo, int Hi)> ranges, int port) =>
        ranges.Any(r => r.Lo <= port && port <= r.Hi);

    /// <summary>Every range edge and its neighbours, the port edges, and a few fixed in-between points.</summary>
    internal static int[] Probes(params (int Lo, int Hi)[][] specs) =>
    [
        .. specs.SelectMany(s => s).SelectMany(r => new[] { r.Lo - 1, r.Lo, r.Lo + 1, r.Hi - 1, r.Hi, r.Hi + 1 })
            .Concat([PortSet.MinPort, PortSet.MinPort + 1, 1000, 32768, PortSet.MaxPort - 1, PortSet.MaxPort])
            .Where(p => p is >= PortSet.MinPort and <= PortSet.MaxPort)
            .Distinct()
            .Order(),
    ];

    internal static string Show((int Lo, int Hi)[] spec) => "[" + string.Join(" ", spec.Select(r => $"{r.Lo}-{r.Hi}")) + "]";

    internal static void AssertNormalForm(PortSet set)
    {
        for (var i = 0; i < set.Ranges.Length; i++)
        {
            var (lo, hi) = set.Ranges[i];
            Assert.True(PortSet.MinPort <= lo && lo <= hi && hi <= PortSet.MaxPort, $"bad range {lo}-{hi} in {set}");
            if (i > 0) Assert.True(set.Ranges[i - 1].Hi + 1 < lo, $"ranges not sorted, disjoint and apart in {set}");
        }
    }

    private static void AssertMatchesModel(PortSet set, Func<int, bool> model, int[] probes, string what)
    {
        AssertNormalForm(set);
        foreach (var p in probes)
        {
            Assert.True(model(p) == set.Contains(p), $"{what} = {set}: Contains({p}) is {set.Contains(p)}, model says {model(p)}");
        }
        Assert.Equal(probes.All(p => !model(p)), set.IsEmpty);
        Assert.Equal(probes.All(model), set.IsAll);
    }

    [Fact]
    public void Built_set_contains_exactly_the_ports_of_its_ranges_in_normal_form()
    {
        Specs.Sample(
            a =>
            {
                var set = Build(a);
                AssertMatchesModel(set, p => ModelContains(a, p), Probes(a), Show(a));
            },
            iter: Iterations,
            print: Show);
    }

    [Fact]
    public void Union_intersect_subtract_and_complement_agree_with_the_model()
    {
        Gen.Select(Specs, Specs).Sample(
            t =>
            {
                var (a, b) = t;
                var (sa, sb) = (Build(a), Build(b));
                var probes = Probes(a, b);
                AssertMatchesModel(sa.Union(sb), p => ModelContains(a, p) || ModelContains(b, p), probes, "A ∪ B");
                AssertMatchesModel(sa.Intersect(sb), p => ModelContains(a, p) && ModelContains(b, p), probes, "A ∩ B");
                AssertMatchesModel(sa.Subtract(sb), p => ModelContains(a, p) && !ModelContains(b, p), probes, "A − B");
                AssertMatchesModel(sa.Complement(), p => !ModelContains(a, p), probes, "¬A");
            },
            iter: Iterations,
            print: t => $"A={Show(t.Item1)} B={Show(t.Item2)}");
    }

    [Fact]
    public void Equal_sets_are_equal_with_equal_hashes_whatever_the_construction_order()
    {
        Gen.Select(Specs, Gen.Int).Sample(
            t =>
            {
                var (a, seed) = t;
                var shuffled = a.ToArray();
                new Random(seed).Shuffle(shuffled);
                // Also build the same set from single ports and split ranges where it is small.
                var split = a.SelectMany(r => r.Hi - r.Lo < 8 ? Enumerable.Range(r.Lo, r.Hi - r.Lo + 1).Select(p => (p, p)) : [r]).Reverse();
                var (x, y, z) = (Build(a), Build(shuffled), Build(split));
                Assert.Equal(x, y);
                Assert.Equal(x, z);
                Assert.Equal(x.GetHashCode(), y.GetHashCode());
                Assert.Equal(x.GetHashCode(), z.GetHashCode());
                Assert.Equal(x.ToString(), z.ToString());
            },
            iter: Iterations,
            print: t => Show(t.Item1));
    }

    [Fact]
    public void Sets_are_equal_exactly_when_they_hold_the_same_ports()
    {
        Gen.Select(Specs, Specs).Sample(
            t =>
            {
                var (a, b) = t;
                var sameMembers = Probes(a, b).All(p => ModelContains(a, p) == ModelContains(b, p));
                Assert.Equal(sameMembers, Build(a).Equals(Build(b)));
            },
            iter: Iterations,
            print: t => $"A={Show(t.Item1)} B={Show(t.Item2)}");
    }

    [Fact]
    public void Set_algebra_laws_hold()
    {
        Gen.Select(Specs, Specs, Specs).Sample(
            t =>
            {
                var (a, b, c) = (Build(t.Item1), Build(t.Item2), Build(t.Item3));
                var all = PortSet.All;
                Assert.Equal(a.Union(b), b.Union(a));
                Assert.Equal(a.Intersect(b), b.Intersect(a));
                Assert.Equal(a.Union(b).Union(c), a.Union(b.Union(c)));
                Assert.Equal(a.Intersect(b).Intersect(c), a.Intersect(b.Intersect(c)));
                Assert.Equal(a.Intersect(b.Union(c)), a.Intersect(b).Union(a.Intersect(c)));
                Assert.Equal(a, a.Subtract(b).Union(a.Intersect(b)));
                Assert.True(a.Subtract(b).Intersect(b).IsEmpty);
                Assert.Equal(a.Subtract(b), a.Intersect(all.Subtract(b)));
                Assert.Equal(all.Subtract(a.Union(b)), all.Subtract(a).Intersect(all.Subtract(b)));
                Assert.Equal(all.Subtract(a.Intersect(b)), all.Subtract(a).Union(all.Subtract(b)));
                Assert.Equal(all.Subtract(a), a.Complement());
                Assert.Equal(a, a.Complement().Complement());
                Assert.True(a.Union(a.Complement()).IsAll);
                Assert.Equal(a, a.Union(a));
                Assert.Equal(a, a.Intersect(a));
                Assert.True(a.Subtract(a).IsEmpty);
                Assert.Equal(a, a.Union(PortSet.Empty));
                Assert.Equal(a, a.Intersect(all));
            },
            iter: Iterations,
            print: t => $"A={Show(t.Item1)} B={Show(t.Item2)} C={Show(t.Item3)}");
    }
}
