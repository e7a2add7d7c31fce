using System.Net;

namespace Netpact.Audit.Targets;

/// <summary>
/// curl's --resolve: name:port:address pins where a name is reached, so a certificate for a public
/// name can be tested on 127.0.0.1 without editing /etc/hosts. SNI and Host still carry the name.
/// </summary>
public sealed class ResolveOverrides
{
    private readonly Dictionary<(string Host, int Port), IPAddress> _entries = [];

    public static readonly ResolveOverrides None = new();

    public IReadOnlyCollection<KeyValuePair<(string Host, int Port), IPAddress>> Entries => _entries;

    public void Add(string host, int port, IPAddress address) => _entries[(host.ToLowerInvariant(), port)] = address;

    /// <summary>Parses name:port:address (address may be [v6]).</summary>
    public bool TryAdd(string text, out string error)
    {
        error = "";
        var first = text.IndexOf(':', StringComparison.Ordinal);
        var second = first < 0 ? -1 : text.IndexOf(':', first + 1);
        if (first <= 0 || second < 0)
        {
            error = $"--resolve '{text}' is not name:port:address";
            return false;
        }
        var name = text[..first];
        var portText = text[(first + 1)..second];
        var addressText = text[(second + 1)..].Trim('[', ']');
        if (!HostName.IsValid(name))
        {
            error = $"--resolve '{text}': '{name}' is not a host name";
            return false;
        }
        if (!PortList.TryPort(portText, out var port))
        {
            error = $"--resolve '{text}': '{portText}' is not a port between 1 and 65535";
            return false;
        }
        if (!IPAddress.TryParse(addressText, out var address))
        {
            error = $"--resolve '{text}': '{addressText}' is not an IP address";
            return false;
        }
        Add(name, port, address);
        return true;
    }

    public IPAddress? Find(string host, int port) => _entries.GetValueOrDefault((host.ToLowerInvariant(), port));

    /// <summary>The address pinned for a name on any port: a port scan of a pinned name stays on that address.</summary>
    public IPAddress? FindAny(string host) =>
        _entries.Where(e => e.Key.Host == host.ToLowerInvariant()).OrderBy(e => e.Key.Port).Select(e => e.Value).FirstOrDefault();
}
