namespace Netpact.Flows;

/// <summary>What one line of a flow log is.</summary>
public enum FlowLineKind { Record, Skipped, Malformed }

/// <summary>Reads the lines of one log of one format, in order (a format may keep state: AWS's header line).</summary>
internal interface IFlowLineParser
{
    FlowLogFormat Format { get; }

    /// <summary>A record, a line that carries none (a header, NODATA, an event that is no new flow), or a malformed line and why.</summary>
    FlowLineKind Parse(ReadOnlySpan<char> line, int lineNumber, out FlowRecord record, out string? error);
}
