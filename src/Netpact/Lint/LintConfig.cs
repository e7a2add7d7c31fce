using System.Collections.Immutable;
using Netpact.Model;

namespace Netpact.Lint;

/// <summary>A suppression that cannot be honoured as written (no reason, unknown rule): lint reports it as ZT090.</summary>
public sealed record SuppressionProblem(SourceSpan Span, string Message);

/// <summary>
/// The lint configuration file: suppressions that live outside the manifests, and the declared clients of
/// workloads (a workload reference, to the references of the workloads allowed to reach it).
/// </summary>
public sealed record LintConfig(
    ImmutableArray<Suppression> Ignores,
    ImmutableArray<(string Target, ImmutableArray<string> Clients)> Clients,
    ImmutableArray<SuppressionProblem> Problems)
{
    public static readonly LintConfig Empty = new([], [], []);
}
