using System.Security.Cryptography;
using System.Text;
using Netpact.Findings;

namespace Netpact.Lint;

/// <summary>Lint's findings as netpact's one finding type, for SARIF, the HTML report and serve.</summary>
public static class LintFindings
{
    public static IEnumerable<Findings.Finding> Of(LintResult result) => result.Findings.Select(f => new Findings.Finding
    {
        Source = "lint",
        Rule = f.Rule.Id,
        Severity = Severity(f.Severity),
        Message = f.Message,
        Span = f.Span,
        Workloads = f.Workloads,
        Controls = f.Rule.Controls,
        Fix = f.Fix,
        Detail = f.SuppressedBy is { } s ? $"suppressed at {s.Span}" : "",
        SuppressedBy = f.SuppressedBy is { } by ? new FindingSuppression(by.InSource, by.Reason, by.Span) : null,
        Fingerprint = Fingerprint(f.Key),
    });

    public static FindingSeverity Severity(LintSeverity severity) => severity switch
    {
        LintSeverity.Error => FindingSeverity.Error,
        LintSeverity.Warning => FindingSeverity.Warning,
        _ => FindingSeverity.Note,
    };

    private static string Fingerprint(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];
}
