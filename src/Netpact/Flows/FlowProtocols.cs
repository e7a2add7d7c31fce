using Netpact.Model;

namespace Netpact.Flows;

/// <summary>IANA protocol numbers and names, and which of them carry ports.</summary>
public static class FlowProtocols
{
    public const int Icmp = 1;
    public const int Tcp = 6;
    public const int Udp = 17;
    public const int Icmpv6 = 58;
    public const int Sctp = 132;

    public static bool HasPorts(int protocol) => protocol is Tcp or Udp or Sctp;

    /// <summary>The protocol as policies name it (TCP, UDP, SCTP), or null for one they cannot name (ICMP...).</summary>
    public static Protocol? Model(int protocol) => protocol switch
    {
        Tcp => Protocol.TCP,
        Udp => Protocol.UDP,
        Sctp => Protocol.SCTP,
        _ => null,
    };

    public static int Number(Protocol protocol) => protocol switch
    {
        Protocol.TCP => Tcp,
        Protocol.UDP => Udp,
        _ => Sctp,
    };

    public static string Name(int protocol) => protocol switch
    {
        Tcp => "TCP",
        Udp => "UDP",
        Sctp => "SCTP",
        Icmp => "ICMP",
        Icmpv6 => "ICMPv6",
        _ => $"IP-{protocol}",
    };

    /// <summary>A protocol by name (tcp, UDP, icmp, ipv6-icmp) or number; -1 when unknown.</summary>
    public static int Parse(ReadOnlySpan<char> text)
    {
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)) return n is >= 0 and <= 255 ? n : -1;
        return text.ToString().ToUpperInvariant() switch
        {
            "TCP" => Tcp,
            "UDP" or "UDPLITE" => Udp,
            "SCTP" => Sctp,
            "ICMP" => Icmp,
            "ICMPV6" or "IPV6-ICMP" or "ICMP6" => Icmpv6,
            _ => -1,
        };
    }
}
