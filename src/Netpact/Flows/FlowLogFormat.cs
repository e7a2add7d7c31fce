namespace Netpact.Flows;

/// <summary>The flow logs netpact reads.</summary>
public enum FlowLogFormat { AwsVpc, Hubble, Nftables, Conntrack }

/// <summary>Names of the formats, and telling a log's format (or what else it is) from its first line.</summary>
public static class FlowLogFormats
{
    public static string Name(FlowLogFormat format) => format switch
    {
        FlowLogFormat.AwsVpc => "AWS VPC Flow Logs",
        FlowLogFormat.Hubble => "Hubble flows (hubble observe -o json)",
        FlowLogFormat.Nftables => "nftables log lines",
        _ => "conntrack events (conntrack -E)",
    };

    /// <summary>The short name reports use: aws-vpc, hubble, nftables, conntrack.</summary>
    public static string Id(FlowLogFormat format) => format switch
    {
        FlowLogFormat.AwsVpc => "aws-vpc",
        FlowLogFormat.Hubble => "hubble",
        FlowLogFormat.Nftables => "nftables",
        _ => "conntrack",
    };

    /// <summary>The format of a line of a flow log, or null when it is of none netpact reads.</summary>
    public static FlowLogFormat? Detect(string line)
    {
        var text = line.TrimStart();
        if (text.StartsWith('{')) return text.Contains("\"verdict\"", StringComparison.Ordinal) || text.Contains("\"flow\"", StringComparison.Ordinal) ? FlowLogFormat.Hubble : null;
        if (text.Contains("SRC=", StringComparison.Ordinal) && text.Contains("DST=", StringComparison.Ordinal) && text.Contains("PROTO=", StringComparison.Ordinal))
            return FlowLogFormat.Nftables;
        if (text.Contains(" src=", StringComparison.Ordinal) && text.Contains(" dst=", StringComparison.Ordinal)) return FlowLogFormat.Conntrack;
        if (AwsVpcFlowLog.IsHeader(text) || AwsVpcFlowLog.LooksLikeDefaultRecord(text)) return FlowLogFormat.AwsVpc;
        return null;
    }

    /// <summary>What a line that is no flow record of a known format looks like, in a few words, for the user.</summary>
    public static string LooksLike(string line)
    {
        var text = line.TrimStart();
        if (Detect(text) is { } format) return $"a line of {Name(format)}";
        if (text.StartsWith("apiVersion:", StringComparison.Ordinal) || text.StartsWith("kind:", StringComparison.Ordinal) || text.StartsWith("---", StringComparison.Ordinal))
            return "YAML (a manifest or an intent file), not a flow log";
        if (text.StartsWith('{') || text.StartsWith('[')) return "JSON, but not Hubble flows (no \"verdict\" or \"flow\" field)";
        if (text.StartsWith("table ", StringComparison.Ordinal) || text.StartsWith("#!/usr/sbin/nft", StringComparison.Ordinal))
            return "an nftables ruleset, not the log lines its log rules write";
        if (text.Contains(',', StringComparison.Ordinal) && text.Split(',').Length >= 5) return "CSV; flow logs netpact reads are space-separated (AWS VPC) or JSON lines (Hubble)";
        return "no format netpact reads";
    }

    /// <summary>What a file of binary content is, from its first bytes; null when it is text (or gzip, which is read).</summary>
    public static string? BinaryKind(ReadOnlySpan<byte> head) => head switch
    {
        [(byte)'P', (byte)'A', (byte)'R', (byte)'1', ..] => "a Parquet file (as VPC Flow Logs deliver to S3 in Parquet); Parquet is not read yet: deliver the logs as text, or convert them (duckdb: COPY (FROM 'file.parquet') TO 'file.log' (DELIMITER ' ', HEADER))",
        [0xD4, 0xC3, 0xB2, 0xA1, ..] or [0xA1, 0xB2, 0xC3, 0xD4, ..] or [0x0A, 0x0D, 0x0D, 0x0A, ..] => "a packet capture (pcap), not a flow log",
        [0x50, 0x4B, 0x03, 0x04, ..] => "a zip archive; unpack it, or give gzip text",
        _ => head.Contains((byte)0) ? "binary data, not a text flow log" : null,
    };
}
