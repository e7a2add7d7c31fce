using System.Globalization;
using System.Text;
using BenchmarkDotNet.Reports;

namespace Netpact.Benchmarks;

/// <summary>
/// One table of every benchmark: time, allocated, peak memory, the literal-vs-engine ratio, and the figure the
/// issue sets with whether this run met it.
/// </summary>
public static class ResultTable
{
    private sealed record Row(string Type, string Method, string Scale, double MeanNs, long? Allocated, long? Peak);

    public static string Build(IEnumerable<Summary> summaries)
    {
        var rows = summaries.SelectMany(s => s.Reports)
            .Where(r => r.ResultStatistics is not null)
            .Select(r =>
            {
                // AdminTierBenchmarks runs each case with and without the admin tiers: the row says which.
                var tiers = r.BenchmarkCase.Parameters["Tiers"] is true ? "+tiers" : "";
                var scale = r.BenchmarkCase.Parameters["Scale"]?.ToString() ?? "";
                return new Row(
                    r.BenchmarkCase.Descriptor.Type.Name,
                    r.BenchmarkCase.Descriptor.WorkloadMethod.Name + (tiers.Length > 0 ? " (with tiers)" : ""),
                    scale,
                    r.ResultStatistics!.Mean,
                    r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase),
                    PeakMemory.Read(r.BenchmarkCase.Descriptor.Type.Name, "Scale", scale + tiers));
            })
            .OrderBy(r => r.Type switch { "ParseBenchmarks" => 0, "EngineBenchmarks" => 1, "LiteralBenchmarks" => 2, _ => 3 })
            .ThenBy(r => r.Method, StringComparer.Ordinal)
            .ThenBy(r => Scale.Parse(r.Scale).Pods)
            .ToList();
        var sb = new StringBuilder();
        sb.Append("| Benchmark | Scale | Time | Allocated | Peak memory | Ratio | Figure | Met |\n");
        sb.Append("|---|---|---:|---:|---:|---:|---|---|\n");
        foreach (var r in rows)
        {
            var (ratio, figure, met) = Judge(r, rows);
            sb.Append(CultureInfo.InvariantCulture,
                $"| {r.Type.Replace("Benchmarks", "", StringComparison.Ordinal)}.{r.Method} | {r.Scale} | {Time(r.MeanNs)} | {Bytes(r.Allocated)} | {Bytes(r.Peak)} | {ratio} | {figure} | {met} |\n");
        }
        return sb.ToString();
    }

    private static (string Ratio, string Figure, string Met) Judge(Row r, List<Row> rows)
    {
        static string YesNo(bool ok) => ok ? "yes" : "**no**";
        var ms = r.MeanNs / 1e6;
        switch (r.Type, r.Method, r.Scale)
        {
            case ("ParseBenchmarks", "Parse", var s):
            {
                var mbs = BenchData.Bytes(Scale.Parse(s)) / 1e6 / (r.MeanNs / 1e9);
                return s == "L" ? ($"{mbs:F1} MB/s", "≥ 50 MB/s", YesNo(mbs >= 50)) : ($"{mbs:F1} MB/s", "", "");
            }
            case ("EngineBenchmarks", "FullConnectivity", "L"):
                return ("", "< 5 s, peak < 4 GB", YesNo(ms < 5000 && (r.Peak ?? 0) < 4L << 30));
            case ("EngineBenchmarks", "ChangeOnePolicy", "L"):
                return ("", "< 50 ms", YesNo(ms < 50));
            case ("EngineBenchmarks", "AddEgressDeny", "L"):
                return ("", "< 50 ms", YesNo(ms < 50));
            case ("EngineBenchmarks", "ExplainOnePair", "L"):
                return ("", "< 10 ms", YesNo(ms < 10));
            case ("LiteralBenchmarks", "Engine", var s):
            {
                var literal = rows.FirstOrDefault(x => x.Type == r.Type && x.Method == "Literal" && x.Scale == s);
                if (literal is null) return ("", "", "");
                // Measured side by side on every pair; the figure holds only if the answers were the same on all of them.
                var ratio = literal.MeanNs / r.MeanNs;
                var same = AnswerCheck.SamePairs(s) is { } pairs ? $" (same answer on {pairs:N0} pairs)" : null;
                var met = same is null ? "**no** (answers differ or were not compared)" : s == "M" ? YesNo(ratio >= 100) + same : "yes" + same;
                return ($"{ratio:F0}x", s == "M" ? "≥ 100x at M, same answer" : "same answer", met);
            }
            case ("LiteralBenchmarks", "Literal", _):
                return ("1x", "", "");
            case ("EndToEndBenchmarks", "AnalyzeTxt", "M"):
                return ("", "< 3 s", YesNo(ms < 3000));
            default:
                return ("", "", "");
        }
    }

    private static string Time(double ns) =>
        ns >= 1e9 ? $"{ns / 1e9:F2} s" : ns >= 1e6 ? $"{ns / 1e6:F1} ms" : ns >= 1e3 ? $"{ns / 1e3:F1} µs" : $"{ns:F0} ns";

    private static string Bytes(long? b) =>
        b is not { } v ? "-" : v >= 1L << 30 ? $"{v / (double)(1L << 30):F2} GB" : v >= 1 << 20 ? $"{v / (double)(1 << 20):F1} MB" : v >= 1 << 10 ? $"{v / 1024.0:F1} KB" : $"{v} B";

    /// <summary>Replaces the table in the docs page (between its markers) and the machine it ran on.</summary>
    public static void WriteDocs(string file, string table)
    {
        var machine = Machine();
        var text = File.Exists(file) ? File.ReadAllText(file) : "<!-- table -->\n<!-- /table -->\n";
        var start = text.IndexOf("<!-- table -->", StringComparison.Ordinal);
        var end = text.IndexOf("<!-- /table -->", StringComparison.Ordinal);
        if (start < 0 || end < start) throw new InvalidOperationException($"{file} has no <!-- table --> ... <!-- /table --> markers");
        var body = $"<!-- table -->\n{machine}\n\n{table}";
        File.WriteAllText(file, text[..start] + body + text[end..]);
    }

    private static string Machine()
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var memory = File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[..3];
        return string.Create(CultureInfo.InvariantCulture,
            $"Ran {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {cpu}, {Environment.ProcessorCount} cores, {long.Parse(memory, CultureInfo.InvariantCulture) / 1024 / 1024} GB, " +
            $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}; load average at the end {string.Join(" ", load)}.");
    }
}
