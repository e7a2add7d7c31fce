using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Netpact.Analysis;

namespace Netpact.Reports;

/// <summary>
/// `analyze --layers`: every pair the NetworkPolicy layers let anything through, with what each layer allows and what
/// passes them all, as a table (txt, csv, md) or as JSON that also names the rules of each layer (file:line:col), the
/// text `explain` prints. Pairs the NetworkPolicy layers deny are left out: no layer after them can open them.
/// </summary>
public static class LayersReport
{
    private const string IstioNote = "Istio decides TCP into workloads with a sidecar; UDP and SCTP pass it, and so does all traffic into workloads without one";

    public static string Write(Connectivity connectivity, ConnlistFormat format)
    {
        var rows = connectivity.EnumerateLayers().ToList();
        var istio = connectivity.Mesh is not null;
        return format switch
        {
            ConnlistFormat.Json => Json(connectivity, rows),
            ConnlistFormat.Csv => Delimited(rows, istio, ",", csv: true),
            ConnlistFormat.Md => Markdown(rows, istio),
            ConnlistFormat.Txt => Table(rows, istio),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "--layers is written as txt, json, csv or md"),
        };
    }

    /// <summary>What Istio lets through, as a cell: "-" where it does not stand between them.</summary>
    public static string IstioCell(LayeredConnection c) =>
        c.Istio is not { } v
            ? (c.Destination.IsExternal ? "-" : "no sidecar")
            : (v.Tcp.IsEmpty ? "no TCP" : $"TCP {v.Tcp}") + (v.Caveats.IsEmpty && v.Approximate.IsEmpty ? "" : " (approximation)");

    private static string[] Header(bool istio) =>
        istio ? ["SOURCE", "DESTINATION", "K8S", "ISTIO", "EFFECTIVE"] : ["SOURCE", "DESTINATION", "K8S", "EFFECTIVE"];

    private static string[] Cells(LayeredConnection c, bool istio) =>
        istio
            ? [c.Source.ToString(), c.Destination.ToString(), c.Kubernetes.ToString(), IstioCell(c), Effective(c)]
            : [c.Source.ToString(), c.Destination.ToString(), c.Kubernetes.ToString(), Effective(c)];

    private static string Effective(LayeredConnection c) => c.Effective.IsEmpty ? "nothing" : c.Effective.ToString();

    private static string Table(List<LayeredConnection> rows, bool istio)
    {
        var lines = rows.Select(r => Cells(r, istio)).Prepend(Header(istio)).ToList();
        var widths = Enumerable.Range(0, lines[0].Length).Select(i => lines.Max(l => l[i].Length)).ToArray();
        var sb = new StringBuilder();
        foreach (var line in lines)
        {
            for (var i = 0; i < line.Length; i++)
            {
                sb.Append(line[i]);
                if (i < line.Length - 1) sb.Append(' ', widths[i] - line[i].Length + 2);
            }
            sb.Append('\n');
        }
        if (istio) sb.Append('\n').Append(IstioNote).Append(".\n");
        return sb.ToString();
    }

    private static string Delimited(List<LayeredConnection> rows, bool istio, string separator, bool csv)
    {
        var sb = new StringBuilder();
        foreach (var line in rows.Select(r => Cells(r, istio)).Prepend(Header(istio).Select(h => h.ToLowerInvariant()).ToArray()))
        {
            sb.Append(string.Join(separator, line.Select(c => csv && (c.Contains(',') || c.Contains('"')) ? $"\"{c.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : c))).Append('\n');
        }
        return sb.ToString();
    }

    private static string Markdown(List<LayeredConnection> rows, bool istio)
    {
        var sb = new StringBuilder();
        var header = Header(istio).Select(h => h.ToLowerInvariant()).ToArray();
        sb.Append("| ").Append(string.Join(" | ", header)).Append(" |\n");
        sb.Append('|').Append(string.Concat(header.Select(_ => "---|"))).Append('\n');
        foreach (var r in rows)
        {
            sb.Append("| ").Append(string.Join(" | ", Cells(r, istio).Select(c => c.Replace("|", "\\|", StringComparison.Ordinal)))).Append(" |\n");
        }
        if (istio) sb.Append('\n').Append(IstioNote).Append(".\n");
        return sb.ToString();
    }

    private static string Json(Connectivity connectivity, List<LayeredConnection> rows)
    {
        var array = new JsonArray();
        foreach (var r in rows)
        {
            var e = Explainer.Explain(connectivity.Cluster, r.Source, r.Destination, null);
            var k8s = new JsonObject
            {
                ["allows"] = r.Kubernetes.ToString(),
                ["egress"] = Lines(sb => ExplainReport.SideBody(sb, e.Egress)),
                ["ingress"] = Lines(sb => ExplainReport.SideBody(sb, e.Ingress)),
            };
            var row = new JsonObject
            {
                ["src"] = r.Source.ToString(),
                ["dst"] = r.Destination.ToString(),
                ["k8s"] = k8s,
            };
            if (connectivity.Mesh is not null)
            {
                row["istio"] = r.Istio is not { } v
                    ? new JsonObject { ["decides"] = false, ["why"] = r.Destination.IsExternal ? "the destination is outside the cluster" : "the destination runs no sidecar" }
                    : new JsonObject
                    {
                        ["decides"] = true,
                        ["tcp"] = v.Tcp.IsEmpty ? "" : v.Tcp.ToString(),
                        ["reasons"] = new JsonArray([.. v.Reasons.Select(x => (JsonNode)JsonValue.Create(x)!)]),
                        ["approximations"] = new JsonArray([.. v.Caveats.Select(x => (JsonNode)JsonValue.Create(x)!)]),
                    };
            }
            row["effective"] = r.Effective.IsEmpty ? "" : r.Effective.ToString();
            array.Add(row);
        }
        return array.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    private static JsonArray Lines(Action<StringBuilder> write)
    {
        var sb = new StringBuilder();
        write(sb);
        return new JsonArray([.. sb.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => (JsonNode)JsonValue.Create(l.Trim())!)]);
    }
}
