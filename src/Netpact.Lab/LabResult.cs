using System.Collections.Immutable;
using Netpact.Model;

namespace Netpact.Lab;

/// <summary>
/// One probe, with what the intent wants, what netpact predicted from the rules, and what the packets did; for a
/// disagreement the prediction blocks, which side's rules drop it.
/// </summary>
public sealed record ProbeResult(LabProbe Probe, bool Intended, bool Predicted, Reach Observed, string Detail, string? DroppedBy = null)
{
    public bool Probed => Observed != Reach.NotProbed;

    public bool Open => Observed == Reach.Open;

    /// <summary>The packets did what netpact predicted from the rules.</summary>
    public bool AsPredicted => !Probed || Open == Predicted;

    /// <summary>The packets did what the intent says.</summary>
    public bool AsIntended => !Probed || Open == Intended;

    public bool Disagrees => !AsPredicted || !AsIntended;
}

/// <summary>A lab's probes, compared with the intent and with the prediction.</summary>
public sealed record LabResult(
    string Id,
    string IntentFile,
    string Rules,
    ImmutableArray<LabHost> Hosts,
    ImmutableArray<ProbeResult> Probes,
    ImmutableArray<LabDrops> Drops,
    ImmutableArray<string> Notes,
    ImmutableArray<Diagnostic> Diagnostics,
    TimeSpan Duration)
{
    public IEnumerable<ProbeResult> Disagreements => Probes.Where(p => p.Disagrees);

    public bool Agrees => !Probes.Any(p => p.Disagrees);
}
