using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Netpact.Lab.Reports;

public enum LabFormat { Txt, Json, Md }

/// <summary>
/// The lab's findings for people (txt, md) and machines (json): the hosts, every connection that is open by the
/// intent, the prediction or the packets (observed beside predicted), the drops counted, every disagreement.
/// </summary>
public static class LabReport
{
    public static string Write(LabResult result, LabFormat format) => format switch
    {
        LabFormat.Json => Json(result),
        LabFormat.Md => Markdown(result),
        _ => Text(result),
    };

    private static string State(bool open) => open ? "open" : "blocked";

    private static string Observed(ProbeResult p) => p.Observed switch { Reach.Open => "open", Reach.Blocked => "blocked", _ => "not probed" };

    private static string Peer(LabProbe probe, bool from)
    {
        var (host, address) = from ? (probe.From, probe.FromAddress) : (probe.To, probe.ToAddress);
        return host.Outside ? $"{host.Name} {address.Address}" : host.Name;
    }

    /// <summary>Why a probe disagrees, in words.</summary>
    public static string Verdict(ProbeResult p) =>
        !p.AsPredicted
            ? "netpact's prediction is wrong: the packets did otherwise"
            : "the rules do not do what the intent says";

    private static string Where(ProbeResult p) => p.DroppedBy is { } where ? $"; dropped by {where}" : "";

    private static string Summary(LabResult r)
    {
        var byProtocol = r.Probes.Where(p => p.Probed).GroupBy(p => p.Probe.Port.Protocol).OrderBy(g => g.Key.ToString(), StringComparer.Ordinal)
            .Select(g => $"{g.Key} {g.Count()}");
        var skipped = r.Probes.Count(p => !p.Probed);
        return string.Create(CultureInfo.InvariantCulture,
            $"{r.Hosts.Length} hosts, {r.Probes.Count(p => p.Probed)} probes ({string.Join(", ", byProtocol)}){(skipped > 0 ? $", {skipped} not probed" : "")}, {r.Duration.TotalSeconds:0.0} s");
    }

    private static IEnumerable<ProbeResult> Shown(LabResult r) => r.Probes.Where(p => p.Intended || p.Predicted || p.Open || !p.Probed);

    private static string Text(LabResult r)
    {
        var sb = new StringBuilder();
        void Line(string text = "") => sb.Append(text).Append('\n');

        Line($"netpact lab {r.Id}: {r.IntentFile}, rules {(r.Rules == LabRules.CompiledSource ? r.Rules : "from " + r.Rules)}");
        Line(Summary(r));
        Line();
        Table(sb, ["host", "namespace", "address", "ports (* undeclared sample)"],
            r.Hosts.Select(h => new[]
            {
                h.Name, h.Namespace, string.Join(" ", h.Addresses.Select(a => a.Address)),
                string.Join(" ", h.Ports.Select(p => p + (p.Declared ? "" : "*"))),
            }));
        Line();
        Line("open by the intent, the prediction or the packets (observed beside predicted):");
        var shown = Shown(r).ToList();
        Table(sb, ["from", "to", "port", "intended", "predicted", "observed", ""],
            shown.Select(p => new[]
            {
                Peer(p.Probe, true), Peer(p.Probe, false), p.Probe.Port.ToString(), State(p.Intended), State(p.Predicted), Observed(p), p.Disagrees ? "DIFFERS" : "",
            }));
        var rest = r.Probes.Length - shown.Count;
        Line(string.Create(CultureInfo.InvariantCulture, $"every other probe ({rest}): blocked, as intended and predicted"));
        if (r.Drops.Any(d => d.Input + d.Output > 0))
        {
            Line();
            Line("dropped by the rules (nftables counters, packets in / out):");
            Line("  " + string.Join(", ", r.Drops.Where(d => d.Input + d.Output > 0).Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.Host} {d.Input}/{d.Output}"))));
        }
        foreach (var note in r.Notes) Line($"note: {note}");
        foreach (var d in r.Diagnostics) Line(d.ToString());
        Line();
        var disagreements = r.Disagreements.ToList();
        if (disagreements.Count == 0)
        {
            Line("disagreements: none; the packets did what the intent says and what netpact predicted");
            return sb.ToString();
        }
        Line(string.Create(CultureInfo.InvariantCulture, $"disagreements ({disagreements.Count}):"));
        foreach (var p in disagreements)
        {
            Line($"  {Peer(p.Probe, true)} -> {Peer(p.Probe, false)} {p.Probe.Port}: intended {State(p.Intended)}, predicted {State(p.Predicted)}, observed {Observed(p)} ({p.Detail}): {Verdict(p)}{Where(p)}");
        }
        return sb.ToString();
    }

    private static void Table(StringBuilder sb, string[] header, IEnumerable<string[]> rows)
    {
        var all = new List<string[]> { header };
        all.AddRange(rows);
        var widths = header.Select((_, i) => all.Max(row => row[i].Length)).ToArray();
        foreach (var row in all)
        {
            sb.Append(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd()).Append('\n');
        }
    }

    private static string Markdown(LabResult r)
    {
        var sb = new StringBuilder();
        void Line(string text = "") => sb.Append(text).Append('\n');
        static string Cell(string s) => s.Replace("|", "\\|", StringComparison.Ordinal);

        Line($"# netpact lab {r.Id}");
        Line();
        Line($"Intent `{r.IntentFile}`, rules {(r.Rules == LabRules.CompiledSource ? r.Rules : $"from `{r.Rules}`")}: {Summary(r)}.");
        Line();
        Line("| host | namespace | address | ports (* undeclared sample) |");
        Line("|---|---|---|---|");
        foreach (var h in r.Hosts)
            Line($"| {h.Name} | {h.Namespace} | {string.Join(" ", h.Addresses.Select(a => a.Address))} | {string.Join(" ", h.Ports.Select(p => p + (p.Declared ? "" : "\\*")))} |");
        Line();
        Line("## Open by the intent, the prediction or the packets");
        Line();
        Line("| from | to | port | intended | predicted | observed |");
        Line("|---|---|---|---|---|---|");
        foreach (var p in Shown(r))
        {
            var observed = p.Disagrees ? $"**{Observed(p)}**" : Observed(p);
            Line($"| {Cell(Peer(p.Probe, true))} | {Cell(Peer(p.Probe, false))} | {p.Probe.Port} | {State(p.Intended)} | {State(p.Predicted)} | {observed} |");
        }
        Line();
        Line(string.Create(CultureInfo.InvariantCulture, $"Every other probe ({r.Probes.Length - Shown(r).Count()}) was blocked, as intended and predicted."));
        Line();
        Line("## Disagreements");
        Line();
        var disagreements = r.Disagreements.ToList();
        if (disagreements.Count == 0) Line("None: the packets did what the intent says and what netpact predicted.");
        foreach (var p in disagreements)
            Line($"- {Cell(Peer(p.Probe, true))} -> {Cell(Peer(p.Probe, false))} {p.Probe.Port}: intended {State(p.Intended)}, predicted {State(p.Predicted)}, observed {Observed(p)} ({Cell(p.Detail)}): {Verdict(p)}{Where(p)}");
        if (r.Notes.Length + r.Diagnostics.Length > 0) Line();
        foreach (var note in r.Notes) Line($"Note: {note}");
        foreach (var d in r.Diagnostics) Line($"- `{d}`");
        return sb.ToString();
    }

    private static string Json(LabResult r)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("lab", r.Id);
            w.WriteString("intent", r.IntentFile);
            w.WriteString("rules", r.Rules);
            w.WriteNumber("seconds", Math.Round(r.Duration.TotalSeconds, 2));
            w.WriteBoolean("agrees", r.Agrees);
            w.WriteNumber("disagreements", r.Disagreements.Count());
            w.WriteStartArray("hosts");
            foreach (var h in r.Hosts)
            {
                w.WriteStartObject();
                w.WriteString("name", h.Name);
                w.WriteString("namespace", h.Namespace);
                w.WriteStartArray("addresses");
                foreach (var a in h.Addresses)
                {
                    w.WriteStartObject();
                    w.WriteString("address", a.Address.ToString());
                    w.WriteString("standsFor", a.IntentPeer.ToString());
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartArray("ports");
                foreach (var p in h.Ports)
                {
                    w.WriteStartObject();
                    w.WriteNumber("port", p.Port);
                    w.WriteString("protocol", p.Protocol.ToString());
                    w.WriteBoolean("declared", p.Declared);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("probes");
            foreach (var p in r.Probes)
            {
                w.WriteStartObject();
                w.WriteString("from", p.Probe.From.Name);
                w.WriteString("fromAddress", p.Probe.FromAddress.Address.ToString());
                w.WriteString("to", p.Probe.To.Name);
                w.WriteString("toAddress", p.Probe.ToAddress.Address.ToString());
                w.WriteNumber("port", p.Probe.Port.Port);
                w.WriteString("protocol", p.Probe.Port.Protocol.ToString());
                w.WriteBoolean("declared", p.Probe.Port.Declared);
                w.WriteString("intended", State(p.Intended));
                w.WriteString("predicted", State(p.Predicted));
                w.WriteString("observed", p.Observed switch { Reach.Open => "open", Reach.Blocked => "blocked", _ => "not-probed" });
                w.WriteString("detail", p.Detail);
                if (p.DroppedBy is { } droppedBy) w.WriteString("droppedBy", droppedBy);
                w.WriteBoolean("agrees", !p.Disagrees);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("drops");
            foreach (var d in r.Drops)
            {
                w.WriteStartObject();
                w.WriteString("host", d.Host);
                w.WriteNumber("input", d.Input);
                w.WriteNumber("output", d.Output);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("notes");
            foreach (var n in r.Notes) w.WriteStringValue(n);
            w.WriteEndArray();
            w.WriteStartArray("diagnostics");
            foreach (var d in r.Diagnostics) w.WriteStringValue(d.ToString());
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
