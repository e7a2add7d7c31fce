using System.Collections.Immutable;
using Netpact.Model;

namespace Netpact.Response;

/// <summary>
/// What a quarantine wrote and the proof that it isolates: per layer, the connections of the target before and after.
/// <see cref="Errors"/> are problems of the request (a target not in the inputs, ...): then nothing is written.
/// </summary>
public sealed record QuarantineResult(
    ImmutableArray<TextFile> Files,
    ImmutableArray<LayerProof> Proofs,
    ImmutableArray<string> Errors,
    ImmutableArray<string> Warnings)
{
    /// <summary>Layers present in the inputs that the quarantine does not cover, and why.</summary>
    public ImmutableArray<string> Uncovered { get; init; } = [];

    public bool Holds => Errors.IsEmpty && Proofs.Where(p => p.Decides).All(p => p.Holds);

    public static QuarantineResult Failed(IEnumerable<string> errors) => new([], [], [.. errors], []);
}
