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
            yield return string.IsNullOrEmpty(hsts)
                ? new AuditFinding("HSTS", target, AuditSeverity.Low, "not offered", Controls.Transport)
                : new AuditFinding("HSTS", target, AuditSeverity.Ok, hsts, Controls.Transport);
        }
        var cookies = audit.Retrieval.Cookies;
        if (!cookies.IsEmpty)
        {
            var insecure = cookies.Where(c => !c.Secure).Select(c => c.Name).ToList();
            var scriptable = cookies.Where(c => !c.HttpOnly).Select(c => c.Name).ToList();
            yield return new AuditFinding("cookie_secure", target, insecure.Count > 0 ? AuditSeverity.Medium : AuditSeverity.Ok,
                $"{cookies.Length - insecure.Count}/{cookies.Length} cookies marked Secure{(insecure.Count > 0 ? $" (without: {string.Join(", ", insecure)})" : "")}", Controls.Transport);
            yield return new AuditFinding("cookie_httponly", target, scriptable.Count > 0 ? AuditSeverity.Low : AuditSeverity.Ok,
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

    private static System.Collections.Immutable.ImmutableArray<string> ControlsOf(string test) => test switch
    {
        "content-security-policy" or "subresource-integrity" => Controls.PageScripts,
        "redirection" or "strict-transport-security" or "cookies" => Controls.Transport,
        _ => Controls.BrowserHardening,
    };
}
