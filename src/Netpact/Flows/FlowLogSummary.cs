namespace Netpact.Flows;

/// <summary>What one log held: its format, the records used, those skipped (headers, NODATA, SKIPDATA, updates), malformed and outside the window.</summary>
public sealed record FlowLogSummary(string Path, FlowLogFormat? Format, bool Gzip, long Records, long Skipped, long Malformed, long OutsideWindow)
{
    public string FormatName => Format is { } f ? FlowLogFormats.Id(f) : "unknown";
}
