using System.Collections.Immutable;

namespace Netpact.Model;

/// <summary>A set of addresses of one family as sorted, disjoint, non-adjacent ranges.</summary>
public sealed record IpRangeSet(bool IsV6, ImmutableArray<IpRange> Ranges)
{
    public static IpRangeSet Of(Cidr cidr) => new(cidr.IsV6, [new IpRange(cidr.IsV6, cidr.First, cidr.Last)]);

    /// <summary>The addresses of an ipBlock: its cidr minus every except.</summary>
    public static IpRangeSet Of(IpBlock block) =>
        block.Except.Aggregate(Of(block.Cidr), (set, except) => set.Subtract(Of(except)));

    public IpRangeSet Subtract(IpRangeSet other)
    {
        if (other.IsV6 != IsV6) return this;
        var result = ImmutableArray.CreateBuilder<IpRange>();
        foreach (var range in Ranges)
        {
            var pieces = new List<IpRange> { range };
            foreach (var cut in other.Ranges)
            {
                var next = new List<IpRange>();
                foreach (var p in pieces)
                {
                    if (cut.Last < p.First || cut.First > p.Last)
                    {
                        next.Add(p);
                        continue;
                    }
                    if (cut.First > p.First) next.Add(p with { Last = cut.First - 1 });
                    if (cut.Last < p.Last) next.Add(p with { First = cut.Last + 1 });
                }
                pieces = next;
            }
            result.AddRange(pieces);
        }
        return new IpRangeSet(IsV6, Normalize(result));
    }

    public bool Contains(IpRange range) => range.IsV6 == IsV6 && Ranges.Any(r => r.First <= range.First && range.Last <= r.Last);

    private static ImmutableArray<IpRange> Normalize(IEnumerable<IpRange> ranges)
    {
        var sorted = ranges.OrderBy(r => r.First).ToList();
        var result = ImmutableArray.CreateBuilder<IpRange>();
        foreach (var r in sorted)
        {
            if (result.Count > 0 && (result[^1].Last == Cidr.MaxOf(r.IsV6) || result[^1].Last + 1 >= r.First))
            {
                result[^1] = result[^1] with { Last = UInt128.Max(result[^1].Last, r.Last) };
            }
            else
            {
                result.Add(r);
            }
        }
        return result.ToImmutable();
    }
}
