using System.Collections.Immutable;
using AngleSharp.Html.Parser;

namespace Netpact.Audit.Http;

/// <summary>What the Observatory reads from a page: meta http-equiv policies and the script elements.</summary>
internal static class HtmlFacts
{
    public sealed record Script(string Src, string? Integrity);

    /// <summary>Content-Security-Policy meta tags (all of them) and the referrer meta tag (the last one).</summary>
    public static ImmutableDictionary<string, ImmutableArray<string>> HttpEquiv(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        var csp = new List<string>();
        string? referrer = null;
        foreach (var meta in document.QuerySelectorAll("meta"))
        {
            if (meta.HasAttribute("http-equiv") && meta.HasAttribute("content"))
            {
                var content = meta.GetAttribute("content");
                if (!string.IsNullOrEmpty(content) && meta.GetAttribute("http-equiv")?.Trim().ToLowerInvariant() == "content-security-policy") csp.Add(content);
            }
            else if (meta.GetAttribute("name")?.Trim().ToLowerInvariant() == "referrer" && meta.GetAttribute("content") is { Length: > 0 } value)
            {
                referrer = value;
            }
        }
        var result = ImmutableDictionary<string, ImmutableArray<string>>.Empty.Add("content-security-policy", [.. csp]);
        return referrer is null ? result : result.Add("referrer-policy", [referrer]);
    }

    /// <summary>Every script element; Src is the src attribute as a DOM without a base URL reflects it ("" when absent).</summary>
    public static IReadOnlyList<Script> Scripts(string html) =>
        new HtmlParser().ParseDocument(html).QuerySelectorAll("script")
            .Select(s => new Script(Reflect(s.GetAttribute("src")), s.GetAttribute("integrity")))
            .ToList();

    private static string Reflect(string? src)
    {
        if (src is null) return "";
        var trimmed = src.Trim();
        // Only absolute URLs resolve against about:blank; they come back normalized (lower-case scheme and host).
        if (System.Text.RegularExpressions.Regex.IsMatch(trimmed, "^[A-Za-z][A-Za-z0-9+.-]*:") &&
            Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return uri.AbsoluteUri;
        }
        return trimmed;
    }
}
