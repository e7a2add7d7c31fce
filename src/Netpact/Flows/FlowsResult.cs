using System.Collections.Immutable;
using Netpact.Model;

namespace Netpact.Flows;

/// <summary>
/// How an observed flow stands against the pact: what the network did (the log's verdict) against what the pact intends.
/// </summary>
public enum FlowClass
{
    /// <summary>Intended, and the network let it through: as it should be.</summary>
    IntendedAllowed,

    /// <summary>Let through though the pact does not intend it: a policy too broad, a layer not enforced, or an attacker.</summary>
    AllowedNotIntended,

    /// <summary>Intended, yet stopped: an outage.</summary>
    IntendedRejected,

    /// <summary>Stopped, and not intended: an attempt the pact blocked.</summary>
    RejectedNotIntended,
}

/// <summary>
/// An aggregated observed flow: source and destination (workloads in the pact's names, or addresses), protocol and the
/// server's port, the log's verdict, its class, how much of it the logs hold, and why it stands so (the intent flow,
/// the rules of each layer, what the log says decided it).
/// </summary>
public sealed record ObservedFlow(FlowPeer Source, FlowPeer Destination, int Protocol, int Port, FlowVerdict Verdict, FlowClass Class)
{
    public long Records { get; init; }

    public long Packets { get; init; }

    public long Bytes { get; init; }

    /// <summary>Distinct client addresses folded into this flow.</summary>
    public int Clients { get; init; }

    public required SourceSpan FirstSeen { get; init; }

    public DateTimeOffset? First { get; init; }

    public DateTimeOffset? Last { get; init; }

    public ImmutableArray<string> Reasons { get; init; } = [];

    /// <summary>With a baseline: what of this flow the baseline never showed ("new pair", "new port", "2 new sources"); else empty.</summary>
    public ImmutableArray<string> New { get; init; } = [];

    /// <summary>"5432/TCP", or the protocol alone for one without ports (ICMP).</summary>
    public string Service => FlowProtocols.HasPorts(Protocol) ? $"{Port}/{FlowProtocols.Name(Protocol)}" : FlowProtocols.Name(Protocol);
}

/// <summary>An intended flow (or ports of it) that no accepted record used in the window: least privilege says remove it, or it is an outage without traffic.</summary>
public sealed record UnusedFlow(FlowPeer Source, FlowPeer Destination, ConnectionSet Unused, bool NeverUsed, ImmutableArray<string> Reasons);

/// <summary>One source that tried many ports or many destinations and was stopped: a scan.</summary>
public sealed record PortScan(FlowPeer Source, int Ports, int Destinations, long Records, SourceSpan FirstSeen, ImmutableArray<string> SampleTargets);

/// <summary>A source or a port with how many blocked records it had.</summary>
public sealed record TopEntry(string Name, long Records);

/// <summary>The blocked attempts (rejected, not intended) in numbers: records, flows, the sources and ports most tried.</summary>
public sealed record BlockedSummary(long Records, int Flows, ImmutableArray<TopEntry> TopSources, ImmutableArray<TopEntry> TopPorts);

/// <summary>The classification of a run: every log read, every aggregated flow with its class, the unused intended flows, scans and blocked attempts.</summary>
public sealed record FlowsResult(
    string Pact,
    ImmutableArray<FlowLogSummary> Logs,
    ImmutableArray<ObservedFlow> Flows,
    ImmutableArray<UnusedFlow> Unused,
    ImmutableArray<PortScan> Scans,
    BlockedSummary Blocked,
    FlowWindow Window)
{
    /// <summary>The baseline's logs, when the run compares with one (--baseline); else empty.</summary>
    public ImmutableArray<FlowLogSummary> BaselineLogs { get; init; } = [];

    /// <summary>Accepted flows with something the baseline never showed.</summary>
    public IEnumerable<ObservedFlow> Anomalies => Flows.Where(f => f.Verdict == FlowVerdict.Accepted && !f.New.IsEmpty);

    /// <summary>Flows allowed but not intended, intended but rejected, a scan, or an accepted flow new since the baseline: what exits 1.</summary>
    public bool HasProblems => Flows.Any(f => f.Class is FlowClass.AllowedNotIntended or FlowClass.IntendedRejected) || !Scans.IsEmpty || Anomalies.Any();

    public IEnumerable<ObservedFlow> Of(FlowClass c) => Flows.Where(f => f.Class == c);
}
