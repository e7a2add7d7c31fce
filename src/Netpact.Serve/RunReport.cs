using System.Collections.Immutable;
using Netpact.Audit;
using Netpact.Lint;
using Finding = Netpact.Findings.Finding;
using Netpact.Reports.Html;
using Netpact.Verify;

namespace Netpact.Serve;

/// <summary>A stage of a run that failed (bad input, an unreadable file, a timeout), and why.</summary>
public sealed record RunError(string Stage, string Message);

/// <summary>Isolation facts of the analyzed cluster: what has no policy, per direction.</summary>
public sealed record IsolationFacts(
    int Workloads,
    int Namespaces,
    int WorkloadsWithoutIngressPolicy,
    int WorkloadsWithoutEgressPolicy,
    int NamespacesWithoutDefaultDenyIngress,
    int NamespacesWithoutDefaultDenyEgress,
    int AllowedConnections);

/// <summary>
/// Everything one run found: each stage's result, or null when the stage was not configured or failed (then
/// <see cref="Errors"/> says why). Metrics and the status page are made from it.
/// </summary>
public sealed record RunReport(
    DateTimeOffset Started,
    TimeSpan Duration,
    string Source,
    IsolationFacts? Isolation,
    LintResult? Lint,
    string? IntentName,
    ImmutableArray<Verification> Verifications,
    AuditResult? Audit,
    ImmutableArray<RunError> Errors)
{
    public bool Succeeded => Errors.IsEmpty;

    /// <summary>What lint, verify and the audit found, in netpact's one finding type (metrics count them).</summary>
    public ImmutableArray<Finding> Findings { get; init; } = [];

    /// <summary>Defense in depth against the intent: the layers that each stop every caller the intent does not allow (empty without an intent).</summary>
    public ImmutableArray<DepthPair> Depth { get; init; } = [];

    /// <summary>The HTML report of this run (as 'netpact report' draws it), when the manifests could be analyzed.</summary>
    public ReportModel? Page { get; init; }
}
