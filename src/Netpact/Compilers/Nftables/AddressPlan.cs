using System.Collections.Immutable;
using Netpact.Intents;
using Netpact.Model;

namespace Netpact.Compilers.Nftables;

/// <summary>
/// Where the workloads of an intent are, for a firewall that names addresses: one address per workload, and
/// how the intent's outside ranges are written. The intent gives zones' subnets, not hosts' addresses, so
/// <see cref="Default"/> numbers the hosts of each zone in its subnet (placeholders the operator replaces in
/// the sets); the lab gives its own addresses and maps outside ranges into its address space.
/// </summary>
public sealed record AddressPlan(
    ImmutableSortedDictionary<string, IpRange> Workloads,
    ImmutableArray<(IpRange Intent, IpRange Actual)> OutsideMap,
    ImmutableSortedDictionary<string, string> Notes)
{
    /// <summary>Placeholders for zones without a subnet: 198.18.0.0/15 is reserved for benchmarking and never routed.</summary>
    public static readonly Cidr PlaceholderRange = new(false, 0xC6120000u, 0xC613FFFFu, 15);

    public IpRange AddressOf(string workload) => Workloads[workload];

    /// <summary>A family's address space cut at every edge of the given ranges: the pieces an outside map maps one by one.</summary>
    public static IReadOnlyList<IpRange> Pieces(IEnumerable<IpRange> ranges, bool v6) => IpRange.Pieces(ranges, v6);

    /// <summary>
    /// An outside range of the intent as this plan writes it: itself, or with an outside map the mapped ranges of
    /// the pieces it covers (none when it covers no mapped piece, such as IPv6 in an IPv4 lab).
    /// </summary>
    public IReadOnlyList<IpRange> Outside(IpRange range) =>
        OutsideMap.IsDefaultOrEmpty
            ? [range]
            : [.. OutsideMap.Where(m => m.Intent.IsV6 == range.IsV6 && range.First <= m.Intent.First && m.Intent.Last <= range.Last).Select(m => m.Actual)];

    /// <summary>
    /// The n-th workload of a zone (in intent order, from 1) at the n-th host address of the zone's subnet; a zone
    /// without a subnet, or one too small for its workloads, gets placeholders from 198.18.0.0/15 instead.
    /// </summary>
    public static AddressPlan Default(Intent intent)
    {
        var workloads = ImmutableSortedDictionary.CreateBuilder<string, IpRange>(StringComparer.Ordinal);
        var notes = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var used = new HashSet<(bool, UInt128)>();
        var subnets = intent.Zones.Select(z => z.Subnet).OfType<Cidr>().ToList();
        UInt128 nextPlaceholder = PlaceholderRange.First + 1;

        foreach (var zone in intent.Zones)
        {
            var members = intent.WorkloadsIn(zone).ToList();
            var subnet = zone.Subnet;
            // Host addresses: not the subnet's own address, and for IPv4 not its broadcast address.
            var fits = subnet is { } s && s.Last - s.First >= (UInt128)(members.Count + (s.IsV6 ? 0 : 1));
            for (var i = 0; i < members.Count; i++)
            {
                if (fits && subnet is { } cidr && used.Add((cidr.IsV6, cidr.First + (UInt128)(i + 1))))
                {
                    var address = cidr.First + (UInt128)(i + 1);
                    workloads[members[i].Name] = new IpRange(cidr.IsV6, address, address);
                    notes[members[i].Name] = $"host {i + 1} of zone '{zone.Name}' ({cidr})";
                    continue;
                }
                // Skip addresses of declared subnets, so a placeholder never lands on a planned host.
                var guard = 0;
                while ((subnets.Any(c => !c.IsV6 && c.First <= nextPlaceholder && nextPlaceholder <= c.Last) || used.Contains((false, nextPlaceholder)))
                       && nextPlaceholder < PlaceholderRange.Last && guard++ < 1 << 17)
                {
                    nextPlaceholder++;
                }
                used.Add((false, nextPlaceholder));
                workloads[members[i].Name] = new IpRange(false, nextPlaceholder, nextPlaceholder);
                notes[members[i].Name] = subnet is null
                    ? $"placeholder: zone '{zone.Name}' declares no subnet"
                    : $"placeholder: zone '{zone.Name}' ({subnet}) has too few addresses for its workloads";
                nextPlaceholder++;
            }
        }
        return new AddressPlan(workloads.ToImmutable(), [], notes.ToImmutable());
    }
}
