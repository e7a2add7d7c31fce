namespace Netpact.Model;

/// <summary>An inclusive range of IPv4 or IPv6 addresses; external endpoints are reported as such ranges.</summary>
public sealed record IpRange(bool IsV6, UInt128 First, UInt128 Last) : IComparable<IpRange>
{
    public static readonly IpRange AllIPv4 = new(false, 0, Cidr.V4Max);
    public static readonly IpRange AllIPv6 = new(true, 0, UInt128.MaxValue);

    public bool Within(Cidr cidr) => cidr.IsV6 == IsV6 && cidr.First <= First && Last <= cidr.Last;

    public bool Overlaps(Cidr cidr) => cidr.IsV6 == IsV6 && cidr.First <= Last && First <= cidr.Last;

    public bool Within(IpBlock block) => Within(block.Cidr) && !block.Except.Any(Overlaps);

    public int CompareTo(IpRange? other) =>
        other is null ? 1 : IsV6 != other.IsV6 ? IsV6.CompareTo(other.IsV6) : First.CompareTo(other.First);

    /// <summary>Cuts the ranges' family into disjoint pieces at every range edge.</summary>
    public static List<IpRange> Pieces(IEnumerable<IpRange> ranges, bool v6)
    {
        var max = Cidr.MaxOf(v6);
        var cuts = new SortedSet<UInt128> { 0 };
        foreach (var r in ranges)
        {
            cuts.Add(r.First);
            if (r.Last != max) cuts.Add(r.Last + 1);
        }
        var starts = cuts.ToList();
        return [.. starts.Select((s, i) => new IpRange(v6, s, i + 1 < starts.Count ? starts[i + 1] - 1 : max))];
    }

    /// <summary>"10.0.0.0-10.255.255.255", as netpol-analyzer prints external ranges.</summary>
    public override string ToString() => $"{Cidr.FormatAddress(IsV6, First)}-{Cidr.FormatAddress(IsV6, Last)}";
}
