using Netpact.Model;

namespace Netpact.Analysis;

/// <summary>
/// Cuts the address space at every ipBlock edge (cidr and except) into disjoint ranges, so that each range
/// lies wholly inside or outside every ipBlock. IPv6 is cut only when some ipBlock is IPv6.
/// </summary>
public static class ExternalAtoms
{
    public static IReadOnlyList<IpRange> Of(IEnumerable<NetworkPolicy> policies)
    {
        var blocks = policies
            .SelectMany(p => p.Ingress.Concat(p.Egress))
            .SelectMany(r => r.Peers ?? [])
            .Where(peer => peer.IpBlock is not null)
            .Select(peer => peer.IpBlock!)
            .ToList();
        var result = new List<IpRange>();
        foreach (var v6 in new[] { false, true })
        {
            var cidrs = blocks.Where(b => b.Cidr.IsV6 == v6).SelectMany(b => b.Except.Prepend(b.Cidr)).ToList();
            if (v6 && cidrs.Count == 0) continue;
            var max = Cidr.MaxOf(v6);
            var cuts = new SortedSet<UInt128> { 0 };
            foreach (var c in cidrs)
            {
                cuts.Add(c.First);
                if (c.Last != max) cuts.Add(c.Last + 1);
            }
            var starts = cuts.ToList();
            for (var i = 0; i < starts.Count; i++)
            {
                var last = i + 1 < starts.Count ? starts[i + 1] - 1 : max;
                result.Add(new IpRange(v6, starts[i], last));
            }
        }
        return result;
    }
}
