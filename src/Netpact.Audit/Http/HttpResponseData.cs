using System.Collections.Immutable;

namespace Netpact.Audit.Http;

/// <summary>
/// One HTTP response as the Observatory's tests see it. Header values are combined the way Node's
/// HTTP parser does (repeats joined with ", ", Set-Cookie kept apart, single-valued headers keep the first).
/// </summary>
public sealed record HttpResponseData(Uri Url, int Status, ImmutableArray<KeyValuePair<string, string>> Headers, ImmutableArray<string> SetCookies, string Body, bool Verified)
{
    /// <summary>When the response's headers arrived, by the audit's clock (for HTTP_clock_skew).</summary>
    public DateTimeOffset? ReceivedAt { get; init; }

    public string? Header(string name) => Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    public IReadOnlyList<string> HeaderValues(string name) =>
        string.Equals(name, "set-cookie", StringComparison.OrdinalIgnoreCase) ? SetCookies : Header(name) is { } v ? [v] : [];
}

/// <summary>
/// A step of a redirect chain: the URL requested and the status it answered with; or, when not
/// followed (a host nobody named), the URL the previous step pointed at, with status 0.
/// </summary>
public sealed record RedirectEntry(Uri Url, int Status, bool Followed = true)
{
    public override string ToString() => Followed ? $"{Url} ({Status})" : $"{Url} (not followed)";
}

/// <summary>What the Observatory retriever collects for one site.</summary>
public sealed record SiteRetrieval(
    string Hostname,
    HttpResponseData? Http,
    HttpResponseData? Https,
    ImmutableArray<RedirectEntry> HttpRedirects,
    HttpResponseData? Auto,
    Uri? SessionUrl,
    ImmutableArray<StoredCookie> Cookies,
    HttpResponseData? Cors,
    ImmutableDictionary<string, ImmutableArray<string>> HttpEquiv,
    string? Error,
    ImmutableArray<string> RedirectsNotFollowed)
{
    /// <summary>Why the plain-HTTP URL gave no response (null when it did).</summary>
    public string? HttpFailure { get; init; }

    /// <summary>Why the HTTPS URL gave no response (null when it did).</summary>
    public string? HttpsFailure { get; init; }

    /// <summary>The HTTP compressions the HTTPS page is served with (BREACH); null when there is no HTTPS URL.</summary>
    public HttpCompression? Compression { get; init; }
}

/// <summary>The content encodings an HTTPS page came back with when asked for each; the failure when none could be asked.</summary>
public sealed record HttpCompression(ImmutableArray<string> Detected, string? Failure);
