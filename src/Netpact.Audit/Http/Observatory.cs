using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Netpact.Audit.Http;

/// <summary>
/// Mozilla HTTP Observatory 1.4.8 (algorithm version 4), rewritten from its published rules: ten tests,
/// each giving one expectation with a score modifier; the score starts at 100, penalties always count,
/// bonuses only when the penalties alone leave at least 90; grades in steps of five from F to A+.
/// </summary>
public static partial class Observatory
{
    public const int MinimumScoreForExtraCredit = 90;

    private static readonly Dictionary<string, int> Modifiers = new(StringComparer.Ordinal)
    {
        ["csp-implemented-with-no-unsafe-default-src-none"] = 10,
        ["csp-implemented-with-no-unsafe"] = 5,
        ["csp-implemented-with-unsafe-inline-in-style-src-only"] = 0,
        ["csp-implemented-with-insecure-scheme-in-passive-content-only"] = -10,
        ["csp-implemented-with-unsafe-eval"] = -10,
        ["csp-implemented-with-unsafe-inline"] = -20,
        ["csp-implemented-with-insecure-scheme"] = -20,
        ["csp-header-invalid"] = -25,
        ["csp-not-implemented"] = -25,
        ["csp-not-implemented-but-reporting-enabled"] = -25,
        ["csp-implemented-but-duplicate-directives"] = 0,
        ["cookies-secure-with-httponly-sessions-and-samesite"] = 5,
        ["cookies-secure-with-httponly-sessions"] = 0,
        ["cookies-not-found"] = 0,
        ["cookies-without-secure-flag-but-protected-by-hsts"] = -5,
        ["cookies-session-without-secure-flag-but-protected-by-hsts"] = -10,
        ["cookies-without-secure-flag"] = -20,
        ["cookies-samesite-flag-invalid"] = -20,
        ["cookies-anticsrf-without-samesite-flag"] = -20,
        ["cookies-session-without-httponly-flag"] = -30,
        ["cookies-session-without-secure-flag"] = -40,
        ["cross-origin-resource-sharing-not-implemented"] = 0,
        ["cross-origin-resource-sharing-implemented-with-public-access"] = 0,
        ["cross-origin-resource-sharing-implemented-with-restricted-access"] = 0,
        ["cross-origin-resource-sharing-implemented-with-universal-access"] = -50,
        ["redirection-all-redirects-preloaded"] = 0,
        ["redirection-to-https"] = 0,
        ["redirection-not-needed-no-http"] = 0,
        ["redirection-off-host-from-http"] = -5,
        ["redirection-not-to-https-on-initial-redirection"] = -10,
        ["redirection-not-to-https"] = -20,
        ["redirection-missing"] = -20,
        ["redirection-invalid-cert"] = -20,
        ["referrer-policy-private"] = 5,
        ["referrer-policy-not-implemented"] = 0,
        ["referrer-policy-unsafe"] = -5,
        ["referrer-policy-header-invalid"] = -5,
        ["hsts-preloaded"] = 5,
        ["hsts-implemented-max-age-at-least-six-months"] = 0,
        ["hsts-implemented-max-age-less-than-six-months"] = -10,
        ["hsts-not-implemented"] = -20,
        ["hsts-header-invalid"] = -20,
        ["hsts-not-implemented-no-https"] = -20,
        ["hsts-invalid-cert"] = -20,
        ["sri-implemented-and-all-scripts-loaded-securely"] = 5,
        ["sri-implemented-and-external-scripts-loaded-securely"] = 5,
        ["sri-not-implemented-response-not-html"] = 0,
        ["sri-not-implemented-but-no-scripts-loaded"] = 0,
        ["sri-not-implemented-but-all-scripts-loaded-from-secure-origin"] = 0,
        ["sri-not-implemented-but-external-scripts-loaded-securely"] = -5,
        ["sri-implemented-but-external-scripts-not-loaded-securely"] = -20,
        ["sri-not-implemented-and-external-scripts-not-loaded-securely"] = -50,
        ["x-content-type-options-nosniff"] = 0,
        ["x-content-type-options-not-implemented"] = -5,
        ["x-content-type-options-header-invalid"] = -5,
        ["x-frame-options-implemented-via-csp"] = 5,
        ["x-frame-options-sameorigin-or-deny"] = 0,
        ["x-frame-options-allow-from-origin"] = 0,
        ["x-frame-options-not-implemented"] = -20,
        ["x-frame-options-header-invalid"] = -20,
        ["corp-header-invalid"] = -5,
        ["corp-implemented-with-cross-origin"] = 0,
        ["corp-implemented-with-same-origin"] = 10,
        ["corp-implemented-with-same-site"] = 10,
        ["corp-not-implemented"] = 0,
        ["html-not-parseable"] = -20,
    };

    public static int ModifierOf(string result) => Modifiers.GetValueOrDefault(result);

    /// <summary>The grade for a score: multiples of five, F below 25, A+ from 100.</summary>
    public static string GradeFor(int score)
    {
        var key = Math.Min(Math.Max(score, 0) / 5 * 5, 100);
        return key switch
        {
            100 => "A+",
            >= 90 => "A",
            85 => "A-",
            80 => "B+",
            >= 70 => "B",
            65 => "B-",
            60 => "C+",
            >= 50 => "C",
            45 => "C-",
            40 => "D+",
            >= 30 => "D",
            25 => "D-",
            _ => "F",
        };
    }

    /// <summary>Scores a retrieval; null with a reason when the Observatory would refuse to (site down, bad status).</summary>
    public static ObservatoryResult? Score(SiteRetrieval site, out string? error)
    {
        error = site.Error;
        if (site.Auto is null)
        {
            error ??= "The site seems to be down.";
            return null;
        }
        var status = site.Auto.Status;
        if (status < 200 || status >= 400 && status is not (401 or 403))
        {
            error = $"Site did respond with an unexpected HTTP status code {status}.";
            return null;
        }
        ObservatoryTest[] tests =
        [
            ContentSecurityPolicy(site).Test,
            Cookies(site),
            CrossOriginResourceSharing(site),
            Redirection(site),
            ReferrerPolicy(site),
            StrictTransportSecurity(site),
            SubresourceIntegrity(site),
            XContentTypeOptions(site),
            XFrameOptions(site),
            CrossOriginResourcePolicy(site),
        ];
        var passed = 0;
        var withExtraCredit = 100;
        var uncurved = 100;
        foreach (var test in tests)
        {
            passed += test.Pass ? 1 : 0;
            withExtraCredit += test.Modifier;
            if (test.Modifier < 0) uncurved += test.Modifier;
        }
        var score = Math.Max(uncurved >= MinimumScoreForExtraCredit ? withExtraCredit : uncurved, 0);
        return new ObservatoryResult(score, GradeFor(score), passed, tests.Length - passed, [.. tests], status);
    }

    private static ObservatoryTest Test(string name, string title, string result, bool pass, string detail = "") =>
        new(name, title, result, pass, ModifierOf(result), detail);

    private static string OnlyIfWorse(string next, string? current, string[] order) =>
        current is null || Array.IndexOf(order, next) > Array.IndexOf(order, current) ? next : current;

    // ---- Content Security Policy ----------------------------------------------------------------

    private static readonly HashSet<string> DangerouslyBroad = ["ftp:", "http:", "https:", "*", "http://*", "http://*.*", "https://*", "https://*.*"];
    private static readonly HashSet<string> UnsafeInline = ["'unsafe-inline'", "data:"];
    private static readonly HashSet<string> BroadOrUnsafeInline = [.. DangerouslyBroad, .. UnsafeInline];
    private static readonly string[] NoncesHashes = ["'sha256-", "'sha384-", "'sha512-", "'nonce-"];

    private static bool StartsWithNonceOrHash(IEnumerable<string> sources) => sources.Any(s => NoncesHashes.Any(n => s.StartsWith(n, StringComparison.Ordinal)));

    internal static (ObservatoryTest Test, Dictionary<string, HashSet<string>>? Data) ContentSecurityPolicy(SiteRetrieval site)
    {
        const string name = "content-security-policy", title = "Content Security Policy (CSP)";
        var response = site.Auto;
        var url = site.SessionUrl;
        if (response is null || url is null) return (Test(name, title, "csp-not-implemented", false), null);
        var header = response.HeaderValues("content-security-policy");
        var equiv = site.HttpEquiv.GetValueOrDefault("content-security-policy", []);
        Dictionary<string, HashSet<string>> csp, headerOnly, meta;
        try
        {
            csp = CspParser.Parse([.. header, .. equiv]);
        }
        catch (CspParser.InvalidPolicyException e)
        {
            return (Test(name, title, "csp-header-invalid", false, e.Message), null);
        }
        try { headerOnly = CspParser.Parse(header); } catch (CspParser.InvalidPolicyException) { headerOnly = []; }
        try { meta = CspParser.ParseMeta(equiv); } catch (CspParser.InvalidPolicyException) { meta = []; }
        if (headerOnly.Count + meta.Count == 0)
        {
            var reportOnly = response.Header("content-security-policy-report-only");
            return (Test(name, title, string.IsNullOrEmpty(reportOnly) ? "csp-not-implemented" : "csp-not-implemented-but-reporting-enabled", false), null);
        }

        HashSet<string> Get(string directive, string? fallback = null) =>
            csp.TryGetValue(directive, out var v) ? v : fallback is not null && csp.TryGetValue(fallback, out var f) ? f : ["*"];
        var objectSrc = Get("object-src", "default-src");
        var scriptSrc = Get("script-src", "default-src");
        var styleSrc = Get("style-src", "default-src");

        foreach (var list in new[] { scriptSrc, styleSrc })
        {
            if (StartsWithNonceOrHash(list) && list.Contains("'unsafe-inline'")) list.Remove("'unsafe-inline'");
        }
        string? result = null;
        if (StartsWithNonceOrHash(scriptSrc) && scriptSrc.Contains("'strict-dynamic'"))
        {
            scriptSrc.RemoveWhere(s => DangerouslyBroad.Any(b => s.StartsWith(b, StringComparison.Ordinal)) || s is "'self'" or "'unsafe-inline'");
        }
        else if (scriptSrc.Contains("'strict-dynamic'"))
        {
            result ??= "csp-header-invalid";
        }

        var active = csp.Where(kv => kv.Key is not ("img-src" or "media-src" or "script-src")).SelectMany(kv => kv.Value).Concat(scriptSrc).ToList();
        var passive = new[] { "img-src", "media-src" }.SelectMany(d => csp.TryGetValue(d, out var v) ? v : csp.TryGetValue("default-src", out var def) ? def : []).ToList();
        var https = url.Scheme == Uri.UriSchemeHttps;

        if (scriptSrc.Any(BroadOrUnsafeInline.Contains) || objectSrc.Any(DangerouslyBroad.Contains)) result ??= "csp-implemented-with-unsafe-inline";
        if (https && active.Any(s => s.StartsWith("http:", StringComparison.Ordinal) || s.StartsWith("ftp:", StringComparison.Ordinal))) result ??= "csp-implemented-with-insecure-scheme";
        if (scriptSrc.Contains("'unsafe-eval'") || styleSrc.Contains("'unsafe-eval'")) result ??= "csp-implemented-with-unsafe-eval";
        if (https && passive.Any(s => s.StartsWith("http:", StringComparison.Ordinal) || s.StartsWith("ftp:", StringComparison.Ordinal))) result ??= "csp-implemented-with-insecure-scheme-in-passive-content-only";
        if (styleSrc.Any(BroadOrUnsafeInline.Contains)) result ??= "csp-implemented-with-unsafe-inline-in-style-src-only";
        if (csp.TryGetValue("default-src", out var defaultSrc) && defaultSrc.Contains("'none'") && defaultSrc.Count == 1) result ??= "csp-implemented-with-no-unsafe-default-src-none";
        else result ??= "csp-implemented-with-no-unsafe";

        var pass = result is "csp-implemented-with-no-unsafe" or "csp-implemented-with-no-unsafe-default-src-none"
            or "csp-implemented-with-unsafe-inline-in-style-src-only" or "csp-implemented-with-insecure-scheme-in-passive-content-only";
        if (pass && csp.ContainsKey(CspParser.DuplicateWarningsKey)) result = "csp-implemented-but-duplicate-directives";
        var data = csp.Where(kv => kv.Key != CspParser.DuplicateWarningsKey).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        var detail = string.Join("; ", data.Select(kv => $"{kv.Key} {string.Join(" ", kv.Value.Order(StringComparer.Ordinal))}"));
        return (Test(name, title, result, pass, detail), data);
    }

    // ---- Cookies ------------------------------------------------------------------------------------

    internal static ObservatoryTest Cookies(SiteRetrieval site)
    {
        const string name = "cookies", title = "Cookies";
        string[] goodness =
        [
            "cookies-without-secure-flag-but-protected-by-hsts", "cookies-without-secure-flag",
            "cookies-session-without-secure-flag-but-protected-by-hsts", "cookies-samesite-flag-invalid",
            "cookies-anticsrf-without-samesite-flag", "cookies-session-without-httponly-flag", "cookies-session-without-secure-flag",
        ];
        var hsts = StrictTransportSecurity(site).Pass;
        string? result = null;
        if (site.Auto is { } auto)
        {
            foreach (var raw in auto.SetCookies)
            {
                if (ContainsInvalidSameSite(raw)) result = OnlyIfWorse("cookies-samesite-flag-invalid", result, goodness);
            }
        }
        var cookies = site.Cookies.Where(c => c.Name != "heroku-session-affinity").ToList();
        if (cookies.Count == 0)
        {
            return Test(name, title, "cookies-not-found", true);
        }
        var missingSameSite = false;
        foreach (var cookie in cookies)
        {
            var lower = cookie.Name.ToLowerInvariant();
            var session = lower.Contains("login", StringComparison.Ordinal) || lower.Contains("sess", StringComparison.Ordinal);
            var antiCsrf = lower.Contains("csrf", StringComparison.Ordinal);
            if (!cookie.Secure && cookie.SameSite == "none") result = OnlyIfWorse("cookies-samesite-flag-invalid", result, goodness);
            if (!cookie.Secure) result = OnlyIfWorse(hsts ? "cookies-without-secure-flag-but-protected-by-hsts" : "cookies-without-secure-flag", result, goodness);
            if (antiCsrf && cookie.SameSite is null) result = OnlyIfWorse("cookies-anticsrf-without-samesite-flag", result, goodness);
            if (session && !cookie.Secure) result = OnlyIfWorse(hsts ? "cookies-session-without-secure-flag-but-protected-by-hsts" : "cookies-session-without-secure-flag", result, goodness);
            if (session && !cookie.HttpOnly) result = OnlyIfWorse("cookies-session-without-httponly-flag", result, goodness);
            if (cookie.SameSite is null) missingSameSite = true;
        }
        result ??= missingSameSite ? "cookies-secure-with-httponly-sessions" : "cookies-secure-with-httponly-sessions-and-samesite";
        var detail = string.Join("; ", cookies.Select(c =>
        {
            var missing = new List<string>();
            if (!c.Secure) missing.Add("no Secure");
            if (!c.HttpOnly) missing.Add("no HttpOnly");
            if (c.SameSite is null) missing.Add("no SameSite");
            return missing.Count == 0 ? $"{c.Name}: Secure, HttpOnly, SameSite={c.SameSite}" : $"{c.Name}: {string.Join(", ", missing)}";
        }));
        var pass = result is "cookies-not-found" or "cookies-secure-with-httponly-sessions-and-samesite" or "cookies-secure-with-httponly-sessions";
        return Test(name, title, result, pass, detail);
    }

    private static bool ContainsInvalidSameSite(string cookie)
    {
        foreach (var part in cookie.Trim().Split(';'))
        {
            var pieces = part.Trim().Split('=');
            if (pieces[0].Trim().ToLowerInvariant() != "samesite") continue;
            if (pieces.Length < 2 || pieces[1].Length == 0) return true;
            if (pieces[1].Trim().ToLowerInvariant() is not ("lax" or "strict" or "none")) return true;
        }
        return false;
    }

    // ---- CORS -----------------------------------------------------------------------------------------

    internal static ObservatoryTest CrossOriginResourceSharing(SiteRetrieval site)
    {
        const string name = "cross-origin-resource-sharing", title = "Cross Origin Resource Sharing (CORS)";
        var result = "cross-origin-resource-sharing-not-implemented";
        var acao = site.Cors?.Header("access-control-allow-origin");
        var detail = "";
        if (site.Cors is not null && !string.IsNullOrEmpty(acao))
        {
            detail = acao.Length > 256 ? acao[..256].Trim().ToLowerInvariant() : acao.Trim().ToLowerInvariant();
            // Observatory 1.4.8 reads the Origin it sent from the response's request object, which never
            // carries headers there: so an echoed origin with credentials counts as restricted, not universal.
            result = detail == "*" ? "cross-origin-resource-sharing-implemented-with-public-access" : "cross-origin-resource-sharing-implemented-with-restricted-access";
        }
        return Test(name, title, result, true, detail);
    }

    // ---- Redirection ----------------------------------------------------------------------------------

    internal static ObservatoryTest Redirection(SiteRetrieval site)
    {
        const string name = "redirection", title = "Redirection";
        var response = site.Http;
        string result;
        var route = site.HttpRedirects;
        if (response is null) result = "redirection-not-needed-no-http";
        else if (!response.Verified) result = "redirection-invalid-cert";
        else if (route.Length > 0 && route.All(r => HstsPreload.IsPreloaded(r.Url.Host))) result = "redirection-all-redirects-preloaded";
        else if (route.Length == 1) result = "redirection-missing";
        else if (route[^1].Url.Scheme != Uri.UriSchemeHttps) result = "redirection-not-to-https";
        else if (route[1].Url.Scheme == Uri.UriSchemeHttp) result = "redirection-not-to-https-on-initial-redirection";
        else if (route[0].Url.Scheme == Uri.UriSchemeHttp && route[1].Url.Scheme == Uri.UriSchemeHttps && route[0].Url.Host != route[1].Url.Host) result = "redirection-off-host-from-http";
        else result = "redirection-to-https";
        var pass = result is "redirection-not-needed-no-http" or "redirection-all-redirects-preloaded" or "redirection-to-https";
        return Test(name, title, result, pass, route.IsEmpty ? "" : string.Join(" -> ", route));
    }

    // ---- Referrer-Policy ------------------------------------------------------------------------------

    internal static ObservatoryTest ReferrerPolicy(SiteRetrieval site)
    {
        const string name = "referrer-policy", title = "Referrer Policy";
        string[] good = ["no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"];
        string[] bad = ["origin", "origin-when-cross-origin", "unsafe-url", "no-referrer-when-downgrade"];
        if (site.Auto is not { } response) return Test(name, title, "referrer-policy-not-implemented", false);
        var header = response.HeaderValues("referrer-policy");
        var equiv = site.HttpEquiv.GetValueOrDefault("referrer-policy", []);
        if (header.Count == 0 && equiv.Length == 0) return Test(name, title, "referrer-policy-not-implemented", true);
        var data = string.Join(", ", header.Concat(equiv));
        var policy = data.Split(',').Select(e => e.Trim().ToLowerInvariant()).LastOrDefault(e => good.Contains(e) || bad.Contains(e)) ?? "";
        var result = good.Contains(policy) ? "referrer-policy-private" : bad.Contains(policy) ? "referrer-policy-unsafe" : "referrer-policy-header-invalid";
        return Test(name, title, result, result == "referrer-policy-private", data);
    }

    // ---- Strict-Transport-Security --------------------------------------------------------------------

    private const double SixMonths = 15552000;

    internal static ObservatoryTest StrictTransportSecurity(SiteRetrieval site) => StrictTransportSecurity(site, out _);

    internal static ObservatoryTest StrictTransportSecurity(SiteRetrieval site, out double? maxAge)
    {
        const string name = "strict-transport-security", title = "Strict Transport Security (HSTS)";
        var result = "hsts-not-implemented";
        var response = site.Https;
        maxAge = null;
        var data = "";
        if (response is null) result = "hsts-not-implemented-no-https";
        else if (!response.Verified) result = "hsts-invalid-cert";
        else if (response.HeaderValues("strict-transport-security") is [var header, ..])
        {
            data = header.Length > 1024 ? header[..1024] : header;
            double? age = null;
            var valid = !data.Contains(',', StringComparison.Ordinal);
            foreach (var parameter in data.Split(';').Select(p => p.Trim().ToLowerInvariant()))
            {
                if (parameter.StartsWith("max-age=", StringComparison.Ordinal)) age = ParseIntLikeJavaScript(parameter[8..Math.Min(parameter.Length, 128)]);
            }
            if (age is null) valid = false;
            maxAge = age;
            // JavaScript compares NaN as neither smaller nor larger: a max-age that is no number passes.
            result = !valid ? "hsts-header-invalid" : age < SixMonths ? "hsts-implemented-max-age-less-than-six-months" : "hsts-implemented-max-age-at-least-six-months";
        }
        if (response is not null && HstsPreload.IsPreloaded(site.Hostname)) result = "hsts-preloaded";
        var pass = result is "hsts-implemented-max-age-at-least-six-months" or "hsts-preloaded";
        return Test(name, title, result, pass, data);
    }

    /// <summary>parseInt(s, 10): leading blanks and sign, then digits; NaN when there are none.</summary>
    private static double ParseIntLikeJavaScript(string s)
    {
        var m = LeadingInteger().Match(s);
        return m.Success ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN;
    }

    [GeneratedRegex(@"^\s*([+-]?\d+)")]
    private static partial Regex LeadingInteger();

    // ---- Subresource Integrity ------------------------------------------------------------------------

    internal static ObservatoryTest SubresourceIntegrity(SiteRetrieval site)
    {
        const string name = "subresource-integrity", title = "Subresource Integrity";
        string[] goodness =
        [
            "sri-implemented-and-all-scripts-loaded-securely", "sri-implemented-and-external-scripts-loaded-securely",
            "sri-implemented-but-external-scripts-not-loaded-securely", "sri-not-implemented-but-external-scripts-loaded-securely",
            "sri-not-implemented-and-external-scripts-not-loaded-securely", "sri-not-implemented-response-not-html",
        ];
        if (site.Auto is not { } response) return Test(name, title, "sri-not-implemented-but-no-scripts-loaded", false);
        string? result = null;
        var external = new List<string>();
        if (!HttpRetriever.IsHtml(response))
        {
            result = "sri-not-implemented-response-not-html";
        }
        else
        {
            var scripts = HtmlFacts.Scripts(response.Body);
            var foreign = false;
            var siteDomain = RegistrableDomain.Of(site.Hostname);
            foreach (var script in scripts.Where(s => s.Src.Length > 0))
            {
                bool relativeOrigin = false, relativeProtocol = false, sameSecondLevel;
                if (RelativeProtocol().IsMatch(script.Src))
                {
                    relativeProtocol = true;
                    sameSecondLevel = true;
                }
                else if (FullUrl().IsMatch(script.Src))
                {
                    sameSecondLevel = RegistrableDomain.Of(UrlHost(script.Src)) == siteDomain;
                }
                else
                {
                    relativeOrigin = true;
                    sameSecondLevel = true;
                }
                var secureOrigin = relativeOrigin || sameSecondLevel && !relativeProtocol;
                if (!secureOrigin) foreign = true;
                var scheme = !relativeProtocol && !relativeOrigin ? script.Src[..script.Src.IndexOf(':', StringComparison.Ordinal)] : null;
                var secureScheme = scheme == "https" || relativeOrigin && site.SessionUrl?.Scheme == Uri.UriSchemeHttps;
                var integrity = !string.IsNullOrEmpty(script.Integrity);
                if (!secureOrigin)
                {
                    external.Add($"{script.Src}{(integrity ? " (integrity)" : " (no integrity)")}");
                    if (integrity && !secureScheme) result = OnlyIfWorse("sri-implemented-but-external-scripts-not-loaded-securely", result, goodness);
                    else if (!integrity && secureScheme) result = OnlyIfWorse("sri-not-implemented-but-external-scripts-loaded-securely", result, goodness);
                    else if (!integrity && !secureScheme) result = OnlyIfWorse("sri-not-implemented-and-external-scripts-not-loaded-securely", result, goodness);
                }
                else if (integrity && secureScheme && result is null)
                {
                    result = "sri-implemented-and-all-scripts-loaded-securely";
                }
            }
            if (scripts.Count == 0) result = "sri-not-implemented-but-no-scripts-loaded";
            else result ??= foreign ? "sri-implemented-and-external-scripts-loaded-securely" : "sri-not-implemented-but-all-scripts-loaded-from-secure-origin";
        }
        var pass = result is "sri-implemented-and-all-scripts-loaded-securely" or "sri-implemented-and-external-scripts-loaded-securely"
            or "sri-not-implemented-response-not-html" or "sri-not-implemented-but-all-scripts-loaded-from-secure-origin" or "sri-not-implemented-but-no-scripts-loaded";
        return Test(name, title, result, pass, string.Join("; ", external));
    }

    [GeneratedRegex(@"^(//)[^/]")]
    private static partial Regex RelativeProtocol();

    [GeneratedRegex(@"^https?://")]
    private static partial Regex FullUrl();

    private static string UrlHost(string url) => Uri.TryCreate(url, UriKind.Absolute, out var u) ? u.Host : "";

    // ---- X-Content-Type-Options, X-Frame-Options, CORP -----------------------------------------------

    internal static ObservatoryTest XContentTypeOptions(SiteRetrieval site)
    {
        const string name = "x-content-type-options", title = "X-Content-Type-Options";
        var header = site.Auto?.Header("x-content-type-options");
        if (string.IsNullOrEmpty(header)) return Test(name, title, "x-content-type-options-not-implemented", false);
        var data = header.Length > 256 ? header[..256] : header;
        var result = data.Trim().ToLowerInvariant() == "nosniff" ? "x-content-type-options-nosniff" : "x-content-type-options-header-invalid";
        return Test(name, title, result, result == "x-content-type-options-nosniff", data);
    }

    internal static ObservatoryTest XFrameOptions(SiteRetrieval site)
    {
        const string name = "x-frame-options", title = "X-Frame-Options";
        if (site.Auto is not { } response) return Test(name, title, "x-frame-options-not-implemented", false);
        var header = response.Header("x-frame-options");
        string result;
        var data = "";
        if (!string.IsNullOrEmpty(header))
        {
            data = header.Length > 1024 ? header[..1024] : header;
            var xfo = data.Trim().ToLowerInvariant();
            result = xfo is "deny" or "sameorigin" ? "x-frame-options-sameorigin-or-deny"
                : xfo.StartsWith("allow-from", StringComparison.Ordinal) ? "x-frame-options-allow-from-origin"
                : "x-frame-options-header-invalid";
        }
        else
        {
            result = "x-frame-options-not-implemented";
        }
        if (ContentSecurityPolicy(site).Data?.ContainsKey("frame-ancestors") == true) result = "x-frame-options-implemented-via-csp";
        var pass = result is "x-frame-options-allow-from-origin" or "x-frame-options-sameorigin-or-deny" or "x-frame-options-implemented-via-csp";
        return Test(name, title, result, pass, data);
    }

    internal static ObservatoryTest CrossOriginResourcePolicy(SiteRetrieval site)
    {
        const string name = "cross-origin-resource-policy", title = "Cross Origin Resource Policy";
        var header = site.Auto?.Header("cross-origin-resource-policy");
        var result = "corp-not-implemented";
        var data = "";
        if (!string.IsNullOrEmpty(header))
        {
            data = (header.Length > 256 ? header[..256] : header).Trim().ToLowerInvariant();
            result = data switch
            {
                "same-site" => "corp-implemented-with-same-site",
                "same-origin" => "corp-implemented-with-same-origin",
                "cross-origin" => "corp-implemented-with-cross-origin",
                _ => "corp-header-invalid",
            };
        }
        return Test(name, title, result, result != "corp-header-invalid", data);
    }
}
