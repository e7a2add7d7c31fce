using System.Collections.Immutable;
using System.Net;

namespace Netpact.Audit.Net;

/// <summary>
/// The hosts an audit may contact: those the user named as targets, and those named with
/// --follow-redirects-to. Every connection the audit makes is checked against this one list, so a
/// redirect, a certificate's AIA URL or a proxy setting cannot steer the auditor anywhere else.
/// </summary>
public sealed class TargetAllowList
{
    private readonly ImmutableHashSet<string> _hosts;

    public TargetAllowList(IEnumerable<string> hosts) =>
        _hosts = hosts.Select(Normalize).ToImmutableHashSet(StringComparer.Ordinal);

    /// <summary>Every host allowed (for tests of the port scanner and other single-host tools).</summary>
    public static TargetAllowList Of(params string[] hosts) => new(hosts);

    public ImmutableHashSet<string> Hosts => _hosts;

    public bool Allows(string host) => _hosts.Contains(Normalize(host));

    /// <summary>Names compare case-insensitively; addresses by their canonical form (::1 and 0:0::1 are one host).</summary>
    public static string Normalize(string host)
    {
        var bare = host.Trim().Trim('[', ']').TrimEnd('.');
        return IPAddress.TryParse(bare, out var address) ? address.ToString() : bare.ToLowerInvariant();
    }
}
