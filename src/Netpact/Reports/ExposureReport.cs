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
            default: throw new ArgumentOutOfRangeException(nameof(format), format, "exposure analysis is written as txt, csv, md or json");
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
