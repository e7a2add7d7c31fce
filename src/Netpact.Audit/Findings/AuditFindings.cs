using Netpact.Findings;

namespace Netpact.Audit.Findings;

/// <summary>The audit's results as netpact's one finding type, for the HTML report, SARIF and serve.</summary>
public static class AuditFindings
{
    /// <summary>Audit findings on netpact's scale; OK lines are results, not findings, and are left out.</summary>
    public static IEnumerable<Finding> Of(AuditResult result) => result.Endpoints.SelectMany(Of);

    /// <summary>One endpoint's findings, OK lines left out.</summary>
    public static IEnumerable<Finding> Of(EndpointAudit endpoint) =>
        endpoint.Findings.Where(f => f.Severity != AuditSeverity.Ok).Select(Of);

    /// <summary>How many of the findings have this audit severity (metrics count LOW and above per endpoint).</summary>
    public static int Count(IEnumerable<Finding> findings, AuditSeverity severity) =>
        findings.Count(f => f.NativeSeverity == SeverityName(severity));

    public static Finding Of(AuditFinding finding) => new()
    {
        Source = "audit",
        Rule = finding.Id,
        Severity = finding.Severity switch
        {
            AuditSeverity.Critical or AuditSeverity.High => FindingSeverity.Error,
            AuditSeverity.Medium or AuditSeverity.Low => FindingSeverity.Warning,
            _ => FindingSeverity.Note,
        },
        Message = finding.Text,
        Target = finding.Target,
        Controls = finding.Controls,
        NativeSeverity = SeverityName(finding.Severity),
        Detail = $"audit severity {SeverityName(finding.Severity)}",
    };

    /// <summary>testssl.sh's spelling: LOW, MEDIUM, ...</summary>
    public static string SeverityName(AuditSeverity s) => s.ToString().ToUpperInvariant();
}
