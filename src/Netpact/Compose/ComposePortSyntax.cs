using System.Globalization;
using System.Text.RegularExpressions;
using Netpact.Model;

namespace Netpact.Compose;

/// <summary>
/// The short syntax of a published port, <c>[[HOST_IP:][HOST_PORTS]:]CONTAINER_PORTS[/PROTOCOL]</c>
/// ("443:443", "127.0.0.1::5432", "[::1]:8080:80", "53:53/udp", "8000-8010:8000-8010", "3000").
/// Only what decides reachability is kept: the container ports, the protocol and the host address.
/// </summary>
internal static partial class ComposePortSyntax
{
    public sealed record Parsed(Protocol Protocol, PortSet ContainerPorts, string? HostIp);

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?<op>:?-)(?<default>[^}]*)\}")]
    private static partial Regex VariableWithDefault();

    /// <summary>Parses one port; on failure returns null and a sentence saying what is wrong.</summary>
    public static Parsed? Parse(string text, out string? error)
    {
        error = null;
        // A variable with a default is read with its default, as 'docker compose config' would without the variable set.
        var value = VariableWithDefault().Replace(text, m => m.Groups["default"].Value);
        if (value.Contains('$'))
        {
            error = $"'{text}' uses a variable without a default; netpact reads no environment, so write the port, or give the variable a default (${{NAME:-443}})";
            return null;
        }
        var protocol = Protocol.TCP;
        var slash = value.LastIndexOf('/');
        if (slash >= 0)
        {
            if (ProtocolOf(value[(slash + 1)..]) is not { } p)
            {
                error = $"'{value[(slash + 1)..]}' is not a protocol Compose publishes: use tcp, udp or sctp";
                return null;
            }
            protocol = p;
            value = value[..slash];
        }

        string? hostIp = null;
        if (value.StartsWith('['))
        {
            var close = value.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= value.Length || value[close + 1] != ':')
            {
                error = $"'{text}': an IPv6 host address is written in brackets and followed by ':', e.g. [::1]:8080:80";
                return null;
            }
            hostIp = value[1..close];
            value = value[(close + 2)..];
            if (value.Split(':').Length != 2)
            {
                error = $"'{text}': after the host address come the host ports and the container ports, e.g. [::1]:8080:80";
                return null;
            }
        }
        var parts = value.Split(':');
        string containerPart;
        switch (parts.Length)
        {
            case 1:
                containerPart = parts[0];
                break;
            case 2:
                if (parts[0].Length > 0 && Ports(parts[0]) is null)
                {
                    error = $"'{text}': the host port '{parts[0]}' is not a port or range of ports (1-65535)";
                    return null;
                }
                containerPart = parts[1];
                break;
            case 3 when hostIp is null:
                hostIp = parts[0];
                if (parts[1].Length > 0 && Ports(parts[1]) is null)
                {
                    error = $"'{text}': the host port '{parts[1]}' is not a port or range of ports (1-65535)";
                    return null;
                }
                containerPart = parts[2];
                break;
            default:
                error = $"'{text}' is not a published port: use [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL], with an IPv6 address in brackets";
                return null;
        }
        if (hostIp is not null && HostAddress(hostIp) is null)
        {
            error = $"'{hostIp}' is not an IP address to bind to";
            return null;
        }
        if (Ports(containerPart) is not { } container)
        {
            error = $"'{text}': the container port '{containerPart}' is not a port or range of ports (1-65535)";
            return null;
        }
        return new Parsed(protocol, container, hostIp is "" ? null : hostIp);
    }

    public static Protocol? ProtocolOf(string text) => text.ToLowerInvariant() switch
    {
        "tcp" => Protocol.TCP,
        "udp" => Protocol.UDP,
        "sctp" => Protocol.SCTP,
        _ => null,
    };

    /// <summary>"80" or "8000-8010".</summary>
    public static PortSet? Ports(string text)
    {
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0) return Port(text) is { } p ? PortSet.Single(p) : null;
        return Port(text[..dash]) is { } lo && Port(text[(dash + 1)..]) is { } hi && lo <= hi ? PortSet.Range(lo, hi) : null;
    }

    private static int? Port(string text) =>
        text.Length is > 0 and <= 5 && text.All(char.IsAsciiDigit)
        && int.Parse(text, CultureInfo.InvariantCulture) is var p and >= PortSet.MinPort and <= PortSet.MaxPort ? p : null;

    /// <summary>The address a port is bound to, as a single-address CIDR; null when it is none.</summary>
    public static Cidr? HostAddress(string ip)
    {
        if (ip.Length == 0) return null;
        return Cidr.TryParse(ip + (ip.Contains(':') ? "/128" : "/32"), out _, out _);
    }
}
