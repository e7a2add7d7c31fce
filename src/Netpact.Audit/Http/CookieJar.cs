using System.Collections.Immutable;

namespace Netpact.Audit.Http;

/// <summary>A cookie as the jar keeps it; the flags are what the Observatory's cookie test reads.</summary>
public sealed record StoredCookie(string Name, string Domain, string Path, bool Secure, bool HttpOnly, string? SameSite, bool HostOnly);

/// <summary>
/// A cookie jar with tough-cookie's rules for what is stored (RFC 6265 domain matching, __Secure- and
/// __Host- prefixes, one cookie per name, domain and path). No public suffix list: a Domain attribute
/// naming a public suffix is not rejected here.
/// </summary>
internal sealed class CookieJar
{
    private readonly List<StoredCookie> _cookies = [];

    public ImmutableArray<StoredCookie> All => [.. _cookies];

    public void Store(Uri url, IEnumerable<string> setCookieHeaders)
    {
        foreach (var header in setCookieHeaders)
        {
            if (Parse(header, url) is { } cookie)
            {
                var existing = _cookies.FindIndex(c => c.Name == cookie.Name && c.Domain == cookie.Domain && c.Path == cookie.Path);
                if (existing >= 0) _cookies[existing] = cookie;
                else _cookies.Add(cookie);
            }
        }
    }

    private static StoredCookie? Parse(string header, Uri url)
    {
        var parts = header.Split(';');
        var pair = parts[0];
        var eq = pair.IndexOf('=', StringComparison.Ordinal);
        if (eq < 0) return null;
        var name = pair[..eq].Trim();
        if (name.Length == 0) return null;
        string? domain = null, path = null, sameSite = null;
        bool secure = false, httpOnly = false;
        foreach (var attribute in parts.Skip(1))
        {
            var at = attribute.IndexOf('=', StringComparison.Ordinal);
            var key = (at < 0 ? attribute : attribute[..at]).Trim().ToLowerInvariant();
            var value = at < 0 ? "" : attribute[(at + 1)..].Trim();
            switch (key)
            {
                case "domain":
                    if (value.Length > 0) domain = value.TrimStart('.').ToLowerInvariant();
                    break;
                case "path":
                    path = value.StartsWith('/') ? value : null;
                    break;
                case "secure":
                    secure = true;
                    break;
                case "httponly":
                    httpOnly = true;
                    break;
                case "samesite":
                    sameSite = value.ToLowerInvariant() switch { "strict" => "strict", "lax" => "lax", "none" => "none", _ => null };
                    break;
            }
        }
        var host = url.IdnHost.ToLowerInvariant();
        var hostOnly = domain is null;
        if (domain is not null && !DomainMatches(host, domain)) return null;
        path ??= DefaultPath(url.AbsolutePath);
        if (name.StartsWith("__Secure-", StringComparison.Ordinal) && !secure) return null;
        if (name.StartsWith("__Host-", StringComparison.Ordinal) && (!secure || !hostOnly || path != "/")) return null;
        return new StoredCookie(name, domain ?? host, path, secure, httpOnly, sameSite, hostOnly);
    }

    private static bool DomainMatches(string host, string domain) =>
        host == domain || host.EndsWith("." + domain, StringComparison.Ordinal) && !System.Net.IPAddress.TryParse(host, out _);

    private static string DefaultPath(string requestPath)
    {
        if (!requestPath.StartsWith('/')) return "/";
        var last = requestPath.LastIndexOf('/');
        return last <= 0 ? "/" : requestPath[..last];
    }
}
