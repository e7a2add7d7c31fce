using CsCheck;
using Netpact.Model;

namespace Netpact.Tests.Model;

/// <summary>
/// CsCheck properties of <see cref="ConnectionSet"/> against a naive model: per protocol, the port ranges
/// the set was built from, probed at every range edge and its neighbours (see <see cref="PortSetSetAlgebraTests"/>).
/// </summary>
public sealed class ConnectionSetSetAlgebraTests
{
    private const int Iterations = 1000;

    /// <summary>Port ranges per protocol, indexed by <see cref="Protocol"/>.</summary>
    private static readonly Gen<(int Lo, int Hi)[][]> Specs = Gen.Frequency(
        (12, PortSetSetAlgebraTests.Specs.Array[3]),
        (1, Gen.Const(new[] { new[] { (1, 65535) }, new[] { (1, 65535) }, new[] { (1, 65535) } })));

    private static ConnectionSet Build((int Lo, int Hi)[][] spec) =>
        ConnectionSet.Protocols.Aggregate(
            ConnectionSet.Empty,
            (set, p) => spec[(int)p].Aggregate(set, (s, r) => s.Union(ConnectionSet.Of(p, PortSet.Range(r.Lo, r.Hi)))));

    private static string Show((int Lo, int Hi)[][] spec) =>
        string.Join(" ", ConnectionSet.Protocols.Select(p => $"{p}{PortSetSetAlgebraTests.Show(spec[(int)p])}"));

    private static void AssertMatchesModel(ConnectionSet set, Func<Protocol, int, bool> model, int[] probes, string what)
    {
        foreach (var protocol in ConnectionSet.Protocols)
        {
            PortSetSetAlgebraTests.AssertNormalForm(set[protocol]);
            foreach (var port in probes)
            {
                Assert.True(
                    model(protocol, port) == set.Allows(protocol, port),
                    $"{what} = {set}: Allows({protocol}, {port}) is {set.Allows(protocol, port)}, model says {model(protocol, port)}");
            }
        }
        Assert.Equal(ConnectionSet.Protocols.All(pr => probes.All(po => !model(pr, po))), set.IsEmpty);
        Assert.Equal(ConnectionSet.Protocols.All(pr => probes.All(po => model(pr, po))), set.IsAll);
    }

    private static bool In((int Lo, int Hi)[][] spec, Protocol protocol, int port) =>
        PortSetSetAlgebraTests.ModelContains(spec[(int)protocol], port);

    [Fact]
    public void Union_intersect_and_subtract_agree_with_the_model_per_protocol()
    {
        Gen.Select(Specs, Specs).Sample(
            t =>
            {
                var (a, b) = t;
                var (ca, cb) = (Build(a), Build(b));
                var probes = PortSetSetAlgebraTests.Probes([.. a.Concat(b).SelectMany(s => s)]);
                AssertMatchesModel(ca, (pr, po) => In(a, pr, po), probes, "A");
                AssertMatchesModel(ca.Union(cb), (pr, po) => In(a, pr, po) || In(b, pr, po), probes, "A ∪ B");
                AssertMatchesModel(ca.Intersect(cb), (pr, po) => In(a, pr, po) && In(b, pr, po), probes, "A ∩ B");
                AssertMatchesModel(ca.Subtract(cb), (pr, po) => In(a, pr, po) && !In(b, pr, po), probes, "A − B");
                foreach (var p in ConnectionSet.Protocols)
                {
                    Assert.Equal(ca[p].Union(cb[p]), ca.Union(cb)[p]);
                    Assert.Equal(ca[p].Intersect(cb[p]), ca.Intersect(cb)[p]);
                    Assert.Equal(ca[p].Subtract(cb[p]), ca.Subtract(cb)[p]);
                }
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
                var pieces = ConnectionSet.Protocols.SelectMany(p => a[(int)p].Select(r => ConnectionSet.Of(p, PortSet.Range(r.Lo, r.Hi)))).ToArray();
                new Random(seed).Shuffle(pieces);
                var x = Build(a);
                var y = pieces.Aggregate(ConnectionSet.Empty, (s, piece) => s.Union(piece));
                Assert.Equal(x, y);
                Assert.Equal(x.GetHashCode(), y.GetHashCode());
                Assert.Equal(x.ToString(), y.ToString());
            },
            iter: Iterations,
            print: t => Show(t.Item1));
    }

    [Fact]
    public void Sets_are_equal_exactly_when_they_allow_the_same_connections()
    {
        Gen.Select(Specs, Specs).Sample(
            t =>
            {
                var (a, b) = t;
                var probes = PortSetSetAlgebraTests.Probes([.. a.Concat(b).SelectMany(s => s)]);
                var same = ConnectionSet.Protocols.All(pr => probes.All(po => In(a, pr, po) == In(b, pr, po)));
                Assert.Equal(same, Build(a).Equals(Build(b)));
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
                var all = ConnectionSet.All;
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
                Assert.Equal(a, all.Subtract(all.Subtract(a)));
                Assert.True(a.Union(all.Subtract(a)).IsAll);
                Assert.True(a.Subtract(a).IsEmpty);
                Assert.Equal(a, a.Union(ConnectionSet.Empty));
                Assert.Equal(a, a.Intersect(all));
            },
            iter: Iterations,
            print: t => $"A={Show(t.Item1)} B={Show(t.Item2)} C={Show(t.Item3)}");
    }
}
