using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Netpact.Analysis;
using Netpact.Model;

namespace Netpact.Reports;

/// <summary>
/// The connectivity list followed by its exposure analysis, line for line as netpol-analyzer's <c>list --exposure</c>
/// writes them: txt (aligned, with the unprotected workloads), csv and md (a section per direction) and json
/// (<c>connlist_results</c> and <c>exposure_results</c>).
/// </summary>
public static class ExposureReport
{
    public static string Write(Connectivity connectivity, Exposure exposure, ConnlistFormat format)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        Write(connectivity, exposure, format, writer);
        return writer.ToString();
    }

    public static void Write(Connectivity connectivity, Exposure exposure, ConnlistFormat format, TextWriter writer)
    {
        switch (format)
        {
            case ConnlistFormat.Txt: Txt(connectivity, exposure, writer); break;
            case ConnlistFormat.Csv: Csv(connectivity, exposure, writer); break;
            case ConnlistFormat.Md: Md(connectivity, exposure, writer); break;
            case ConnlistFormat.Json: Json(connectivity, exposure, writer); break;
            case ConnlistFormat.Dot: writer.Write(ConnlistReport.Dot(connectivity, Dot(exposure))); break;
            default: throw new ArgumentOutOfRangeException(nameof(format), format, "exposure analysis is written as txt, csv, md, json or dot");
        }
    }

    private static IEnumerable<ExposureLine> Of(Exposure exposure, Direction direction) => exposure.Lines.Where(l => l.Direction == direction);

    private static void Txt(Connectivity connectivity, Exposure exposure, TextWriter w)
    {
        var list = ConnlistReport.Write(connectivity, ConnlistFormat.Txt);
        w.Write(list);
        if (list.Length > 0) w.Write('\n');
        w.Write("Exposure Analysis Result:\n");
        var width = exposure.Lines.Select(l => l.Workload.Id.Length).DefaultIfEmpty(0).Max();
        var sections = new List<string>();
        foreach (var (direction, title, arrow) in new[] { (Direction.Egress, "Egress Exposure:", "=>"), (Direction.Ingress, "Ingress Exposure:", "<=") })
        {
            var lines = Of(exposure, direction).ToList();
            if (lines.Count == 0) continue;
            var section = new StringBuilder(title).Append('\n');
            foreach (var l in lines) section.Append(CultureInfo.InvariantCulture, $"{l.Workload.Id.PadRight(width)} \t{arrow} \t{l.Peer} : {l.Connection}\n");
            sections.Add(section.ToString());
        }
        if (!exposure.Unprotected.IsEmpty)
        {
            var section = new StringBuilder("Workloads not protected by network policies:\n");
            foreach (var (workload, direction) in exposure.Unprotected) section.Append(CultureInfo.InvariantCulture, $"{workload.Id} is not protected on {direction}\n");
            sections.Add(section.ToString());
        }
        w.Write(string.Join("\n", sections));
    }

    private static void Csv(Connectivity connectivity, Exposure exposure, TextWriter w)
    {
        w.Write(ConnlistReport.Write(connectivity, ConnlistFormat.Csv));
        w.Write("Exposure Analysis Result:,,\n");
        foreach (var (direction, title, header) in new[] { (Direction.Egress, "Egress Exposure:,,", "src,dst,conn"), (Direction.Ingress, "Ingress Exposure:,,", "dst,src,conn") })
        {
            var lines = Of(exposure, direction).ToList();
            if (lines.Count == 0) continue;
            w.Write($"{title}\n{header}\n");
            foreach (var l in lines) w.Write($"{CsvField(l.Workload.Id)},{CsvField(l.Peer.Name)},{CsvField(l.Connection.ToString())}\n");
        }
    }

    private static string CsvField(string s) =>
        s.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;

    private static void Md(Connectivity connectivity, Exposure exposure, TextWriter w)
    {
        w.Write(ConnlistReport.Write(connectivity, ConnlistFormat.Md));
        w.Write("## Exposure Analysis Result:\n");
        var sections = new List<string>();
        foreach (var (direction, title, header) in new[] { (Direction.Egress, "### Egress Exposure:", "| src | dst | conn |"), (Direction.Ingress, "### Ingress Exposure:", "| dst | src | conn |") })
        {
            var lines = Of(exposure, direction).ToList();
            if (lines.Count == 0) continue;
            var section = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{title}\n{header}\n|-----|-----|------|\n");
            foreach (var l in lines) section.Append(CultureInfo.InvariantCulture, $"| {l.Workload.Id} | {l.Peer} | {l.Connection} |\n");
            sections.Add(section.ToString());
        }
        w.Write(string.Join("\n", sections));
    }

    /// <summary>
    /// The exposure in the graph: selected peers as red nodes in a red cluster per namespace (a namespace with
    /// workloads too appears twice), the entire cluster as a diamond, exposure as dashed edges (dark orange).
    /// </summary>
    private static DotExtras Dot(Exposure exposure)
    {
        var subgraphs = new StringBuilder();
        var selected = exposure.Lines.Select(l => l.Peer).Where(p => p.Kind == ExposedPeerKind.Selected).Distinct().ToList();
        foreach (var ns in selected.GroupBy(p => p.Namespace!).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            subgraphs.Append("\tsubgraph ").Append(ConnlistReport.Quote($"cluster_{ns.Key.Replace('-', '_')}[namespace]")).Append(" {\n")
                .Append("\t\tcolor=\"red2\"\n\t\tfontcolor=\"red2\"\n");
            foreach (var peer in ns.OrderBy(NodeId, StringComparer.Ordinal))
            {
                subgraphs.Append("\t\t").Append(ConnlistReport.Quote(NodeId(peer))).Append(" [label=").Append(ConnlistReport.Quote(peer.Pods!))
                    .Append(" color=\"red2\" fontcolor=\"red2\"]\n");
            }
            subgraphs.Append("\t\tlabel=").Append(ConnlistReport.Quote($"{ns.Key}[namespace]")).Append("\n\t}\n");
        }
        var nodes = exposure.Lines.Any(l => l.Peer.Kind == ExposedPeerKind.EntireCluster)
            ? "\t\"entire-cluster\" [label=\"entire-cluster\" color=\"red2\" fontcolor=\"red2\" shape=diamond]\n"
            : "";
        var edges = new List<(string, string, string)>();
        // Addresses outside the cluster are edges of the connectivity list already.
        foreach (var line in exposure.Lines.Where(l => l.Peer.Kind != ExposedPeerKind.External))
        {
            var (src, dst, style) = line.Direction == Direction.Ingress
                ? (NodeId(line.Peer), line.Workload.Id, "color=\"darkorange2\" fontcolor=\"darkgreen\" weight=1")
                : (line.Workload.Id, NodeId(line.Peer), "color=\"darkorange4\" fontcolor=\"darkgreen\" weight=0.5");
            edges.Add((src, dst, $"\t{ConnlistReport.Quote(src)} -> {ConnlistReport.Quote(dst)} [label={ConnlistReport.Quote(line.Connection.ToString())} {style} style=dashed]\n"));
        }
        return new DotExtras(subgraphs.ToString(), nodes, edges);
    }

    private static string NodeId(ExposedPeer peer) => peer.Kind == ExposedPeerKind.Selected ? $"{peer.Pods}_in_{peer.Namespace}" : peer.Name;

    private static void Json(Connectivity connectivity, Exposure exposure, TextWriter w)
    {
        var options = new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, options))
        {
            json.WriteStartObject();
            json.WriteStartArray("connlist_results");
            foreach (var c in connectivity.EnumerateConnections()) Entry(json, c.Source.ToString(), c.Destination.ToString(), c.Allowed.ToString());
            json.WriteEndArray();
            json.WriteStartObject("exposure_results");
            // An empty direction is null, as netpol-analyzer writes an empty list.
            foreach (var (name, direction) in new[] { ("egress_exposure", Direction.Egress), ("ingress_exposure", Direction.Ingress) })
            {
                var lines = Of(exposure, direction).ToList();
                if (lines.Count == 0)
                {
                    json.WriteNull(name);
                    continue;
                }
                json.WriteStartArray(name);
                foreach (var l in lines)
                {
                    if (direction == Direction.Egress) Entry(json, l.Workload.Id, l.Peer.Name, l.Connection.ToString());
                    else Entry(json, l.Peer.Name, l.Workload.Id, l.Connection.ToString());
                }
                json.WriteEndArray();
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        w.Write(Encoding.UTF8.GetString(buffer.ToArray()).Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    private static void Entry(Utf8JsonWriter json, string src, string dst, string conn)
    {
        json.WriteStartObject();
        json.WriteString("src", src);
        json.WriteString("dst", dst);
        json.WriteString("conn", conn);
        json.WriteEndObject();
    }
}
