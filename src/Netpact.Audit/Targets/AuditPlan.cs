using System.Collections.Immutable;
using System.Security.Cryptography.X509Certificates;
using Netpact.Audit.Net;
using Netpact.Audit.Tls;

namespace Netpact.Audit.Targets;

/// <summary>A TLS endpoint to probe, and the Mozilla profile it is expected to meet (if any), with where that expectation came from.</summary>
public sealed record TlsTarget(NetworkEndpoint Endpoint, ProfileName? ExpectedProfile, string? ExpectationSource);

/// <summary>A web site to grade: its plain-HTTP and HTTPS URLs (the Observatory fetches both).</summary>
public sealed record HttpTarget(string Host, Uri HttpUrl, Uri HttpsUrl, bool HttpsOnly);

/// <summary>One named host, the ports to connect-scan, and the ports allowed to be open (null: not checked).</summary>
public sealed record PortTarget(string Host, ImmutableArray<int> Ports, ImmutableArray<int>? Allowed, string? AllowedSource);

/// <summary>Limits that keep an audit bounded.</summary>
public sealed record AuditLimits(TimeSpan Timeout, int PortConcurrency, TimeSpan PortBudget)
{
    public const int DefaultConnectionsPerTarget = 8;

    public static readonly AuditLimits Default = new(TimeSpan.FromSeconds(3), 512, TimeSpan.FromSeconds(120));

    /// <summary>TLS probes in flight at once against one host.</summary>
    public int ConnectionsPerTarget { get; init; } = DefaultConnectionsPerTarget;
}

/// <summary>Everything an audit will probe: only hosts named here are ever contacted.</summary>
public sealed record AuditPlan(
    ImmutableArray<TlsTarget> Tls,
    ImmutableArray<HttpTarget> Http,
    ImmutableArray<PortTarget> Ports,
    ResolveOverrides Resolve,
    X509Certificate2Collection? TrustAnchors,
    AuditLimits Limits)
{
    public int Units => Tls.Length + Http.Length + Ports.Length;

    /// <summary>Hosts named with --follow-redirects-to: contacted only when a named site redirects there.</summary>
    public ImmutableArray<string> FollowRedirectsTo { get; init; } = [];

    /// <summary>The resolver named with --dns, the only one asked for CAA records; null: no DNS query is made.</summary>
    public System.Net.IPEndPoint? DnsResolver { get; init; }

    /// <summary>Every host this audit may contact: the named targets and the redirect hosts named with them.</summary>
    public TargetAllowList AllowList => new(Hosts.Concat(FollowRedirectsTo));

    /// <summary>Endpoints are reported per host name, so TLS, headers and ports of one host share a table.</summary>
    public IEnumerable<string> Hosts =>
        Tls.Select(t => t.Endpoint.Host).Concat(Http.Select(h => h.Host)).Concat(Ports.Select(p => p.Host)).Distinct(StringComparer.Ordinal);
}
