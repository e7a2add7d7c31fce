using System.Collections.Immutable;

namespace Netpact.Flows;

/// <summary>What the network did with a flow, as the log says: let it through, or stopped it.</summary>
public enum FlowVerdict { Accepted, Rejected }

/// <summary>Whether a record is the request (client to server) or the reply, when the log tells; else guessed from ports.</summary>
public enum FlowOrientation { Unknown, Request, Reply }

/// <summary>Who an address is, as a log that knows workloads (Hubble) says: namespace, pod, workload, labels (key=value).</summary>
public sealed record FlowIdentity(string Namespace, string Pod, string? Workload, string? WorkloadKind, ImmutableSortedDictionary<string, string> Labels)
{
    /// <summary>ns/workload (or ns/pod when the log names no workload).</summary>
    public string Name => $"{Namespace}/{Workload ?? Pod}";
}

/// <summary>
/// One record of a flow log: the 5-tuple, what the network did with it, how much went, when, and (Hubble) who the ends
/// are. Protocol is the IANA number (6 TCP, 17 UDP, 132 SCTP, 1 ICMP, 58 ICMPv6).
/// </summary>
public readonly record struct FlowRecord(
    FlowAddress Source,
    FlowAddress Destination,
    int Protocol,
    int SourcePort,
    int DestinationPort,
    FlowVerdict Verdict,
    long Packets,
    long Bytes,
    DateTimeOffset? Time,
    FlowOrientation Orientation = FlowOrientation.Unknown)
{
    public FlowIdentity? SourceIdentity { get; init; }

    public FlowIdentity? DestinationIdentity { get; init; }

    /// <summary>The policy or rule the log names as having decided the flow (Hubble's policy match, an nftables log prefix), else null.</summary>
    public string? DecidedBy { get; init; }
}
