namespace Netpact.Model;

/// <summary>Writes an address range as the fewest CIDRs that cover exactly it (firewalls speak CIDRs, verify speaks ranges).</summary>
internal static class Cidrs
{
    public static IReadOnlyList<Cidr> Of(IpRange range)
    {
        var bits = range.IsV6 ? 128 : 32;
        var result = new List<Cidr>();
        var first = range.First;
        while (true)
        {
            var hostBits = 0;
            while (hostBits < bits)
            {
                var mask = Mask(hostBits + 1);
                if ((first & mask) != 0 || (first | mask) > range.Last) break;
                hostBits++;
            }
            var last = first | Mask(hostBits);
            result.Add(new Cidr(range.IsV6, first, last, bits - hostBits));
            if (last >= range.Last) return result;
            first = last + 1;
        }
    }

    private static UInt128 Mask(int hostBits) =>
        hostBits == 0 ? UInt128.Zero : hostBits == 128 ? UInt128.MaxValue : (UInt128.One << hostBits) - 1;
}
