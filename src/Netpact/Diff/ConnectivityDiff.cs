using System.Collections.Immutable;
using Netpact.Analysis;
using Netpact.Model;

namespace Netpact.Diff;

/// <summary>How one source/destination pair changed from the old input (ref1) to the new one (ref2).</summary>
public enum DiffType { Changed, Added, Removed, Unchanged }

/// <summary>
/// One pair and what each side allows (Empty where it allows nothing). SourceIsNewOrLost and
/// DestinationIsNewOrLost tell that the workload exists only in the new input (for added pairs) or only in the
/// old one (for removed pairs).
/// </summary>
public sealed record DiffEntry(
    DiffType Type,
    Endpoint Source,
    Endpoint Destination,
    ConnectionSet Ref1,
    ConnectionSet Ref2,
    bool SourceIsNewOrLost,
    bool DestinationIsNewOrLost)
{
    /// <summary>Whether the new input allows something the old one did not: an added pair, or a changed one that grew.</summary>
    public bool Opens => !Ref2.Subtract(Ref1).IsEmpty;
}

/// <summary>The semantic difference of two inputs: every pair whose allowed connections differ (and the unchanged ones), and the workloads added or removed.</summary>
public sealed record ConnectivityDiff(
    ImmutableArray<Workload> AddedWorkloads,
    ImmutableArray<Workload> RemovedWorkloads,
    ImmutableArray<DiffEntry> Entries)
{
    public IEnumerable<DiffEntry> Differences => Entries.Where(e => e.Type != DiffType.Unchanged);

    public bool IsEmpty => !Differences.Any();
}
