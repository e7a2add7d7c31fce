using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Netpact.Model;

/// <summary>
/// An IPv4 or IPv6 prefix as an inclusive address range. Parsed strictly: no octal,
/// no leading zeros, no zone ids. Host bits set are masked away (as Kubernetes does) and reported.
/// </summary>
public sealed record Cidr(bool IsV6, UInt128 First, UInt128 Last, int PrefixLength)
{
    public static readonly UInt128 V4Max = uint.MaxValue;

    public static UInt128 MaxOf(bool v6) => v6 ? UInt128.MaxValue : V4Max;

    public bool Contains(Cidr other) => IsV6 == other.IsV6 && First <= other.First && other.Last <= Last;

    /// <summary>Parses a CIDR; on failure returns null and a reason. hostBitsSet tells that the prefix was masked.</summary>
    public static Cidr? TryParse(string text, out string? error, out bool hostBitsSet)
    {
        error = null;
        hostBitsSet = false;
        var slash = text.IndexOf('/');
        if (slash < 0)
        {
            error = $"'{text}' is not a CIDR: expected address/prefix, e.g. 10.0.0.0/8";
            return null;
        }
        var addrText = text[..slash];
        var prefixText = text[(slash + 1)..];
        var v6 = addrText.Contains(':');
        UInt128 addr;
        if (v6)
        {
            if (addrText.Contains('%') || !IPAddress.TryParse(addrText, out var ip) || ip.AddressFamily != AddressFamily.InterNetworkV6)
            {
                error = $"'{addrText}' is not a valid IPv6 address";
                return null;
            }
            var bytes = ip.GetAddressBytes();
            addr = 0;
            foreach (var b in bytes) addr = (addr << 8) | b;
        }
        else
        {
            var parts = addrText.Split('.');
            if (parts.Length != 4 || !parts.All(IsDecimalOctet))
            {
                error = $"'{addrText}' is not a valid IPv4 address (four decimal numbers 0-255 without leading zeros)";
                return null;
            }
            addr = parts.Aggregate(UInt128.Zero, (acc, p) => (acc << 8) | uint.Parse(p, CultureInfo.InvariantCulture));
        }
        var bits = v6 ? 128 : 32;
        if (!IsDecimal(prefixText, out var prefix) || prefix > bits)
        {
            error = $"'{prefixText}' is not a valid prefix length for {(v6 ? "IPv6 (0-128)" : "IPv4 (0-32)")}";
            return null;
        }
        var hostMask = prefix == bits ? UInt128.Zero : (prefix == 0 ? MaxOf(v6) : (MaxOf(v6) >> prefix));
        var first = addr & ~hostMask & MaxOf(v6);
        hostBitsSet = first != addr;
        return new Cidr(v6, first, first | hostMask, prefix);
    }

    /// <summary>Parses one address (no prefix) into its host prefix, /32 or /128; on failure returns null and a reason.</summary>
    public static Cidr? TryParseAddress(string text, out string? error)
    {
        if (text.Contains('/'))
        {
            error = $"'{text}' is not an IP address: expected an address without a prefix, e.g. 10.244.1.5";
            return null;
        }
        return TryParse($"{text}/{(text.Contains(':') ? 128 : 32)}", out error, out _);
    }

    /// <summary>The address alone when this is a host prefix.</summary>
    public string AddressText => FormatAddress(IsV6, First);

    private static bool IsDecimal(string s, out int value)
    {
        value = 0;
        if (s.Length == 0 || s.Length > 3 || (s.Length > 1 && s[0] == '0') || !s.All(char.IsAsciiDigit)) return false;
        value = int.Parse(s, CultureInfo.InvariantCulture);
        return true;
    }

    private static bool IsDecimalOctet(string s) => IsDecimal(s, out var v) && v <= 255;

    public static string FormatAddress(bool v6, UInt128 value)
    {
        if (!v6)
        {
            var v = (uint)value;
            return $"{v >> 24}.{(v >> 16) & 255}.{(v >> 8) & 255}.{v & 255}";
        }
        var bytes = new byte[16];
        for (var i = 15; i >= 0; i--)
        {
            bytes[i] = (byte)(value & 0xff);
            value >>= 8;
        }
        return new IPAddress(bytes).ToString();
    }

    public override string ToString() => $"{FormatAddress(IsV6, First)}/{PrefixLength}";
}
