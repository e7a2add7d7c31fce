using Netpact.Audit.Findings;

namespace Netpact.Audit.Http;

/// <summary>Result lines for a site: the ten Observatory tests, its score, and testssl.sh-style header lines.</summary>
public static class HttpFindings
{
    public static IEnumerable<AuditFinding> For(string target, HttpAudit audit)
    {
        // Reported whatever else happened: the chain up to the host nobody named, which was not contacted.
        foreach (var redirect in audit.Retrieval.RedirectsNotFollowed)
            yield return new AuditFinding("redirect_not_followed", target, AuditSeverity.Info, redirect, Controls.Transport);
        if (audit.Observatory is not { } result)
        {
            yield return new AuditFinding("scanProblem", target, AuditSeverity.High, audit.Error ?? "the site could not be graded", Controls.Transport);
            yield break;
        }
        // The Observatory grades a failed side as absent (redirection-not-needed-no-http); say why it failed.
        var retrieval = audit.Retrieval;
        if (retrieval.HttpFailure is { } httpFailure && !httpFailure.EndsWith(Net.Connector.Describe(Net.ConnectFailure.Refused), StringComparison.Ordinal))
            yield return new AuditFinding("http_failure", target, AuditSeverity.Low, $"{audit.Target.HttpUrl} failed: {httpFailure}", Controls.Transport);
        if (retrieval.HttpsFailure is { } httpsFailure)
            yield return new AuditFinding("https_failure", target, AuditSeverity.Medium, $"{audit.Target.HttpsUrl} failed: {httpsFailure}", Controls.Transport);
        foreach (var test in result.Tests)
        {
            var severity = test.Pass ? AuditSeverity.Ok
                : test.Modifier <= -40 ? AuditSeverity.High
                : test.Modifier <= -20 ? AuditSeverity.Medium
                : AuditSeverity.Low;
            var text = $"{test.Result} ({test.Modifier:+0;-0;0}){(test.Detail.Length > 0 ? ": " + test.Detail : "")}";
            yield return new AuditFinding(test.Name, target, severity, text, ControlsOf(test.Name));
        }
        var gradeSeverity = result.Grade switch
        {
            "A+" or "A" or "A-" => AuditSeverity.Ok,
            var g when g.StartsWith('B') => AuditSeverity.Low,
            var g when g.StartsWith('C') => AuditSeverity.Medium,
            _ => AuditSeverity.High,
        };
        yield return new AuditFinding("observatory_score", target, gradeSeverity,
            $"{result.Grade}, score {result.Score} ({result.TestsPassed}/{result.Tests.Length} tests passed)", Controls.BrowserHardening);

        // testssl.sh's header lines, read from the HTTPS response itself (the Observatory folds certificate problems in).
        var https = audit.Retrieval.Https;
        if (https is not null)
        {
            var hsts = https.Header("strict-transport-security");
            if (string.IsNullOrEmpty(hsts))
            {
                yield return new AuditFinding("HSTS", target, AuditSeverity.Low, "not offered", Controls.Transport);
            }
            else
            {
                yield return new AuditFinding("HSTS", target, AuditSeverity.Ok, hsts, Controls.Transport);
                foreach (var f in HstsLines(target, hsts)) yield return f;
            }
            foreach (var f in ClockLines(target, https)) yield return f;
        }
        if (audit.Retrieval.Compression is { } compression)
        {
            // testssl.sh 3.2.3's wording, disclaimer (with its two spaces) included.
            var disclaimer = $" - only supplied \"{audit.Target.HttpsUrl.AbsolutePath}\" tested";
            yield return compression switch
            {
                { Failure: { } failure } => new AuditFinding("BREACH", target, AuditSeverity.Info, $"Test failed: {failure}", Controls.Transport),
                { Detected.IsEmpty: true } => new AuditFinding("BREACH", target, AuditSeverity.Ok, $"not vulnerable, no gzip/deflate/compress/br HTTP compression {disclaimer}", Controls.Transport),
                _ => new AuditFinding("BREACH", target, AuditSeverity.Medium, $"potentially VULNERABLE, {string.Join(" ", compression.Detected)} HTTP compression detected {disclaimer}", Controls.Transport),
            };
        }
        var cookies = audit.Retrieval.Cookies;
        if (!cookies.IsEmpty)
        {
            var insecure = cookies.Where(c => !c.Secure).Select(c => c.Name).ToList();
            var scriptable = cookies.Where(c => !c.HttpOnly).Select(c => c.Name).ToList();
            // testssl.sh 3.2.3: INFO when some cookies lack the flag (the Observatory's cookies test weighs them).
            yield return new AuditFinding("cookie_secure", target, insecure.Count > 0 ? AuditSeverity.Info : AuditSeverity.Ok,
                $"{cookies.Length - insecure.Count}/{cookies.Length} cookies marked Secure{(insecure.Count > 0 ? $" (without: {string.Join(", ", insecure)})" : "")}", Controls.Transport);
            yield return new AuditFinding("cookie_httponly", target, scriptable.Count > 0 ? AuditSeverity.Info : AuditSeverity.Ok,
                $"{cookies.Length - scriptable.Count}/{cookies.Length} cookies marked HttpOnly{(scriptable.Count > 0 ? $" (without: {string.Join(", ", scriptable)})" : "")}", Controls.BrowserHardening);
        }
        if (audit.Target.HttpsOnly && audit.Retrieval.Http is { } http)
        {
            var redirected = audit.Retrieval.HttpRedirects is { Length: > 1 } route && route[^1].Url.Scheme == Uri.UriSchemeHttps;
            yield return redirected
                ? new AuditFinding("intent_https_only", target, AuditSeverity.Ok, $"{audit.Target.HttpUrl} redirects to HTTPS", Controls.Transport)
                : new AuditFinding("intent_https_only", target, AuditSeverity.High, $"public endpoint serves plain HTTP at {audit.Target.HttpUrl} (status {http.Status}) instead of redirecting to HTTPS", Controls.Transport);
        }
    }

    /// <summary>testssl.sh 3.2.3's HTTP_clock_skew (Date plus Age against the local clock), HTTP_headerTime and HTTP_headerAge.</summary>
    public static IEnumerable<AuditFinding> ClockLines(string target, HttpResponseData response)
    {
        AuditFinding F(string id, AuditSeverity severity, string text) => new(id, target, severity, text, Controls.Transport);
        var date = response.Header("date");
        var ageText = response.Header("age")?.Trim();
        long? age = long.TryParse(ageText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var a) ? a : null;
        if (date is null || response.ReceivedAt is not { } received
            || !DateTimeOffset.TryParseExact(date.Trim(), "r", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var served))
        {
            yield return F("HTTP_clock_skew", AuditSeverity.Info, "Got no HTTP time, maybe try different URL?");
            yield break;
        }
        var skew = (long)Math.Round((served.AddSeconds(age ?? 0) - received).TotalSeconds);
        yield return F("HTTP_clock_skew", AuditSeverity.Info, $"{(skew > 0 ? "+" : "")}{skew} seconds from localtime");
        yield return F("HTTP_headerTime", AuditSeverity.Info, date.Trim());
        if (ageText is not null)
        {
            yield return age is { } seconds
                ? F("HTTP_headerAge", AuditSeverity.Info, $"{seconds} seconds")
                : F("HTTP_headerAge", AuditSeverity.Low, $"{ageText} was not a non-negative integer, see RFC 7234, sec 1.2.1.");
        }
    }

    /// <summary>testssl.sh 3.2.3's HSTS_MIN: 180 days.</summary>
    public const long HstsMinSeconds = 15552000;

    /// <summary>testssl.sh 3.2.3's HSTS_time, HSTS_subdomains and HSTS_preload, with its severities and wording.</summary>
    public static IEnumerable<AuditFinding> HstsLines(string target, string header)
    {
        AuditFinding F(string id, AuditSeverity severity, string text) => new(id, target, severity, text, Controls.Transport);
        var directives = header.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var maxAge = directives.FirstOrDefault(d => d.StartsWith("max-age", StringComparison.OrdinalIgnoreCase));
        var value = maxAge is null ? null : maxAge.Contains('=', StringComparison.Ordinal) ? maxAge[(maxAge.IndexOf('=', StringComparison.Ordinal) + 1)..].Trim().Trim('"') : "";
        if (value is null)
        {
            yield return F("HSTS_time", AuditSeverity.Medium, $"misconfiguration, parameter max-age (recommended > {HstsMinSeconds} seconds = 180 days) missing");
        }
        else if (!long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
        {
            yield return F("HSTS_time", AuditSeverity.Medium, "misconfiguration, specified not a number for max-age");
        }
        else if (seconds == 0)
        {
            yield return F("HSTS_time", AuditSeverity.Low, "0. HSTS is disabled");
        }
        else if (seconds >= HstsMinSeconds)
        {
            yield return F("HSTS_time", AuditSeverity.Ok, $"{seconds / 86400} days (={seconds} seconds) > {HstsMinSeconds} seconds");
        }
        else
        {
            yield return F("HSTS_time", AuditSeverity.Medium, $"max-age too short. {seconds / 86400} days (={seconds} seconds) < {HstsMinSeconds} seconds");
        }
        yield return directives.Any(d => d.Equals("includeSubDomains", StringComparison.OrdinalIgnoreCase))
            ? F("HSTS_subdomains", AuditSeverity.Ok, "includes subdomains")
            : F("HSTS_subdomains", AuditSeverity.Info, "only for this domain");
        yield return directives.Any(d => d.Equals("preload", StringComparison.OrdinalIgnoreCase))
            ? F("HSTS_preload", AuditSeverity.Ok, "domain IS marked for preloading")
            : F("HSTS_preload", AuditSeverity.Info, "domain is NOT marked for preloading");
    }

    private static System.Collections.Immutable.ImmutableArray<string> ControlsOf(string test) => test switch
    {
        "content-security-policy" or "subresource-integrity" => Controls.PageScripts,
        "redirection" or "strict-transport-security" or "cookies" => Controls.Transport,
        _ => Controls.BrowserHardening,
    };
}
