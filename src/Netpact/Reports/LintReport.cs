using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Netpact.Lint;

namespace Netpact.Reports;

/// <summary>Writes lint findings: txt for people (file:line:col first, as compilers do), json and md, or SARIF.</summary>
public static class LintReport
{
    /// <summary>Writes the result; baseDirectory makes SARIF artifact URIs relative (the repository root in CI).</summary>
    public static string Write(LintResult result, LintFormat format, string baseDirectory) => format switch
    {
        LintFormat.Txt => Txt(result),
        LintFormat.Json => Json(result),
        LintFormat.Md => Md(result),
        LintFormat.Sarif => SarifReport.Write(result, baseDirectory),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    public static string SeverityName(LintSeverity severity) => severity switch
    {
        LintSeverity.Error => "error",
        LintSeverity.Warning => "warning",
        _ => "note",
    };

    public static string Summary(LintResult result)
    {
        string Count(int n, string what) => $"{n} {what}{(n == 1 ? "" : "s")}";
        var suppressed = result.Suppressed > 0 ? $" ({result.Suppressed} suppressed)" : "";
        return $"{Count(result.Count(LintSeverity.Error), "error")}, {Count(result.Count(LintSeverity.Warning), "warning")}, " +
               $"{Count(result.Count(LintSeverity.Note), "note")}{suppressed}";
    }

    private static string Txt(LintResult result)
    {
        var sb = new StringBuilder();
        foreach (var f in result.Active)
        {
            sb.Append(f.Span).Append(": ").Append(SeverityName(f.Severity)).Append(": ").Append(f.Rule.Id).Append(' ').Append(f.Message).Append('\n');
            if (!f.Workloads.IsEmpty) sb.Append("    workloads: ").Append(string.Join(", ", f.Workloads)).Append('\n');
            sb.Append("    fix: ").Append(f.Fix).Append('\n');
            sb.Append("    controls: ").Append(string.Join(", ", f.Rule.Controls)).Append('\n');
        }
        return sb.Append("netpact lint: ").Append(Summary(result)).Append('\n').ToString();
    }

    private sealed record JsonSuppression(string? Reason, string File, int Line, int Column, string Kind);

    private sealed record JsonFinding(
        string Rule, string Name, string Severity, string Message, string File, int Line, int Column,
        IReadOnlyList<string> Workloads, string Fix, IReadOnlyList<string> Controls, JsonSuppression? Suppressed);

    private sealed record JsonSummary(int Errors, int Warnings, int Notes, int Suppressed);

    private sealed record JsonLint(IReadOnlyList<JsonFinding> Findings, JsonSummary Summary);

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static string Json(LintResult result)
    {
        var findings = result.Findings.Select(f => new JsonFinding(
            f.Rule.Id, f.Rule.Name, SeverityName(f.Severity), f.Message, f.Span.File, f.Span.Line, f.Span.Column,
            f.Workloads, f.Fix, f.Rule.Controls,
            f.SuppressedBy is { } s
                ? new JsonSuppression(s.Reason, s.Span.File, s.Span.Line, s.Span.Column, s.InSource ? "annotation" : "config")
                : null)).ToList();
        var summary = new JsonSummary(result.Count(LintSeverity.Error), result.Count(LintSeverity.Warning), result.Count(LintSeverity.Note), result.Suppressed);
        return JsonSerializer.Serialize(new JsonLint(findings, summary), Options) + "\n";
    }

    private static string Md(LintResult result)
    {
        var sb = new StringBuilder("# netpact lint\n\n").Append(Summary(result)).Append(".\n");
        if (!result.Active.Any()) return sb.ToString();
        sb.Append("\n| Severity | Rule | Location | Finding | Fix | Controls |\n|---|---|---|---|---|---|\n");
        foreach (var f in result.Active)
        {
            sb.Append("| ").Append(SeverityName(f.Severity))
              .Append(" | ").Append(f.Rule.Id).Append(' ').Append(f.Rule.Name)
              .Append(" | `").Append(f.Span).Append('`')
              .Append(" | ").Append(Cell(f.Message))
              .Append(" | ").Append(Cell(f.Fix))
              .Append(" | ").Append(Cell(string.Join(", ", f.Rule.Controls))).Append(" |\n");
        }
        return sb.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
