using System.Net;

namespace Netpact.Audit.Targets;

/// <summary>A named host and a TCP port: what the user wrote, before any resolution.</summary>
public sealed record NetworkEndpoint(string Host, int Port)
{
    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    /// <summary>Whether the host is written as an address (no SNI is sent for those).</summary>
    public bool HostIsAddress => IPAddress.TryParse(Host, out _);

    /// <summary>Parses host:port or [v6]:port; null with a reason when it is not that.</summary>
    public static NetworkEndpoint? TryParse(string text, out string error)
    {
        error = "";
        text = text.Trim();
        string host, port;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= text.Length || text[close + 1] != ':')
            {
                error = $"'{text}' is not [address]:port";
                return null;
            }
            host = text[1..close];
            port = text[(close + 2)..];
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon <= 0 || text.IndexOf(':', StringComparison.Ordinal) != colon)
            {
                error = $"'{text}' is not host:port (write an IPv6 address as [address]:port)";
                return null;
            }
            host = text[..colon];
            port = text[(colon + 1)..];
        }
        if (!HostName.IsValid(host))
        {
            error = $"'{host}' is not a host name or an IP address";
            return null;
        }
        if (!PortList.TryPort(port, out var p))
        {
            error = $"'{port}' is not a port between 1 and 65535";
            return null;
        }
        return new NetworkEndpoint(host.ToLowerInvariant(), p);
    }
}

/// <summary>What counts as one host: a DNS name or a single address, never a range.</summary>
public static class HostName
{
    public static bool IsValid(string host)
    {
        if (host.Length is 0 or > 253) return false;
        if (IPAddress.TryParse(host, out _)) return !host.Contains('/', StringComparison.Ordinal);
        return Uri.CheckHostName(host) == UriHostNameType.Dns && host.Split('.').All(l => l.Length is > 0 and <= 63);
    }
}
