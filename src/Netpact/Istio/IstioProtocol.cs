namespace Netpact.Istio;

/// <summary>How Istio treats traffic on a port: as HTTP, as opaque TCP, or sniffed (HTTP when the bytes look like it).</summary>
public enum IstioProtocol { Http, Tcp, Sniffed }

/// <summary>
/// Istio's protocol selection: a Service port's <c>appProtocol</c>, else its name as <c>&lt;protocol&gt;[-&lt;suffix&gt;]</c>;
/// a port that declares neither is sniffed.
/// </summary>
public static class IstioProtocols
{
    private static readonly HashSet<string> Http = new(StringComparer.OrdinalIgnoreCase) { "http", "http2", "grpc", "grpc-web" };

    /// <summary>
    /// The protocol a port name or appProtocol declares. Any other declared protocol (tcp, tls, https, mongo, mysql,
    /// redis, ...) is opaque TCP to authorization; no declaration is <see cref="IstioProtocol.Sniffed"/>.
    /// </summary>
    public static IstioProtocol Of(string? nameOrAppProtocol)
    {
        if (string.IsNullOrEmpty(nameOrAppProtocol)) return IstioProtocol.Sniffed;
        if (Http.Contains(nameOrAppProtocol)) return IstioProtocol.Http;
        var dash = nameOrAppProtocol.IndexOf('-', StringComparison.Ordinal);
        var prefix = dash < 0 ? nameOrAppProtocol : nameOrAppProtocol[..dash];
        // grpc-web is a protocol of its own whose name holds a dash.
        if (Http.Contains(prefix) || nameOrAppProtocol.StartsWith("grpc-web", StringComparison.OrdinalIgnoreCase)) return IstioProtocol.Http;
        return KnownTcp.Contains(prefix) ? IstioProtocol.Tcp : IstioProtocol.Sniffed;
    }

    /// <summary>The protocol names Istio knows that carry no HTTP it inspects; any other name is sniffed.</summary>
    private static readonly HashSet<string> KnownTcp = new(StringComparer.OrdinalIgnoreCase)
    {
        "tcp", "tls", "https", "mongo", "mysql", "redis", "udp",
    };
}
