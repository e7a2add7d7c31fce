using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Netpact.Model;

namespace Netpact.Flows;

/// <summary>One IPv4 or IPv6 address of a flow record, as a number (cheap to hash and compare by the million).</summary>
public readonly record struct FlowAddress(bool IsV6, UInt128 Value) : IComparable<FlowAddress>
{
    /// <summary>The address as a one-address range, the shape the flow matrices compare external peers in.</summary>
    public IpRange Range => new(IsV6, Value, Value);

    public bool Within(Cidr cidr) => cidr.IsV6 == IsV6 && cidr.First <= Value && Value <= cidr.Last;

    public int CompareTo(FlowAddress other) => IsV6 != other.IsV6 ? IsV6.CompareTo(other.IsV6) : Value.CompareTo(other.Value);

    /// <summary>
    /// An address as flow logs write it: dotted decimal IPv4 (strict: no octal, no leading zeros) or IPv6. An
    /// IPv4-mapped IPv6 address (::ffff:10.0.0.1) is read as the IPv4 address it carries, as the kernel logs it on
    /// dual-stack sockets.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out FlowAddress address)
    {
        address = default;
        if (text.IsEmpty) return false;
        if (text.Contains(':'))
        {
            if (text.Contains('%') || !IPAddress.TryParse(text, out var ip) || ip.AddressFamily != AddressFamily.InterNetworkV6) return false;
            if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
            UInt128 value = 0;
            foreach (var b in ip.GetAddressBytes()) value = (value << 8) | b;
            address = new FlowAddress(ip.AddressFamily == AddressFamily.InterNetworkV6, value);
            return true;
        }
        uint v4 = 0;
        var octets = 0;
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && text[i] != '.') continue;
            var part = text[start..i];
            if (part.IsEmpty || part.Length > 3 || (part.Length > 1 && part[0] == '0')
                || !uint.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var octet) || octet > 255 || ++octets > 4)
            {
                return false;
            }
            v4 = (v4 << 8) | octet;
            start = i + 1;
        }
        if (octets != 4) return false;
        address = new FlowAddress(false, v4);
        return true;
    }

    public static FlowAddress Parse(string text) =>
        TryParse(text, out var a) ? a : throw new FormatException($"'{text}' is not an IP address");

    public override string ToString() => Cidr.FormatAddress(IsV6, Value);
}
