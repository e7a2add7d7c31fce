using Netpact.Audit.Findings;
using Netpact.Reports.Html;

namespace Netpact.Audit.Reports;

/// <summary>
/// Audit findings as findings of the HTML report, for 'netpact report' and the page of 'netpact serve'. It lives
/// here so that the library keeps no dependency on Netpact.Audit.
/// </summary>
public static class AuditReportFindings
{
    /// <summary>Audit findings on the report's scale; OK lines are results, not findings, and are left out.</summary>
    public static IEnumerable<ReportFinding> From(AuditResult result) =>
        result.Findings.Where(f => f.Severity != AuditSeverity.Ok).Select(f => new ReportFinding
        {
            Source = "audit",
            Rule = f.Id,
            Severity = f.Severity switch
            {
                AuditSeverity.Critical or AuditSeverity.High => ReportSeverity.Error,
                AuditSeverity.Medium or AuditSeverity.Low => ReportSeverity.Warning,
                _ => ReportSeverity.Note,
            },
            Message = f.Text,
            Location = f.Target,
            Controls = f.Controls,
            Detail = $"audit severity {AuditReport.SeverityName(f.Severity)}",
        });
}
