using System.Text;
using System.Text.Json;
using Netpact.Verify;

namespace Netpact.Reports;

public enum VerificationFormat { Txt, Json, Md }

/// <summary>Prints verifications: a table per layer (0 extra and 0 missing is the proof), then every difference with its reasons.</summary>
public static class VerificationReport
{
    /// <param name="approximatedFlows">List every flow under each approximation (json always does); else say how many.</param>
    public static string Write(string intentPath, IReadOnlyList<Verification> results, VerificationFormat format, bool approximatedFlows = true) => format switch
    {
        VerificationFormat.Json => Json(intentPath, results),
        VerificationFormat.Md => Text(intentPath, results, markdown: true, approximatedFlows),
        _ => Text(intentPath, results, markdown: false, approximatedFlows),
    };

    private static string Verdict(Verification v) => v.Proven
        ? (v.Approximations.IsEmpty ? "proven" : "proven, with named approximations")
        : v.Extra.IsEmpty && v.Missing.IsEmpty && v.OverPermissive.IsEmpty && !v.Unmodelled.IsEmpty ? "UNPROVEN (unmodelled policies)" : "DIFFERS";

    private static string Text(string intentPath, IReadOnlyList<Verification> results, bool markdown, bool approximatedFlows)
    {
        var sb = new StringBuilder();
        sb.Append(markdown ? "# netpact verify: " : "netpact verify: ").Append(intentPath).Append("\n\n");
        string[] header = ["target", "input", "intended", "allowed", "extra", "missing", "over-permissive", "approximated", "result"];
        var rows = results.Select(v => new[]
        {
            v.Target, v.Input, v.Intended.ToString(), v.Allowed.ToString(), v.Extra.Length.ToString(), v.Missing.Length.ToString(),
            v.OverPermissive.Length.ToString(), v.Approximations.Sum(a => a.Flows.Length).ToString(), Verdict(v),
        }).ToList();
        if (markdown)
        {
            sb.Append("| ").Append(string.Join(" | ", header)).Append(" |\n|").Append(string.Concat(header.Select(_ => "---|"))).Append('\n');
            foreach (var r in rows) sb.Append("| ").Append(string.Join(" | ", r)).Append(" |\n");
        }
        else
        {
            var widths = header.Select((h, i) => Math.Max(h.Length, rows.Select(r => r[i].Length).DefaultIfEmpty(0).Max())).ToArray();
            sb.Append(string.Join("  ", header.Select((h, i) => h.PadRight(widths[i]))).TrimEnd()).Append('\n');
            foreach (var r in rows) sb.Append(string.Join("  ", r.Select((c, i) => c.PadRight(widths[i]))).TrimEnd()).Append('\n');
        }

        foreach (var v in results)
        {
            if (v.Proven && v.Approximations.IsEmpty && v.Notes.IsEmpty && v.Diagnostics.IsEmpty) continue;
            sb.Append('\n').Append(markdown ? "## " : "").Append(v.Target).Append(" (").Append(v.Input).Append(")\n");
            foreach (var d in v.Diagnostics) sb.Append(markdown ? "- " : "  ").Append(d).Append('\n');
            if (!v.Unmodelled.IsEmpty)
            {
                sb.Append(markdown ? "\n### " : "  ").Append("not modelled (the comparison ignores these policies, so it may be wrong in either direction)").Append(markdown ? "\n\n" : ":\n");
                foreach (var p in v.Unmodelled) sb.Append(markdown ? "- " : "    ").Append(p).Append('\n');
            }
            Differences(sb, "extra (allowed, not intended)", v.Extra, markdown);
            Differences(sb, "missing (intended, not allowed)", v.Missing, markdown);
            if (!v.OverPermissive.IsEmpty)
            {
                sb.Append(markdown ? "\n### " : "  ").Append("over-permissive rules (admit more than intended, even where the other side blocks it today)").Append(markdown ? "\n\n" : ":\n");
                foreach (var group in v.OverPermissive.GroupBy(o => o.Rule))
                {
                    sb.Append(markdown ? "- " : "    ").Append(group.Key).Append('\n');
                    foreach (var o in group) sb.Append(markdown ? "  - " : "      admits ").Append(o.Source).Append(" => ").Append(o.Destination).Append(" : ").Append(o.Connections).Append('\n');
                }
            }
            foreach (var a in v.Approximations)
            {
                sb.Append(markdown ? "\n### " : "  ").Append("approximation: ").Append(a.Approximation);
                if (!approximatedFlows)
                {
                    sb.Append(" (").Append(a.Flows.Length).Append(a.Flows.Length == 1 ? " flow" : " flows").Append("; -v lists them)\n");
                    continue;
                }
                sb.Append(markdown ? "\n\n" : "\n");
                foreach (var f in a.Flows) sb.Append(markdown ? "- " : "      ").Append(f.Source).Append(" => ").Append(f.Destination).Append(" : ").Append(f.Connections).Append('\n');
            }
            foreach (var n in v.Notes) sb.Append(markdown ? "\n> " : "  note: ").Append(n).Append('\n');
        }
        return sb.ToString();
    }

    private static void Differences(StringBuilder sb, string title, IReadOnlyList<FlowDifference> diffs, bool markdown)
    {
        if (diffs.Count == 0) return;
        sb.Append(markdown ? "\n### " : "  ").Append(title).Append(markdown ? "\n\n" : ":\n");
        foreach (var d in diffs)
        {
            sb.Append(markdown ? "- " : "    ").Append(d.Source).Append(" => ").Append(d.Destination).Append(" : ").Append(d.Connections).Append('\n');
            foreach (var r in d.Reasons) sb.Append(markdown ? "  - " : "      ").Append(r).Append('\n');
        }
    }

    private static string Json(string intentPath, IReadOnlyList<Verification> results)
    {
        static object Diff(FlowDifference d) => new { src = d.Source.ToString(), dst = d.Destination.ToString(), conn = d.Connections.ToString(), reasons = d.Reasons };
        var doc = new
        {
            intent = intentPath,
            proven = results.All(r => r.Proven),
            targets = results.Select(v => new
            {
                target = v.Target,
                input = v.Input,
                intended = v.Intended,
                allowed = v.Allowed,
                proven = v.Proven,
                extra = v.Extra.Select(Diff),
                missing = v.Missing.Select(Diff),
                overPermissive = v.OverPermissive.Select(o => new { side = o.Side, rule = o.Rule, src = o.Source.ToString(), dst = o.Destination.ToString(), conn = o.Connections.ToString() }),
                approximations = v.Approximations.Select(a => new { approximation = a.Approximation, flows = a.Flows.Select(Diff) }),
                notes = v.Notes,
                unmodelled = v.Unmodelled,
                diagnostics = v.Diagnostics.Select(d => d.ToString()),
            }),
        };
        return JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }
}
