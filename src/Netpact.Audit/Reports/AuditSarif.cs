using Netpact.Audit.Findings;
using Netpact.Findings;
using Netpact.Reports;

namespace Netpact.Audit.Reports;

/// <summary>
/// The audit's problems (LOW and above) for SARIF: one rule per finding id, one result per problem at its
/// endpoint, the message naming the endpoint. SARIF's levels are coarser than the report's: LOW is a note.
/// <see cref="SarifWriter"/> writes the file.
/// </summary>
internal static class AuditSarif
{
    public static string Write(AuditResult result)
    {
        var problems = result.Findings.Where(f => f.IsProblem).ToList();
        var rules = problems.GroupBy(f => f.Id).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new SarifRuleDescriptor { Id = g.Key, Title = Describe(g.Key), Tags = g.First().Controls })
            .ToList();
        var findings = problems.Select(f => AuditFindings.Of(f) with { Severity = Level(f.Severity), Message = $"{f.Target}: {f.Text}" });
        return SarifWriter.Write("netpact audit", rules, findings, baseDirectory: null);
    }

    private static FindingSeverity Level(AuditSeverity s) => s switch
    {
        AuditSeverity.Critical or AuditSeverity.High => FindingSeverity.Error,
        AuditSeverity.Medium => FindingSeverity.Warning,
        _ => FindingSeverity.Note,
    };

    private static string Describe(string id) => id switch
    {
        "SSLv3" or "TLS1" or "TLS1_1" or "TLS1_2" or "TLS1_3" => "Protocol version offered or missing",
        var s when s.StartsWith("cipherlist_", StringComparison.Ordinal) => "Weak cipher suite category offered",
        var s when s.StartsWith("cert_", StringComparison.Ordinal) => "Certificate problem",
        var s when s.StartsWith("mozilla_profile_", StringComparison.Ordinal) => "Mozilla server-side TLS profile not met",
        var s when s.StartsWith("port_", StringComparison.Ordinal) => "Port open that is not allowed",
        "overall_grade" => "TLS grade below A",
        "observatory_score" => "HTTP Observatory grade below A",
        _ => $"Audit check {id}",
    };
}
