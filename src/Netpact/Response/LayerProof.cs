using System.Collections.Immutable;
using Netpact.Model;

namespace Netpact.Response;

/// <summary>
/// One connection into or out of the quarantined pods, and why it may stay (null: it should not be there).
/// </summary>
public sealed record ProvenFlow(string Source, string Destination, ConnectionSet Allowed, string? Permitted)
{
    public override string ToString() => $"{Source} => {Destination} : {Allowed}";
}

/// <summary>
/// The proof for one layer: every connection into or out of the target before and after the quarantine, read by the
/// layer's own analysis. It holds when every connection after is a permitted one (a forensic source, DNS if asked).
/// </summary>
public sealed record LayerProof(
    string Layer,
    string Method,
    ImmutableArray<ProvenFlow> Before,
    ImmutableArray<ProvenFlow> After,
    ImmutableArray<string> Notes)
{
    public IEnumerable<ProvenFlow> Violations => After.Where(f => f.Permitted is null);

    public bool Holds => !Violations.Any();

    /// <summary>Whether the verdict decides the exit code: a layer shown for information (the NetworkPolicy alone) does not.</summary>
    public bool Decides { get; init; } = true;
}
