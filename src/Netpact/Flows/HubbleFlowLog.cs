using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;

namespace Netpact.Flows;

/// <summary>
/// Cilium Hubble flows as <c>hubble observe -o json</c> prints them: one JSON object a line, the flow under "flow"
/// (or the flow itself, as older versions print). The verdict says what the datapath did (FORWARDED, REDIRECTED,
/// TRANSLATED, TRACED and AUDIT let it through; DROPPED and ERROR stopped it); is_reply tells the reply direction; the
/// endpoints carry their namespace, pod, workload and labels, which name the workload without any address table.
/// Lines that are no flow (lost events, agent events) are skipped.
/// </summary>
internal sealed class HubbleFlowLog : IFlowLineParser
{
    public FlowLogFormat Format => FlowLogFormat.Hubble;

    public FlowLineKind Parse(ReadOnlySpan<char> text, int lineNumber, out FlowRecord record, out string? error)
    {
        var line = text.ToString();
        record = default;
        error = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            error = $"not a JSON object: {e.Message.Split(" Path:")[0]}";
            return FlowLineKind.Malformed;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "not a JSON object";
                return FlowLineKind.Malformed;
            }
            var flow = root.TryGetProperty("flow", out var f) && f.ValueKind == JsonValueKind.Object ? f : root;
            if (!flow.TryGetProperty("verdict", out var verdictElement))
            {
                // lost_events, agent_event, debug_event: no flow.
                return root.TryGetProperty("flow", out _) ? Bad(out error, "a flow without a verdict") : FlowLineKind.Skipped;
            }
            FlowVerdict verdict;
            switch (verdictElement.ValueKind == JsonValueKind.String ? verdictElement.GetString() : verdictElement.ToString())
            {
                // By name, or by the number of flow.proto's Verdict enum (1 FORWARDED, 2 DROPPED, 3 ERROR, 4 AUDIT, 5 REDIRECTED, 6 TRACED, 7 TRANSLATED).
                case "FORWARDED" or "REDIRECTED" or "TRANSLATED" or "TRACED" or "AUDIT" or "1" or "4" or "5" or "6" or "7":
                    verdict = FlowVerdict.Accepted;
                    break;
                case "DROPPED" or "ERROR" or "2" or "3":
                    verdict = FlowVerdict.Rejected;
                    break;
                case var other:
                    return Bad(out error, $"verdict '{other}' is none of FORWARDED, DROPPED, ERROR, AUDIT, REDIRECTED, TRACED, TRANSLATED");
            }
            if (!flow.TryGetProperty("IP", out var ip) || ip.ValueKind != JsonValueKind.Object)
                return Bad(out error, "a flow without \"IP\" (source and destination addresses)");
            if (!Address(ip, "source", out var src)) return Bad(out error, "IP.source is missing or not an IP address");
            if (!Address(ip, "destination", out var dst)) return Bad(out error, "IP.destination is missing or not an IP address");
            var (protocol, srcPort, dstPort, syn, ack) = Layer4(flow, src.IsV6);
            if (protocol < 0) return Bad(out error, "l4 names no protocol netpact knows (TCP, UDP, SCTP, ICMPv4, ICMPv6)");
            DateTimeOffset? time = null;
            if ((flow.TryGetProperty("time", out var t) || root.TryGetProperty("time", out t)) && t.ValueKind == JsonValueKind.String)
            {
                if (!DateTimeOffset.TryParse(t.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                    return Bad(out error, $"time '{t.GetString()}' is not an RFC 3339 time");
                time = parsed;
            }
            var orientation = FlowOrientation.Unknown;
            if (flow.TryGetProperty("is_reply", out var isReply) && isReply.ValueKind is JsonValueKind.True or JsonValueKind.False)
                orientation = isReply.GetBoolean() ? FlowOrientation.Reply : FlowOrientation.Request;
            else if (syn)
                orientation = ack ? FlowOrientation.Reply : FlowOrientation.Request;
            record = new FlowRecord(src, dst, protocol, srcPort, dstPort, verdict, 1, 0, time, orientation)
            {
                SourceIdentity = Identity(flow, "source"),
                DestinationIdentity = Identity(flow, "destination"),
                DecidedBy = Policies(flow, verdict),
            };
            return FlowLineKind.Record;
        }
    }

    private static FlowLineKind Bad(out string? error, string message)
    {
        error = message;
        return FlowLineKind.Malformed;
    }

    private static bool Address(JsonElement ip, string name, out FlowAddress address)
    {
        address = default;
        return ip.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.String && FlowAddress.TryParse(e.GetString(), out address);
    }

    private static (int Protocol, int SrcPort, int DstPort, bool Syn, bool Ack) Layer4(JsonElement flow, bool v6)
    {
        if (!flow.TryGetProperty("l4", out var l4) || l4.ValueKind != JsonValueKind.Object) return (-1, 0, 0, false, false);
        foreach (var (name, number) in new[] { ("TCP", FlowProtocols.Tcp), ("UDP", FlowProtocols.Udp), ("SCTP", FlowProtocols.Sctp) })
        {
            if (!l4.TryGetProperty(name, out var p) || p.ValueKind != JsonValueKind.Object) continue;
            var syn = false;
            var ack = false;
            if (p.TryGetProperty("flags", out var flags) && flags.ValueKind == JsonValueKind.Object)
            {
                syn = flags.TryGetProperty("SYN", out var s) && s.ValueKind == JsonValueKind.True;
                ack = flags.TryGetProperty("ACK", out var a) && a.ValueKind == JsonValueKind.True;
            }
            return (number, Port(p, "source_port"), Port(p, "destination_port"), syn, ack);
        }
        if (l4.TryGetProperty("ICMPv4", out _)) return (FlowProtocols.Icmp, 0, 0, false, false);
        if (l4.TryGetProperty("ICMPv6", out _)) return (FlowProtocols.Icmpv6, 0, 0, false, false);
        return (-1, 0, 0, false, false);
    }

    private static int Port(JsonElement element, string name) =>
        element.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetInt32(out var port) && port is >= 0 and <= 65535 ? port : 0;

    /// <summary>The endpoint's Kubernetes identity; null for one outside the cluster (reserved:world) or without a namespace.</summary>
    private static FlowIdentity? Identity(JsonElement flow, string side)
    {
        if (!flow.TryGetProperty(side, out var e) || e.ValueKind != JsonValueKind.Object) return null;
        var ns = e.TryGetProperty("namespace", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() ?? "" : "";
        if (ns.Length == 0) return null;
        var pod = e.TryGetProperty("pod_name", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() ?? "" : "";
        string? workload = null;
        string? kind = null;
        if (e.TryGetProperty("workloads", out var ws) && ws.ValueKind == JsonValueKind.Array && ws.GetArrayLength() > 0 && ws[0].ValueKind == JsonValueKind.Object)
        {
            workload = ws[0].TryGetProperty("name", out var wn) && wn.ValueKind == JsonValueKind.String ? wn.GetString() : null;
            kind = ws[0].TryGetProperty("kind", out var wk) && wk.ValueKind == JsonValueKind.String ? wk.GetString() : null;
        }
        var labels = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        if (e.TryGetProperty("labels", out var ls) && ls.ValueKind == JsonValueKind.Array)
        {
            foreach (var l in ls.EnumerateArray())
            {
                if (l.ValueKind != JsonValueKind.String) continue;
                // "k8s:app=web": the source before the colon, then key=value.
                var text = l.GetString()!;
                var colon = text.IndexOf(':');
                if (colon >= 0 && text[..colon] is not "k8s" and not "container") continue;
                var label = text[(colon + 1)..];
                var eq = label.IndexOf('=');
                if (eq > 0) labels[label[..eq]] = label[(eq + 1)..];
            }
        }
        return new FlowIdentity(ns, pod, workload, kind, labels.ToImmutable());
    }

    /// <summary>The policies Hubble names as having allowed or denied the flow.</summary>
    private static string? Policies(JsonElement flow, FlowVerdict verdict)
    {
        var names = new List<string>();
        foreach (var field in verdict == FlowVerdict.Accepted ? new[] { "egress_allowed_by", "ingress_allowed_by" } : ["egress_denied_by", "ingress_denied_by"])
        {
            if (!flow.TryGetProperty(field, out var list) || list.ValueKind != JsonValueKind.Array) continue;
            foreach (var p in list.EnumerateArray())
            {
                if (p.ValueKind != JsonValueKind.Object) continue;
                var kind = p.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : "policy";
                var ns = p.TryGetProperty("namespace", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() + "/" : "";
                var name = p.TryGetProperty("name", out var nm) && nm.ValueKind == JsonValueKind.String ? nm.GetString() : "?";
                names.Add($"{kind} {ns}{name} ({field.Replace('_', ' ')})");
            }
        }
        if (names.Count == 0 && verdict == FlowVerdict.Rejected && flow.TryGetProperty("drop_reason_desc", out var reason) && reason.ValueKind == JsonValueKind.String)
            names.Add($"Cilium drop reason {reason.GetString()}");
        return names.Count == 0 ? null : string.Join(", ", names);
    }
}
