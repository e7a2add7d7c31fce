using System.Globalization;

namespace Netpact.Flows;

/// <summary>
/// The kernel log lines an nftables (or iptables) <c>log</c> rule writes, as syslog or the journal keeps them:
/// <c>[time host kernel: ]PREFIX IN=eth0 OUT= SRC=... DST=... PROTO=TCP SPT=... DPT=... SYN ...</c>. The verdict is
/// the rule's log prefix: one that says drop, reject, deny or block is a rejected flow, one that says accept, allow or
/// pass an accepted one; a prefix that says neither counts as rejected, since a host firewall logs before its drop.
/// </summary>
internal sealed class NftablesFlowLog : IFlowLineParser
{
    public FlowLogFormat Format => FlowLogFormat.Nftables;

    public FlowLineKind Parse(ReadOnlySpan<char> text, int lineNumber, out FlowRecord record, out string? error)
    {
        var line = text.ToString();
        record = default;
        error = null;
        var at = line.IndexOf("IN=", StringComparison.Ordinal);
        if (at < 0) return Bad(out error, "no IN= field: not a log line of an nftables log rule");
        var prefix = Prefix(line[..at]);
        string? src = null, dst = null, proto = null, spt = null, dpt = null;
        bool syn = false, ack = false;
        foreach (var token in line[at..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = token.IndexOf('=');
            if (eq < 0)
            {
                syn |= token == "SYN";
                ack |= token == "ACK";
                continue;
            }
            var value = token[(eq + 1)..];
            switch (token[..eq])
            {
                case "SRC": src ??= value; break;
                case "DST": dst ??= value; break;
                case "PROTO": proto ??= value; break;
                case "SPT": spt ??= value; break;
                case "DPT": dpt ??= value; break;
            }
        }
        if (src is null || !FlowAddress.TryParse(src, out var source)) return Bad(out error, $"SRC={src} is not an IP address");
        if (dst is null || !FlowAddress.TryParse(dst, out var destination)) return Bad(out error, $"DST={dst} is not an IP address");
        var protocol = proto is null ? -1 : FlowProtocols.Parse(proto);
        if (protocol < 0) return Bad(out error, $"PROTO={proto} is no protocol netpact knows");
        var srcPort = 0;
        var dstPort = 0;
        if (FlowProtocols.HasPorts(protocol)
            && (!int.TryParse(spt, NumberStyles.None, CultureInfo.InvariantCulture, out srcPort) || !int.TryParse(dpt, NumberStyles.None, CultureInfo.InvariantCulture, out dstPort)
                || srcPort > 65535 || dstPort > 65535))
        {
            return Bad(out error, $"SPT={spt} DPT={dpt} are not ports");
        }
        var orientation = syn ? (ack ? FlowOrientation.Reply : FlowOrientation.Request) : FlowOrientation.Unknown;
        record = new FlowRecord(source, destination, protocol, srcPort, dstPort, Verdict(prefix), 1, 0, Time(line), orientation)
        {
            DecidedBy = prefix.Length == 0 ? null : $"nftables log prefix '{prefix}'",
        };
        return FlowLineKind.Record;
    }

    /// <summary>The verdict a log prefix says.</summary>
    public static FlowVerdict Verdict(string prefix)
    {
        var p = prefix.ToLowerInvariant();
        if (p.Contains("drop", StringComparison.Ordinal) || p.Contains("reject", StringComparison.Ordinal) || p.Contains("deny", StringComparison.Ordinal)
            || p.Contains("block", StringComparison.Ordinal))
        {
            return FlowVerdict.Rejected;
        }
        return p.Contains("accept", StringComparison.Ordinal) || p.Contains("allow", StringComparison.Ordinal) || p.Contains("pass", StringComparison.Ordinal)
            ? FlowVerdict.Accepted
            : FlowVerdict.Rejected;
    }

    /// <summary>The log rule's prefix: what stands before IN=, after the syslog head ("host kernel: [uptime] ").</summary>
    private static string Prefix(string head)
    {
        var kernel = head.IndexOf("kernel:", StringComparison.Ordinal);
        if (kernel >= 0) head = head[(kernel + 7)..];
        head = head.TrimStart();
        if (head.StartsWith('[') && head.IndexOf(']') is var close and > 0) head = head[(close + 1)..];
        return head.Trim();
    }

    /// <summary>An ISO 8601 time at the start of the line (rsyslog's high-precision format, journalctl -o short-iso), else null.</summary>
    private static DateTimeOffset? Time(string line)
    {
        var space = line.IndexOf(' ');
        if (space < 10 || !char.IsAsciiDigit(line[0]) || line[4] != '-') return null;
        return DateTimeOffset.TryParse(line.AsSpan(0, space), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
    }

    private static FlowLineKind Bad(out string? error, string message)
    {
        error = message;
        return FlowLineKind.Malformed;
    }
}
