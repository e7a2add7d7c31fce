using System.Text;
using System.Text.Json;
using Netpact.Diff;

namespace Netpact.Reports;

/// <summary>
/// Writes a connectivity diff line for line as np-guard netpol-analyzer's diff does (txt, csv, md: changed, then
/// added, then removed pairs, each group sorted), and as JSON. No differences: empty output, as upstream, except
/// JSON, which is always a document.
/// </summary>
public static class DiffReport
{
    private sealed record Line(string Type, string Source, string Destination, string Ref1, string Ref2, string Info);

    public static string Write(ConnectivityDiff diff, DiffFormat format, string ref1Name = "ref1", string ref2Name = "ref2")
    {
        if (format == DiffFormat.Json) return Json(diff, ref1Name, ref2Name);
        if (diff.IsEmpty) return "";
        Func<Line, string> line = format switch
        {
            DiffFormat.Txt => l => $"diff-type: {l.Type}, source: {l.Source}, destination: {l.Destination}, {ref1Name}: {l.Ref1}, {ref2Name}: {l.Ref2}"
                                   + (l.Info.Length > 0 ? $", workloads-diff-info: {l.Info}" : ""),
            DiffFormat.Csv => l => string.Join(',', new[] { l.Type, l.Source, l.Destination, l.Ref1, l.Ref2, l.Info }.Select(CsvField)),
            DiffFormat.Md => l => $"| {l.Type} | {l.Source} | {l.Destination} | {l.Ref1} | {l.Ref2} | {l.Info} |",
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
        var header = format switch
        {
            DiffFormat.Txt => "Connectivity diff:",
            DiffFormat.Csv => string.Join(',', new[] { "diff-type", "source", "destination", ref1Name, ref2Name, "workloads-diff-info" }.Select(CsvField)),
            _ => $"| diff-type | source | destination | {ref1Name} | {ref2Name} | workloads-diff-info |\n" +
                 "|-----------|--------|-------------|------|------|---------------------|",
        };
        var sb = new StringBuilder(header).Append('\n');
        foreach (var text in Ordered(diff).Select(group => group.Select(line).Order(StringComparer.Ordinal)).SelectMany(g => g))
        {
            sb.Append(text).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>The differences as lines, grouped changed, added, removed (each group is sorted by its formatted text).</summary>
    private static IEnumerable<IEnumerable<Line>> Ordered(ConnectivityDiff diff) =>
        new[] { DiffType.Changed, DiffType.Added, DiffType.Removed }.Select(type => diff.Entries.Where(e => e.Type == type).Select(ToLine));

    private static Line ToLine(DiffEntry e) => new(
        e.Type.ToString().ToLowerInvariant(),
        e.Source.ToString(),
        e.Destination.ToString(),
        e.Ref1.ToString(),
        e.Ref2.ToString(),
        Info(e));

    /// <summary>"workload X added", "workload X and Y removed", or "" when both ends existed before and after.</summary>
    private static string Info(DiffEntry e)
    {
        var names = new List<string>();
        if (e.SourceIsNewOrLost) names.Add(e.Source.ToString());
        if (e.DestinationIsNewOrLost) names.Add(e.Destination.ToString());
        return names.Count == 0 ? "" : $"workload {string.Join(" and ", names)} {e.Type.ToString().ToLowerInvariant()}";
    }

    /// <summary>Quoted as Go's encoding/csv quotes (what netpol-analyzer uses): separators, quotes, line breaks, a leading space.</summary>
    private static string CsvField(string s) =>
        s.Length > 0 && (s.IndexOfAny([',', '"', '\r', '\n']) >= 0 || s[0] is ' ' or '\t' || s == "\\.")
            ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : s;

    private sealed record JsonEntry(string DiffType, string Source, string Destination, string Ref1, string Ref2, string WorkloadsDiffInfo);

    private sealed record JsonDiff(
        string Ref1Name, string Ref2Name, IReadOnlyList<string> WorkloadsAdded, IReadOnlyList<string> WorkloadsRemoved, IReadOnlyList<JsonEntry> Connections);

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private static string Json(ConnectivityDiff diff, string ref1Name, string ref2Name)
    {
        var entries = Ordered(diff)
            .SelectMany(group => group.OrderBy(l => $"{l.Source}\0{l.Destination}", StringComparer.Ordinal))
            .Select(l => new JsonEntry(l.Type, l.Source, l.Destination, l.Ref1, l.Ref2, l.Info))
            .ToList();
        var document = new JsonDiff(
            ref1Name, ref2Name,
            [.. diff.AddedWorkloads.Select(w => w.Id).Order(StringComparer.Ordinal)],
            [.. diff.RemovedWorkloads.Select(w => w.Id).Order(StringComparer.Ordinal)],
            entries);
        return JsonSerializer.Serialize(document, Options) + "\n";
    }
}
