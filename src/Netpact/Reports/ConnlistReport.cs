using System.Globalization;
using System.Text;
using System.Text.Json;
using Netpact.Analysis;

namespace Netpact.Reports;

/// <summary>
/// Writes a connectivity list line for line as np-guard netpol-analyzer's `list` does, so scripts written
/// for it (or roxctl) keep working; or a summary of counts. Lists stream: a connection is written as it is
/// enumerated, so a list of millions of lines never sits in memory whole.
/// </summary>
public static class ConnlistReport
{
    public static string Write(Connectivity connectivity, ConnlistFormat format)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        Write(connectivity, format, writer);
        return writer.ToString();
    }

    public static void Write(Connectivity connectivity, ConnlistFormat format, TextWriter writer)
    {
        switch (format)
        {
            case ConnlistFormat.Txt: Txt(connectivity, writer); break;
            case ConnlistFormat.Json: Json(connectivity, writer); break;
            case ConnlistFormat.Csv: Csv(connectivity, writer); break;
            case ConnlistFormat.Md: Md(connectivity, writer); break;
            case ConnlistFormat.Dot: writer.Write(Dot(connectivity)); break;
            case ConnlistFormat.Summary: Summary(connectivity.Summary, writer); break;
            default: throw new ArgumentOutOfRangeException(nameof(format));
        }
    }

    private static void Txt(Connectivity c, TextWriter w)
    {
        foreach (var conn in c.EnumerateConnections())
        {
            w.Write($"{conn.Source} => {conn.Destination} : {conn.Allowed}\n");
        }
    }

    private static void Json(Connectivity c, TextWriter w)
    {
        var first = true;
        foreach (var conn in c.EnumerateConnections())
        {
            w.Write(first ? "[\n" : "  },\n");
            first = false;
            w.Write($"  {{\n    \"src\": {JsonString(conn.Source.ToString())},\n    \"dst\": {JsonString(conn.Destination.ToString())},\n" +
                    $"    \"conn\": {JsonString(conn.Allowed.ToString())}\n");
        }
        w.Write(first ? "[]" : "  }\n]");
    }

    private static string JsonString(string s) => JsonSerializer.Serialize(s);

    private static void Csv(Connectivity c, TextWriter w)
    {
        w.Write("src,dst,conn\n");
        foreach (var conn in c.EnumerateConnections())
        {
            w.Write($"{CsvField(conn.Source.ToString())},{CsvField(conn.Destination.ToString())},{CsvField(conn.Allowed.ToString())}\n");
        }
    }

    private static string CsvField(string s) =>
        s.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;

    private static void Md(Connectivity c, TextWriter w)
    {
        w.Write("| src | dst | conn |\n|-----|-----|------|\n");
        foreach (var conn in c.EnumerateConnections())
        {
            w.Write($"| {conn.Source} | {conn.Destination} | {conn.Allowed} |\n");
        }
    }

    /// <summary>Counts, aligned, one per line; pairs with their share of all pairs.</summary>
    private static void Summary(ConnectivitySummary s, TextWriter w)
    {
        static string Share(long part, long whole) => whole == 0 ? "" : $" ({100.0 * part / whole:0.##}%)";
        (string, string)[] rows =
        [
            ("namespaces", $"{s.Namespaces}"),
            ("workloads", $"{s.Workloads}"),
            ("pods", $"{s.Pods}"),
            ("identities", $"{s.Identities} (sets of pods no policy tells apart)"),
            ("policies", $"{s.Policies}"),
            ("external ranges", $"{s.ExternalRanges}"),
            ("workload pairs", $"{s.WorkloadPairs}"),
            ("allowed pairs", $"{s.AllowedPairs}{Share(s.AllowedPairs, s.WorkloadPairs)}"),
            ("open pairs", $"{s.OpenPairs}{Share(s.OpenPairs, s.WorkloadPairs)} (all ports, all protocols)"),
            ("from external", $"{s.FromExternalPairs} (range, workload) pairs allowed"),
            ("to external", $"{s.ToExternalPairs} (workload, range) pairs allowed"),
            ("ingress-isolated", $"{s.IngressIsolated} workloads{Share(s.IngressIsolated, s.Workloads)}"),
            ("egress-isolated", $"{s.EgressIsolated} workloads{Share(s.EgressIsolated, s.Workloads)}"),
            ("unreachable", $"{s.Unreachable} workloads (nothing may reach them)"),
        ];
        var width = rows.Max(r => r.Item1.Length) + 2;
        foreach (var (name, value) in rows) w.Write(string.Create(CultureInfo.InvariantCulture, $"{(name + ":").PadRight(width)}{value}\n"));
    }

    /// <summary>
    /// Graphviz: namespaces as clusters, external ranges as red nodes, allowed connections as labelled edges; with
    /// <paramref name="extras"/> (exposure analysis), more clusters and nodes, and more edges sorted in with the rest.
    /// </summary>
    internal static string Dot(Connectivity c, DotExtras? extras = null)
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
        sb.Append(extras?.Subgraphs);
        foreach (var e in endpoints.Where(e => e.IsExternal).OrderBy(e => e.ToString(), StringComparer.Ordinal))
        {
            sb.Append('\t').Append(Quote(e.ToString())).Append(" [label=").Append(Quote(e.ToString()))
              .Append(" color=\"red2\" fontcolor=\"red2\"]\n");
        }
        sb.Append(extras?.Nodes);
        var edges = new List<(string Src, string Dst, string Line)>();
        foreach (var conn in c.Connections)
        {
            var src = conn.Source.ToString();
            var dst = conn.Destination.ToString();
            // netpol-analyzer weighs edges by name order to steady the layout; kept for identical output.
            var weight = string.CompareOrdinal(src, dst) > 0 ? "1" : "0.5";
            edges.Add((src, dst, $"\t{Quote(src)} -> {Quote(dst)} [label={Quote(conn.Allowed.ToString())} color=\"gold2\" fontcolor=\"darkgreen\" weight={weight}]\n"));
        }
        if (extras is not null)
        {
            edges.AddRange(extras.Edges);
            edges.Sort((a, b) => string.CompareOrdinal(a.Src, b.Src) is var bySrc and not 0 ? bySrc : string.CompareOrdinal(a.Dst, b.Dst));
        }
        foreach (var edge in edges) sb.Append(edge.Line);
        return sb.Append('}').ToString();
    }

    internal static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
