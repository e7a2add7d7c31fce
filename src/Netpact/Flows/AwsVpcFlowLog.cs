using System.Collections.Immutable;
using System.Globalization;

namespace Netpact.Flows;

/// <summary>
/// AWS VPC Flow Logs as text: the default format of version 2 (no header line), or a custom format of versions 2 to 5
/// whose first line names the fields (as logs delivered to S3 carry it). Space-separated; '-' where a field has no
/// value. NODATA and SKIPDATA records carry no flow and are counted as skipped. Where the record gives the packet's own
/// addresses (pkt-srcaddr, pkt-dstaddr: the pod behind a node's interface, the address before NAT) those are used.
/// </summary>
internal sealed class AwsVpcFlowLog : IFlowLineParser
{
    public static readonly ImmutableArray<string> DefaultFields =
        ["version", "account-id", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport", "protocol", "packets", "bytes", "start", "end", "action", "log-status"];

    /// <summary>Every field name of versions 2 to 5; a header line holds only these.</summary>
    private static readonly HashSet<string> KnownFields = new(StringComparer.Ordinal)
    {
        "version", "account-id", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport", "protocol", "packets", "bytes", "start", "end",
        "action", "log-status", "vpc-id", "subnet-id", "instance-id", "tcp-flags", "type", "pkt-srcaddr", "pkt-dstaddr", "region", "az-id",
        "sublocation-type", "sublocation-id", "pkt-src-aws-service", "pkt-dst-aws-service", "flow-direction", "traffic-path",
        "ecs-cluster-arn", "ecs-cluster-name", "ecs-container-instance-arn", "ecs-container-instance-id", "ecs-container-id",
        "ecs-second-container-id", "ecs-service-name", "ecs-task-definition-arn", "ecs-task-arn", "ecs-task-id",
        "reject-reason", "resource-id", "encryption-status",
    };

    private string[] _fields = [.. DefaultFields];
    private int _headerLine;
    private int _src, _dst, _srcPort, _dstPort, _protocol, _packets, _bytes, _start, _action, _status, _pktSrc, _pktDst, _flags;

    public AwsVpcFlowLog() => Index();

    public FlowLogFormat Format => FlowLogFormat.AwsVpc;

    public static bool IsHeader(string line)
    {
        var tokens = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return tokens.Length >= 3 && tokens.All(KnownFields.Contains) && tokens.Contains("srcaddr") && tokens.Contains("dstaddr");
    }

    /// <summary>A record of the default format: 14 fields, version 2 to 5 first, and an action or '-' before the status.</summary>
    public static bool LooksLikeDefaultRecord(string line)
    {
        var tokens = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return tokens.Length == DefaultFields.Length && tokens[0] is "2" or "3" or "4" or "5" && tokens[12] is "ACCEPT" or "REJECT" or "-";
    }

    public FlowLineKind Parse(ReadOnlySpan<char> line, int lineNumber, out FlowRecord record, out string? error)
    {
        record = default;
        error = null;
        // A header names srcaddr; a record never holds that word (a cheap test before splitting every line).
        if (line.Contains("srcaddr", StringComparison.Ordinal) && IsHeader(line.ToString()))
        {
            _fields = line.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            _headerLine = lineNumber;
            Index();
            if (_src < 0 || _dst < 0 || _protocol < 0 || _action < 0)
            {
                error = "this header lacks srcaddr, dstaddr, protocol or action: netpact needs all four to classify a flow; add them to the flow log's format";
                return FlowLineKind.Malformed;
            }
            return FlowLineKind.Skipped;
        }
        Span<Range> ranges = stackalloc Range[_fields.Length + 1];
        var span = line.Trim();
        var count = span.Split(ranges, ' ', StringSplitOptions.RemoveEmptyEntries);
        if (count != _fields.Length)
        {
            var of = _headerLine > 0 ? $"the format of the header at line {_headerLine}" : "the default format (version 2)";
            error = count > _fields.Length
                ? $"more than the {_fields.Length} fields of {of}"
                : $"{count} fields where {of} has {_fields.Length}";
            return FlowLineKind.Malformed;
        }
        var status = At(span, ranges, _status);
        if (status is "NODATA" or "SKIPDATA") return FlowLineKind.Skipped;
        if (At(span, ranges, _src) is "-" && At(span, ranges, _dst) is "-" && At(span, ranges, _action) is "-") return FlowLineKind.Skipped;

        var srcText = At(span, ranges, _pktSrc) is var ps && ps is not "-" ? ps : At(span, ranges, _src);
        var dstText = At(span, ranges, _pktDst) is var pd && pd is not "-" ? pd : At(span, ranges, _dst);
        if (!FlowAddress.TryParse(srcText, out var src)) return Bad(out error, $"srcaddr '{srcText}' is not an IP address");
        if (!FlowAddress.TryParse(dstText, out var dst)) return Bad(out error, $"dstaddr '{dstText}' is not an IP address");
        var protocol = FlowProtocols.Parse(At(span, ranges, _protocol));
        if (protocol < 0) return Bad(out error, $"protocol '{At(span, ranges, _protocol)}' is not an IANA protocol number");
        if (!Port(At(span, ranges, _srcPort), out var srcPort)) return Bad(out error, $"srcport '{At(span, ranges, _srcPort)}' is not a port (0-65535)");
        if (!Port(At(span, ranges, _dstPort), out var dstPort)) return Bad(out error, $"dstport '{At(span, ranges, _dstPort)}' is not a port (0-65535)");
        FlowVerdict verdict;
        switch (At(span, ranges, _action))
        {
            case "ACCEPT": verdict = FlowVerdict.Accepted; break;
            case "REJECT": verdict = FlowVerdict.Rejected; break;
            default: return Bad(out error, $"action '{At(span, ranges, _action)}' is neither ACCEPT nor REJECT");
        }
        if (!Count(At(span, ranges, _packets), out var packets)) return Bad(out error, $"packets '{At(span, ranges, _packets)}' is not a count");
        if (!Count(At(span, ranges, _bytes), out var bytes)) return Bad(out error, $"bytes '{At(span, ranges, _bytes)}' is not a count");
        DateTimeOffset? time = null;
        if (At(span, ranges, _start) is var start && start is not "-")
        {
            if (!long.TryParse(start, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > 253402300799)
                return Bad(out error, $"start '{start}' is not a Unix time in seconds");
            time = DateTimeOffset.FromUnixTimeSeconds(seconds);
        }
        var orientation = FlowOrientation.Unknown;
        if (At(span, ranges, _flags) is var flags && flags is not "-" && int.TryParse(flags, NumberStyles.None, CultureInfo.InvariantCulture, out var f) && (f & 2) != 0)
        {
            // AWS records SYN, SYN-ACK, FIN and RST only (ORed over the interval): SYN without ACK is the client's side.
            orientation = (f & 16) != 0 ? FlowOrientation.Reply : FlowOrientation.Request;
        }
        record = new FlowRecord(src, dst, protocol, srcPort, dstPort, verdict, packets, bytes, time, orientation);
        return FlowLineKind.Record;
    }

    private static ReadOnlySpan<char> At(ReadOnlySpan<char> line, ReadOnlySpan<Range> ranges, int i) => i < 0 ? "-" : line[ranges[i]];

    private static FlowLineKind Bad(out string? error, string message)
    {
        error = message;
        return FlowLineKind.Malformed;
    }

    private static bool Port(ReadOnlySpan<char> text, out int port)
    {
        port = 0;
        return text is "-" || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port <= 65535);
    }

    private static bool Count(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        return text is "-" || long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private void Index()
    {
        int At(string name) => Array.IndexOf(_fields, name);
        (_src, _dst, _srcPort, _dstPort, _protocol) = (At("srcaddr"), At("dstaddr"), At("srcport"), At("dstport"), At("protocol"));
        (_packets, _bytes, _start, _action, _status) = (At("packets"), At("bytes"), At("start"), At("action"), At("log-status"));
        (_pktSrc, _pktDst, _flags) = (At("pkt-srcaddr"), At("pkt-dstaddr"), At("tcp-flags"));
    }
}
