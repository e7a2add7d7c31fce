using Netpact.Model;

namespace Netpact.Flows;

/// <summary>One aggregated flow: client to server on the server's port (the client's ephemeral port folded away), with a verdict.</summary>
public readonly record struct FlowKey(FlowAddress Client, FlowAddress Server, int Protocol, int Port, FlowVerdict Verdict);

/// <summary>What the records of one <see cref="FlowKey"/> add up to.</summary>
public sealed class FlowCount
{
    public long Records { get; set; }

    public long Packets { get; set; }

    public long Bytes { get; set; }

    public DateTimeOffset? First { get; set; }

    public DateTimeOffset? Last { get; set; }

    /// <summary>The first record of it, file:line.</summary>
    public required SourceSpan FirstSeen { get; init; }

    /// <summary>What the log says decided it (a policy, a log prefix), from its first record that says.</summary>
    public string? DecidedBy { get; set; }
}

/// <summary>
/// The records of the logs, aggregated as they are read: memory grows with the distinct flows (client, server, protocol,
/// port, verdict), not with the records. A reply record counts towards its request (the server's port is the flow's);
/// where the log does not tell a reply, a record from a port below 32768 to an ephemeral port (32768 and above) is one.
/// </summary>
public sealed class FlowTally
{
    /// <summary>Ports at and above this are ephemeral client ports (Linux's default range starts here; Windows' at 49152).</summary>
    public const int EphemeralStart = 32768;

    private readonly Dictionary<FlowKey, FlowCount> _flows = [];
    private readonly Dictionary<FlowAddress, FlowIdentity> _identities = [];

    public IReadOnlyDictionary<FlowKey, FlowCount> Flows => _flows;

    /// <summary>Who addresses are, as logs that know (Hubble) said; the last said wins, unless it says less.</summary>
    public IReadOnlyDictionary<FlowAddress, FlowIdentity> Identities => _identities;

    public long Records { get; private set; }

    public void Add(in FlowRecord record, string file, int line)
    {
        Records++;
        var reply = IsReply(record);
        var key = reply
            ? new FlowKey(record.Destination, record.Source, record.Protocol, record.SourcePort, record.Verdict)
            : new FlowKey(record.Source, record.Destination, record.Protocol, FlowProtocols.HasPorts(record.Protocol) ? record.DestinationPort : 0, record.Verdict);
        if (!_flows.TryGetValue(key, out var count))
        {
            count = new FlowCount { FirstSeen = new SourceSpan(file, line, 1) };
            _flows[key] = count;
        }
        // A reply record is part of its request's flow: it counts there, so every record read is in exactly one flow.
        count.Records++;
        count.Packets += record.Packets;
        count.Bytes += record.Bytes;
        if (record.Time is { } t)
        {
            if (count.First is null || t < count.First) count.First = t;
            if (count.Last is null || t > count.Last) count.Last = t;
        }
        count.DecidedBy ??= record.DecidedBy;
        if (record.SourceIdentity is { } si) Learn(record.Source, si);
        if (record.DestinationIdentity is { } di) Learn(record.Destination, di);
    }

    /// <summary>Keeps the identity that says most: one naming the workload is not replaced by one naming only the pod.</summary>
    private void Learn(FlowAddress address, FlowIdentity identity)
    {
        if (!_identities.TryGetValue(address, out var known) || known.Workload is null || identity.Workload is not null) _identities[address] = identity;
    }

    public static bool IsReply(in FlowRecord record) => record.Orientation switch
    {
        FlowOrientation.Reply => true,
        FlowOrientation.Request => false,
        _ => FlowProtocols.HasPorts(record.Protocol) && record.SourcePort is > 0 and < EphemeralStart && record.DestinationPort >= EphemeralStart,
    };
}
