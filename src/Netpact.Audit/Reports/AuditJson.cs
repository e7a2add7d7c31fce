using System.Text.Json;
using System.Text.Json.Nodes;
using Netpact.Audit.Tls;

namespace Netpact.Audit.Reports;

/// <summary>The audit as JSON: per endpoint the raw facts (protocols, suites, certificate, scores, ports) and the findings.</summary>
internal static class AuditJson
{
    public static string Write(AuditResult result)
    {
        var root = new JsonObject
        {
            ["tool"] = "netpact audit",
            ["started"] = result.Started.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["durationSeconds"] = Math.Round(result.Duration.TotalSeconds, 3),
            ["endpoints"] = new JsonArray([.. result.Endpoints.Select(Endpoint)]),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    private static JsonNode Endpoint(EndpointAudit e) => new JsonObject
    {
        ["name"] = e.Name,
        ["tls"] = new JsonArray([.. e.Tls.Select(Tls)]),
        ["http"] = new JsonArray([.. e.Http.Select(Http)]),
        ["ports"] = new JsonArray([.. e.Ports.Select(p => (JsonNode)new JsonObject
        {
            ["host"] = p.Target.Host,
            ["address"] = p.Scan.Address?.ToString(),
            ["scanned"] = p.Scan.States.Count,
            ["open"] = new JsonArray([.. p.Scan.Open.Select(x => (JsonNode)x)]),
            ["allowed"] = p.Target.Allowed is { } a ? new JsonArray([.. a.Select(x => (JsonNode)x)]) : null,
            ["budgetExhausted"] = p.Scan.BudgetExhausted,
        })]),
        ["findings"] = new JsonArray([.. e.Findings.Select(f => (JsonNode)new JsonObject
        {
            ["id"] = f.Id,
            ["target"] = f.Target,
            ["severity"] = AuditReport.SeverityName(f.Severity),
            ["finding"] = f.Text,
            ["controls"] = new JsonArray([.. f.Controls.Select(c => (JsonNode)c)]),
        })]),
    };

    private static JsonNode Tls(TlsAudit t)
    {
        var cert = t.Scan.Certificate;
        return new JsonObject
        {
            ["endpoint"] = t.Target.Endpoint.ToString(),
            ["expectedProfile"] = t.Target.ExpectedProfile?.ToString().ToLowerInvariant(),
            ["protocols"] = new JsonObject([.. t.Scan.Protocols.Select(p => KeyValuePair.Create(p.Version.Display(), (JsonNode?)new JsonObject
            {
                ["offered"] = p.Offered,
                ["suites"] = new JsonArray([.. p.Suites.Select(s => (JsonNode)s.IanaName)]),
            }))]),
            ["certificate"] = cert is null ? null : new JsonObject
            {
                ["subject"] = cert.Subject,
                ["issuer"] = cert.Issuer,
                ["subjectAltNames"] = new JsonArray([.. cert.SubjectAltNames.Select(s => (JsonNode)s)]),
                ["keyType"] = cert.KeyType,
                ["keyBits"] = cert.KeyBits,
                ["signatureAlgorithm"] = cert.SignatureAlgorithm,
                ["notAfter"] = cert.NotAfter.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["daysLeft"] = Math.Round(cert.DaysLeft, 2),
                ["selfSigned"] = cert.SelfSigned,
                ["trusted"] = cert.Trusted,
                ["hostnameMatches"] = cert.HostnameMatches,
            },
            ["ocspStapled"] = t.Scan.OcspStapled,
            ["grade"] = t.Grade.Grade,
            ["gradeIgnoringTrust"] = t.Grade.GradeIgnoringTrust,
            ["profiles"] = new JsonObject([.. t.Profiles.Select(p => KeyValuePair.Create(p.Profile.ToString().ToLowerInvariant(), (JsonNode?)p.Passes))]),
        };
    }

    private static JsonNode Http(HttpAudit h) => new JsonObject
    {
        ["url"] = h.Target.HttpsUrl.ToString(),
        ["httpUrl"] = h.Target.HttpUrl.ToString(),
        ["observatoryScore"] = h.Observatory?.Score,
        ["observatoryGrade"] = h.Observatory?.Grade,
        ["error"] = h.Error,
        ["tests"] = new JsonArray([.. (h.Observatory?.Tests ?? []).Select(t => (JsonNode)new JsonObject
        {
            ["name"] = t.Name,
            ["result"] = t.Result,
            ["pass"] = t.Pass,
            ["scoreModifier"] = t.Modifier,
        })]),
    };
}
