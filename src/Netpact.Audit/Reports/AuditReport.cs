using System.Globalization;
using System.Text;
using Netpact.Audit.Findings;

namespace Netpact.Audit.Reports;

/// <summary>Writes an audit result in the requested format; reports only print, they never probe.</summary>
public static class AuditReport
{
    public static string Write(AuditResult result, AuditFormat format) => format switch
    {
        AuditFormat.Json => AuditJson.Write(result),
        AuditFormat.Sarif => AuditSarif.Write(result),
        AuditFormat.Md => Markdown(result),
        AuditFormat.Prometheus => AuditPrometheus.Write(result),
        _ => Text(result),
    };

    public static string SeverityName(AuditSeverity s) => AuditFindings.SeverityName(s);

    /// <summary>A table per endpoint: id, severity, finding; then one summary line.</summary>
    private static string Text(AuditResult result)
    {
        var sb = new StringBuilder();
        foreach (var endpoint in result.Endpoints)
        {
            sb.Append("== ").Append(endpoint.Name).Append(" ==\n");
            var rows = endpoint.Findings.Select(f => (Target: f.Target, f.Id, Severity: SeverityName(f.Severity), f.Text)).ToList();
            var targetWidth = Math.Max(6, rows.Select(r => r.Target.Length).DefaultIfEmpty(0).Max());
            var idWidth = Math.Max(2, rows.Select(r => r.Id.Length).DefaultIfEmpty(0).Max());
            sb.Append(CultureInfo.InvariantCulture, $"{"TARGET".PadRight(targetWidth)}  {"ID".PadRight(idWidth)}  {"SEVERITY",-8}  FINDING\n");
            foreach (var r in rows) sb.Append(CultureInfo.InvariantCulture, $"{r.Target.PadRight(targetWidth)}  {r.Id.PadRight(idWidth)}  {r.Severity,-8}  {r.Text}\n");
            sb.Append('\n');
        }
        sb.Append(Summary(result)).Append('\n');
        return sb.ToString();
    }

    private static string Markdown(AuditResult result)
    {
        var sb = new StringBuilder("# netpact audit\n\n");
        foreach (var endpoint in result.Endpoints)
        {
            sb.Append("## ").Append(endpoint.Name).Append("\n\n| Target | ID | Severity | Finding | Controls |\n|---|---|---|---|---|\n");
            foreach (var f in endpoint.Findings)
                sb.Append(CultureInfo.InvariantCulture, $"| {Cell(f.Target)} | `{f.Id}` | {SeverityName(f.Severity)} | {Cell(f.Text)} | {Cell(string.Join(", ", f.Controls))} |\n");
            sb.Append('\n');
        }
        sb.Append(Summary(result)).Append('\n');
        return sb.ToString();
    }

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    private static string Cell(string s) => s.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    public static string Summary(AuditResult result)
    {
        var problems = result.Findings.Where(f => f.IsProblem).ToList();
        var endpoints = Count(result.Endpoints.Length, "endpoint");
        if (problems.Count == 0) return $"{endpoints} audited, no findings";
        var counts = problems.GroupBy(f => f.Severity).OrderByDescending(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}");
        return $"{endpoints} audited, {Count(problems.Count, "finding")} ({string.Join(", ", counts)})";
    }
}
