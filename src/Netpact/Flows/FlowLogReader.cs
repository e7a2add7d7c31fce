using Netpact.Model;

namespace Netpact.Flows;

/// <summary>
/// Reads flow logs into a <see cref="FlowTally"/>: each file's format told from its first line, every line parsed,
/// a malformed line counted and reported at file:line (the first <see cref="ReportedMalformed"/> of a file one by one,
/// then a count) without stopping the run. A file of no format netpact reads, or whose every record is malformed, is an
/// error that says what it looks like.
/// </summary>
public static class FlowLogReader
{
    /// <summary>Malformed lines reported one by one per file; the rest are counted.</summary>
    public const int ReportedMalformed = 20;

    /// <summary>The topic of malformed-record warnings (the CLI folds many alike).</summary>
    public const string MalformedTopic = "malformed flow records, counted and left out";

    public static IReadOnlyList<FlowLogSummary> Read(IReadOnlyList<string> paths, TextReader stdin, FlowWindow window, FlowTally tally, List<Diagnostic> diagnostics) =>
        [.. paths.Select(p => Read(p, stdin, window, tally, diagnostics)).OfType<FlowLogSummary>()];

    public static FlowLogSummary? Read(string path, TextReader stdin, FlowWindow window, FlowTally tally, List<Diagnostic> diagnostics)
    {
        using var lines = FlowLogLines.Open(path, stdin, diagnostics);
        if (lines is null) return null;
        var name = path == "-" ? "<stdin>" : path;
        IFlowLineParser? parser = null;
        long records = 0, skipped = 0, malformed = 0, outside = 0;
        string? firstLine = null;
        while (lines.Next(out var line))
        {
            if (line.IsWhiteSpace() || line[0] == '#') continue;
            if (parser is null)
            {
                firstLine = line.ToString();
                if (FlowLogFormats.Detect(firstLine) is not { } format)
                {
                    diagnostics.Add(Diagnostic.Error(new SourceSpan(name, lines.LineNumber, 1),
                        $"this is no flow log netpact reads (AWS VPC Flow Logs, Hubble JSON, nftables log lines, conntrack events): it looks like {FlowLogFormats.LooksLike(firstLine)}"));
                    return new FlowLogSummary(name, null, lines.IsGzip, 0, 0, 0, 0);
                }
                parser = Parser(format);
            }
            switch (parser.Parse(line, lines.LineNumber, out var record, out var error))
            {
                case FlowLineKind.Record when window.Contains(record.Time):
                    records++;
                    tally.Add(record, name, lines.LineNumber);
                    break;
                case FlowLineKind.Record:
                    outside++;
                    break;
                case FlowLineKind.Skipped:
                    skipped++;
                    break;
                default:
                    malformed++;
                    if (malformed <= ReportedMalformed)
                    {
                        var other = FlowLogFormats.Detect(line.ToString()) is { } f && f != parser.Format ? $" (this line looks like {FlowLogFormats.Name(f)})" : "";
                        diagnostics.Add(Diagnostic.Warning(new SourceSpan(name, lines.LineNumber, 1),
                            $"malformed {FlowLogFormats.Name(parser.Format)} record, left out: {error}{other}") with { Topic = MalformedTopic });
                    }
                    break;
            }
        }
        if (lines.Error is { } stopped) diagnostics.Add(Diagnostic.Error(new SourceSpan(name, lines.LineNumber, 1), stopped));
        if (malformed > ReportedMalformed)
        {
            diagnostics.Add(Diagnostic.Warning(new SourceSpan(name, 0, 0),
                $"{malformed - ReportedMalformed} more malformed records left out ({malformed} in all)") with { Topic = MalformedTopic });
        }
        if (parser is not null && records + outside == 0 && malformed > 0)
        {
            diagnostics.Add(Diagnostic.Error(new SourceSpan(name, 0, 0),
                $"no line of this file is a valid {FlowLogFormats.Name(parser.Format)} record; its first line looks like {FlowLogFormats.LooksLike(firstLine!)}"));
        }
        if (firstLine is null) diagnostics.Add(Diagnostic.Warning(new SourceSpan(name, 0, 0), "this flow log is empty"));
        return new FlowLogSummary(name, parser?.Format, lines.IsGzip, records, skipped, malformed, outside);
    }

    private static IFlowLineParser Parser(FlowLogFormat format) => format switch
    {
        FlowLogFormat.AwsVpc => new AwsVpcFlowLog(),
        FlowLogFormat.Hubble => new HubbleFlowLog(),
        FlowLogFormat.Nftables => new NftablesFlowLog(),
        _ => new ConntrackFlowLog(),
    };
}
