namespace Netpact.Compilers.Prometheus;

/// <summary>
/// One Prometheus alerting rule: the PromQL that fires it, how long it must hold, how bad it is, and what a person
/// reads when it fires (summary, description, and the runbook section named after the alert).
/// </summary>
public sealed record AlertRule(
    string Name,
    string Expr,
    string For,
    string Severity,
    string Summary,
    string Description)
{
    /// <summary>The runbook section of this alert in docs/alerts.md (GitHub's anchor of the heading, which is the alert's name).</summary>
    public string RunbookUrl => $"{AlertCatalog.RunbookPage}#{Name.ToLowerInvariant()}";
}

/// <summary>A rule group: alerts evaluated together, on the same schedule.</summary>
public sealed record AlertGroup(string Name, IReadOnlyList<AlertRule> Rules);
