namespace Netpact.Analysis;

/// <summary>
/// Counts over the whole connectivity, for clusters whose full list would run to millions of lines. Pairs are
/// ordered (source, destination) pairs of distinct workloads; external pairs pair a workload with an external range.
/// </summary>
public sealed record ConnectivitySummary
{
    public required int Namespaces { get; init; }
    public required int Workloads { get; init; }
    public required int Pods { get; init; }

    /// <summary>Sets of pods that no policy can tell apart; the engine computes once per identity.</summary>
    public required int Identities { get; init; }

    public required int Policies { get; init; }
    public required int ExternalRanges { get; init; }
    public required long WorkloadPairs { get; init; }

    /// <summary>Workload pairs allowed some connection.</summary>
    public required long AllowedPairs { get; init; }

    /// <summary>Workload pairs allowed every connection (all ports, all protocols).</summary>
    public required long OpenPairs { get; init; }

    /// <summary>(external range, workload) pairs allowed some connection.</summary>
    public required long FromExternalPairs { get; init; }

    /// <summary>(workload, external range) pairs allowed some connection.</summary>
    public required long ToExternalPairs { get; init; }

    /// <summary>Workloads some policy selects for ingress: only what a policy allows may reach them.</summary>
    public required int IngressIsolated { get; init; }

    /// <summary>Workloads some policy selects for egress.</summary>
    public required int EgressIsolated { get; init; }

    /// <summary>Workloads that no other workload and no external address may reach.</summary>
    public required int Unreachable { get; init; }
}
