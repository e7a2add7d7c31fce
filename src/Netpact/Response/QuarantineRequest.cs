using System.Collections.Immutable;

namespace Netpact.Response;

/// <summary>
/// What to isolate, what may still reach it and be reached by it (<see cref="Allow"/>, and DNS when
/// <see cref="Dns"/>), and why and when: every file written carries <see cref="Reason"/> and <see cref="Created"/>.
/// </summary>
public sealed record QuarantineRequest
{
    public required QuarantineTarget Target { get; init; }

    public ImmutableArray<ForensicSource> Allow { get; init; } = [];

    public bool Dns { get; init; }

    public required string Reason { get; init; }

    /// <summary>When the quarantine was decided: the clock's time, or one fixed by the caller (tests, replays).</summary>
    public required DateTimeOffset Created { get; init; }
}
