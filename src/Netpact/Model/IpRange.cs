namespace Netpact.Model;

/// <summary>An inclusive range of IPv4 or IPv6 addresses; external endpoints are reported as such ranges.</summary>
public sealed record IpRange(bool IsV6, UInt128 First, UInt128 Last) : IComparable<IpRange>
{
    public bool Within(Cidr cidr) => cidr.IsV6 == IsV6 && cidr.First <= First && Last <= cidr.Last;

    public bool Overlaps(Cidr cidr) => cidr.IsV6 == IsV6 && cidr.First <= Last && First <= cidr.Last;

    public bool Within(IpBlock block) => Within(block.Cidr) && !block.Except.Any(Overlaps);

    public int CompareTo(IpRange? other) =>
        other is null ? 1 : IsV6 != other.IsV6 ? IsV6.CompareTo(other.IsV6) : First.CompareTo(other.First);

    /// <summary>"10.0.0.0-10.255.255.255", as netpol-analyzer prints external ranges.</summary>
    public override string ToString() => $"{Cidr.FormatAddress(IsV6, First)}-{Cidr.FormatAddress(IsV6, Last)}";
}
