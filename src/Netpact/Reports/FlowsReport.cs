using System.Globalization;
using System.Text;
using System.Text.Json;
using Netpact.Flows;

namespace Netpact.Reports;

public enum FlowsFormat { Txt, Json, Md, Sarif }

/// <summary>
/// Prints a flow classification: the logs read, a count per class, then the problems first (allowed but not intended,
/// intended but rejected, scans), the blocked attempts in numbers, the unused intended flows, and the flows as intended.
/// </summary>
public static class FlowsReport
{
    public static string Write(FlowsResult result, FlowsFormat format, string baseDirectory) => format switch
    {
        FlowsFormat.Json => Json(result),
        FlowsFormat.Sarif => FlowsSarif.Write(result, baseDirectory),
        FlowsFormat.Md => Text(result, markdown: true),
        _ => Text(result, markdown: false),
    };

    public static string ClassName(FlowClass c) => c switch
    {
        FlowClass.IntendedAllowed => "intended and allowed",
        FlowClass.AllowedNotIntended => "allowed but not intended",
        FlowClass.IntendedRejected => "intended but rejected",
        _ => "rejected and not intended",
    };

    public static string ClassId(FlowClass c) => c switch
    {
        FlowClass.IntendedAllowed => "intended-allowed",
        FlowClass.AllowedNotIntended => "allowed-not-intended",
        FlowClass.IntendedRejected => "intended-rejected",
        _ => "rejected-not-intended",
    };

    private static string Text(FlowsResult r, bool markdown)
    {
        var sb = new StringBuilder();
        sb.Append(markdown ? "# netpact flows: " : "netpact flows: ").Append(r.Pact).Append("\n\n");
        if (r.Window.Since is not null || r.Window.Until is not null)
            sb.Append("window: ").Append(Time(r.Window.Since) ?? "start").Append(" to ").Append(Time(r.Window.Until) ?? "end").Append("\n\n");
        Table(sb, markdown, ["log", "format", "records", "skipped", "malformed", "outside window"],
            r.Logs.Select(l => new[] { l.Path, l.FormatName + (l.Gzip ? " (gzip)" : ""), N(l.Records), N(l.Skipped), N(l.Malformed), N(l.OutsideWindow) })
                .Concat(r.BaselineLogs.Select(l => new[] { $"{l.Path} (baseline)", l.FormatName + (l.Gzip ? " (gzip)" : ""), N(l.Records), N(l.Skipped), N(l.Malformed), "" })));
        sb.Append('\n');
        var classes = Enum.GetValues<FlowClass>().Select(c => new[] { ClassName(c), N(r.Of(c).Count()), N(r.Of(c).Sum(f => f.Records)) })
            .Append(["unused intended flows", N(r.Unused.Length), "0"])
            .Append(["port scans", N(r.Scans.Length), N(r.Scans.Sum(s => s.Records))]);
        if (!r.BaselineLogs.IsEmpty) classes = classes.Append(["new since the baseline", N(r.Anomalies.Count()), N(r.Anomalies.Sum(f => f.Records))]);
        Table(sb, markdown, ["class", "flows", "records"], classes);

        Section(sb, markdown, "ALLOWED BUT NOT INTENDED (error: a policy too broad, a layer not enforced, or an attacker)", r.Of(FlowClass.AllowedNotIntended), withReasons: true);
        Section(sb, markdown, "INTENDED BUT REJECTED (error: an outage)", r.Of(FlowClass.IntendedRejected), withReasons: true);
        if (!r.Scans.IsEmpty)
        {
            Heading(sb, markdown, "PORT SCANS (one source stopped on many ports or destinations)");
            foreach (var s in r.Scans)
            {
                Item(sb, markdown, $"{FlowPeers.Name(s.Source)}: {Count(s.Ports, "port")} on {Count(s.Destinations, "destination")}, {Count(s.Records, "record")}, first at {s.FirstSeen}; e.g. {string.Join(", ", s.SampleTargets)}");
            }
        }
        if (r.Anomalies.Any())
        {
            Heading(sb, markdown, "NEW SINCE THE BASELINE (accepted; a pair, port or source the baseline never showed)");
            foreach (var f in r.Anomalies)
                Item(sb, markdown, $"{FlowPeers.Name(f.Source)} => {FlowPeers.Name(f.Destination)} : {f.Service}  {string.Join(", ", f.New)}; {ClassName(f.Class)}; {Count(f.Records, "record")}, first at {f.FirstSeen}");
        }
        if (r.Blocked.Flows > 0)
        {
            Heading(sb, markdown, $"BLOCKED ATTEMPTS (rejected and not intended): {Count(r.Blocked.Records, "record")} in {Count(r.Blocked.Flows, "flow")}");
            Item(sb, markdown, "top sources: " + string.Join(", ", r.Blocked.TopSources.Select(t => $"{t.Name} ({t.Records})")));
            Item(sb, markdown, "top ports: " + string.Join(", ", r.Blocked.TopPorts.Select(t => $"{t.Name} ({t.Records})")));
        }
        if (!r.Unused.IsEmpty)
        {
            Heading(sb, markdown, "UNUSED (intended, never observed in the window)");
            foreach (var u in r.Unused)
                Item(sb, markdown, $"{FlowPeers.Name(u.Source)} => {FlowPeers.Name(u.Destination)} : {u.Unused}{(u.NeverUsed ? " (never seen)" : " (these ports never seen)")}  [{string.Join("; ", u.Reasons)}]");
        }
        Section(sb, markdown, "INTENDED AND ALLOWED", r.Of(FlowClass.IntendedAllowed), withReasons: false);
        return sb.ToString();
    }

    private static void Section(StringBuilder sb, bool markdown, string title, IEnumerable<ObservedFlow> flows, bool withReasons)
    {
        var list = flows.ToList();
        if (list.Count == 0) return;
        Heading(sb, markdown, title);
        foreach (var f in list)
        {
            var when = f.First is null ? "" : $", {Time(f.First)} to {Time(f.Last)}";
            Item(sb, markdown, $"{FlowPeers.Name(f.Source)} => {FlowPeers.Name(f.Destination)} : {f.Service}  {Count(f.Records, "record")}, {Count(f.Clients, "client address", "client addresses")}, first at {f.FirstSeen}{when}");
            if (!withReasons) continue;
            foreach (var reason in f.Reasons) sb.Append(markdown ? "  - " : "      ").Append(reason).Append('\n');
        }
    }

    private static void Heading(StringBuilder sb, bool markdown, string title) => sb.Append('\n').Append(markdown ? "## " : "").Append(title).Append(markdown ? "\n\n" : "\n");

    private static void Item(StringBuilder sb, bool markdown, string text) => sb.Append(markdown ? "- " : "  ").Append(text).Append('\n');

    private static void Table(StringBuilder sb, bool markdown, string[] header, IEnumerable<string[]> rowsIn)
    {
        var rows = rowsIn.ToList();
        if (markdown)
        {
            sb.Append("| ").Append(string.Join(" | ", header)).Append(" |\n|").Append(string.Concat(header.Select(_ => "---|"))).Append('\n');
            foreach (var row in rows) sb.Append("| ").Append(string.Join(" | ", row)).Append(" |\n");
            return;
        }
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Select(row => row[i].Length).DefaultIfEmpty(0).Max())).ToArray();
        sb.Append(string.Join("  ", header.Select((h, i) => h.PadRight(widths[i]))).TrimEnd()).Append('\n');
        foreach (var row in rows) sb.Append(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd()).Append('\n');
    }

    private static string Count(long n, string one, string? many = null) => $"{N(n)} {(n == 1 ? one : many ?? one + "s")}";

    private static string N(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static string? Time(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Json(FlowsResult r)
    {
        var doc = new
        {
            pact = r.Pact,
            window = new { since = Time(r.Window.Since), until = Time(r.Window.Until) },
            logs = r.Logs.Select(l => new { path = l.Path, format = l.FormatName, gzip = l.Gzip, records = l.Records, skipped = l.Skipped, malformed = l.Malformed, outsideWindow = l.OutsideWindow }),
            baselineLogs = r.BaselineLogs.Select(l => new { path = l.Path, format = l.FormatName, gzip = l.Gzip, records = l.Records, skipped = l.Skipped, malformed = l.Malformed }),
            summary = Enum.GetValues<FlowClass>().ToDictionary(ClassId, c => new { flows = r.Of(c).Count(), records = r.Of(c).Sum(f => f.Records) }),
            flows = r.Flows.Select(f => new
            {
                @class = ClassId(f.Class),
                src = FlowPeers.Name(f.Source),
                dst = FlowPeers.Name(f.Destination),
                protocol = FlowProtocols.Name(f.Protocol),
                port = FlowProtocols.HasPorts(f.Protocol) ? f.Port : (int?)null,
                verdict = f.Verdict == FlowVerdict.Accepted ? "accepted" : "rejected",
                records = f.Records,
                packets = f.Packets,
                bytes = f.Bytes,
                clients = f.Clients,
                firstSeen = f.FirstSeen.ToString(),
                first = Time(f.First),
                last = Time(f.Last),
                reasons = f.Reasons,
                @new = f.New,
            }),
            portScans = r.Scans.Select(s => new { src = FlowPeers.Name(s.Source), ports = s.Ports, destinations = s.Destinations, records = s.Records, firstSeen = s.FirstSeen.ToString(), examples = s.SampleTargets }),
            blocked = new
            {
                records = r.Blocked.Records,
                flows = r.Blocked.Flows,
                topSources = r.Blocked.TopSources.Select(t => new { src = t.Name, records = t.Records }),
                topPorts = r.Blocked.TopPorts.Select(t => new { port = t.Name, records = t.Records }),
            },
            unused = r.Unused.Select(u => new { src = FlowPeers.Name(u.Source), dst = FlowPeers.Name(u.Destination), conn = u.Unused.ToString(), neverUsed = u.NeverUsed, reasons = u.Reasons }),
        };
        return JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }
}
