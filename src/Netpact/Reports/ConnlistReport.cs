using System.Text;
using System.Text.Json;
using Netpact.Analysis;

namespace Netpact.Reports;

/// <summary>
/// Writes a connectivity list line for line as np-guard netpol-analyzer's `list` does, so scripts written
/// for it (or roxctl) keep working.
/// </summary>
public static class ConnlistReport
{
    public static string Write(Connectivity connectivity, ConnlistFormat format) => format switch
    {
        ConnlistFormat.Txt => Txt(connectivity),
        ConnlistFormat.Json => Json(connectivity),
        ConnlistFormat.Csv => Csv(connectivity),
        ConnlistFormat.Md => Md(connectivity),
        ConnlistFormat.Dot => Dot(connectivity),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    private static string Txt(Connectivity c)
    {
        var sb = new StringBuilder();
        foreach (var conn in c.Connections)
        {
            sb.Append(conn.Source).Append(" => ").Append(conn.Destination).Append(" : ").Append(conn.Allowed).Append('\n');
        }
        return sb.ToString();
    }

    private static string Json(Connectivity c)
    {
        if (c.Connections.IsEmpty) return "[]";
        var sb = new StringBuilder("[\n");
        for (var i = 0; i < c.Connections.Length; i++)
        {
            var conn = c.Connections[i];
            sb.Append("  {\n")
              .Append("    \"src\": ").Append(JsonString(conn.Source.ToString())).Append(",\n")
              .Append("    \"dst\": ").Append(JsonString(conn.Destination.ToString())).Append(",\n")
              .Append("    \"conn\": ").Append(JsonString(conn.Allowed.ToString())).Append('\n')
              .Append(i + 1 < c.Connections.Length ? "  },\n" : "  }\n");
        }
        return sb.Append(']').ToString();
    }

    private static string JsonString(string s) => JsonSerializer.Serialize(s);

    private static string Csv(Connectivity c)
    {
        var sb = new StringBuilder("src,dst,conn\n");
        foreach (var conn in c.Connections)
        {
            sb.Append(CsvField(conn.Source.ToString())).Append(',').Append(CsvField(conn.Destination.ToString()))
              .Append(',').Append(CsvField(conn.Allowed.ToString())).Append('\n');
        }
        return sb.ToString();
    }

    private static string CsvField(string s) =>
        s.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;

    private static string Md(Connectivity c)
    {
        var sb = new StringBuilder("| src | dst | conn |\n|-----|-----|------|\n");
        foreach (var conn in c.Connections)
        {
            sb.Append("| ").Append(conn.Source).Append(" | ").Append(conn.Destination).Append(" | ").Append(conn.Allowed).Append(" |\n");
        }
        return sb.ToString();
    }

    /// <summary>Graphviz: namespaces as clusters, external ranges as red nodes, allowed connections as labelled edges.</summary>
    private static string Dot(Connectivity c)
    {
        var sb = new StringBuilder("digraph {\n");
        var endpoints = c.Connections.SelectMany(x => new[] { x.Source, x.Destination }).Distinct().ToList();
        foreach (var ns in c.Workloads.Select(Endpoint.Of).GroupBy(e => e.Namespace).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var clusterName = ns.Key.Replace('-', '_');
            sb.Append("\tsubgraph ").Append(Quote($"cluster_{clusterName}[namespace]")).Append(" {\n")
              .Append("\t\tcolor=\"black\"\n\t\tfontcolor=\"black\"\n");
            foreach (var e in ns.OrderBy(e => e.ToString(), StringComparer.Ordinal))
            {
                sb.Append("\t\t").Append(Quote(e.ToString())).Append(" [label=")
                  .Append(Quote($"{e.Workload!.Name}[{e.Workload.Kind}]")).Append(" color=\"blue\" fontcolor=\"blue\"]\n");
            }
            sb.Append("\t\tlabel=").Append(Quote($"{ns.Key}[namespace]")).Append("\n\t}\n");
        }
        foreach (var e in endpoints.Where(e => e.IsExternal).OrderBy(e => e.ToString(), StringComparer.Ordinal))
        {
            sb.Append('\t').Append(Quote(e.ToString())).Append(" [label=").Append(Quote(e.ToString()))
              .Append(" color=\"red2\" fontcolor=\"red2\"]\n");
        }
        foreach (var conn in c.Connections)
        {
            var src = conn.Source.ToString();
            var dst = conn.Destination.ToString();
            // netpol-analyzer weighs edges by name order to steady the layout; kept for identical output.
            var weight = string.CompareOrdinal(src, dst) > 0 ? "1" : "0.5";
            sb.Append('\t').Append(Quote(src)).Append(" -> ").Append(Quote(dst))
              .Append(" [label=").Append(Quote(conn.Allowed.ToString()))
              .Append(" color=\"gold2\" fontcolor=\"darkgreen\" weight=").Append(weight).Append("]\n");
        }
        return sb.Append('}').ToString();
    }

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
