using System.Globalization;

namespace Netpact.Flows;

/// <summary>
/// Connection tracking events as <c>conntrack -E</c> prints them (with <c>-o timestamp</c> or without), and the
/// entries of <c>conntrack -L</c>: <c>[NEW] tcp 6 120 SYN_SENT src=... dst=... sport=... dport=... [UNREPLIED] src=...</c>.
/// The first tuple is the original direction, so the request. Netfilter confirms an entry only when its first packet
/// is accepted, so every connection here was accepted. A new connection counts once: [UPDATE] and [DESTROY] events of
/// it are skipped.
/// </summary>
internal sealed class ConntrackFlowLog : IFlowLineParser
{
    public FlowLogFormat Format => FlowLogFormat.Conntrack;

    public FlowLineKind Parse(ReadOnlySpan<char> text, int lineNumber, out FlowRecord record, out string? error)
    {
        var line = text.ToString();
        record = default;
        error = null;
        var tokens = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var i = 0;
        DateTimeOffset? time = null;
        if (i < tokens.Length && tokens[i].StartsWith('[') && tokens[i].Length > 2 && char.IsAsciiDigit(tokens[i][1]))
        {
            if (!double.TryParse(tokens[i].AsSpan(1, tokens[i].Length - 2), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) || seconds > 253402300799)
                return Bad(out error, $"{tokens[i]} is not a Unix time");
            time = DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000));
            i++;
        }
        if (i < tokens.Length && tokens[i] is "[UPDATE]" or "[DESTROY]") return FlowLineKind.Skipped;
        if (i < tokens.Length && tokens[i] == "[NEW]") i++;
        if (i >= tokens.Length) return Bad(out error, "no protocol after the event");
        var protocol = FlowProtocols.Parse(tokens[i]);
        if (protocol < 0) return Bad(out error, $"'{tokens[i]}' is no protocol netpact knows");
        string? src = null, dst = null, sport = null, dport = null;
        long packets = 1, bytes = 0;
        for (i++; i < tokens.Length; i++)
        {
            var eq = tokens[i].IndexOf('=');
            if (eq < 0) continue;
            var value = tokens[i][(eq + 1)..];
            switch (tokens[i][..eq])
            {
                case "src": src ??= value; break;
                case "dst": dst ??= value; break;
                case "sport": sport ??= value; break;
                case "dport": dport ??= value; break;
                case "packets" when packets == 1: long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out packets); break;
                case "bytes" when bytes == 0: long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out bytes); break;
            }
        }
        if (src is null || !FlowAddress.TryParse(src, out var source)) return Bad(out error, $"src={src} is not an IP address");
        if (dst is null || !FlowAddress.TryParse(dst, out var destination)) return Bad(out error, $"dst={dst} is not an IP address");
        var srcPort = 0;
        var dstPort = 0;
        if (FlowProtocols.HasPorts(protocol)
            && (!int.TryParse(sport, NumberStyles.None, CultureInfo.InvariantCulture, out srcPort) || !int.TryParse(dport, NumberStyles.None, CultureInfo.InvariantCulture, out dstPort)
                || srcPort > 65535 || dstPort > 65535))
        {
            return Bad(out error, $"sport={sport} dport={dport} are not ports");
        }
        record = new FlowRecord(source, destination, protocol, srcPort, dstPort, FlowVerdict.Accepted, packets, bytes, time, FlowOrientation.Request)
        {
            DecidedBy = "conntrack: the connection was established",
        };
        return FlowLineKind.Record;
    }

    private static FlowLineKind Bad(out string? error, string message)
    {
        error = message;
        return FlowLineKind.Malformed;
    }
}
