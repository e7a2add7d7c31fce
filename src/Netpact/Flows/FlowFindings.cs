using Netpact.Findings;
using Netpact.Model;

namespace Netpact.Flows;

/// <summary>A classification as findings (for SARIF and whatever else reads the one finding type): one per problem flow, scan, blocked source and unused flow.</summary>
public static class FlowFindings
{
    public static IEnumerable<Finding> Of(FlowsResult result)
    {
        foreach (var f in result.Flows.Where(f => f.Class is FlowClass.AllowedNotIntended or FlowClass.IntendedRejected))
        {
            var rule = f.Class == FlowClass.AllowedNotIntended ? FlowRule.NotIntended : FlowRule.IntendedRejected;
            var what = f.Class == FlowClass.AllowedNotIntended ? "was let through, but the pact does not intend it" : "is intended, but was stopped";
            yield return Make(rule, $"{FlowPeers.Name(f.Source)} => {FlowPeers.Name(f.Destination)} on {f.Service} {what} ({f.Records} records)", f.FirstSeen,
                Workloads(f.Source, f.Destination), string.Join("; ", f.Reasons), $"{FlowPeers.Name(f.Source)}|{FlowPeers.Name(f.Destination)}|{f.Service}|{f.Verdict}");
        }
        foreach (var s in result.Scans)
        {
            yield return Make(FlowRule.PortScan,
                $"{FlowPeers.Name(s.Source)} was stopped on {s.Ports} ports of {s.Destinations} destinations ({s.Records} records), e.g. {string.Join(", ", s.SampleTargets)}",
                s.FirstSeen, Workloads(s.Source), "", $"{s.Source}|scan");
        }
        foreach (var g in result.Of(FlowClass.RejectedNotIntended).GroupBy(f => f.Source).OrderBy(g => g.Key))
        {
            var first = g.OrderBy(f => f.FirstSeen.File, StringComparer.Ordinal).ThenBy(f => f.FirstSeen.Line).First();
            yield return Make(FlowRule.Blocked,
                $"{FlowPeers.Name(g.Key)} was stopped {g.Sum(f => f.Records)} times towards {string.Join(", ", g.Take(5).Select(f => $"{FlowPeers.Name(f.Destination)} {f.Service}"))}{(g.Count() > 5 ? ", ..." : "")}",
                first.FirstSeen, Workloads(g.Key), string.Join("; ", g.SelectMany(f => f.Reasons).Distinct()), $"{g.Key}|blocked");
        }
        foreach (var f in result.Anomalies)
        {
            yield return Make(FlowRule.NewSinceBaseline,
                $"{FlowPeers.Name(f.Source)} => {FlowPeers.Name(f.Destination)} on {f.Service}: {string.Join(", ", f.New)} since the baseline ({f.Records} records)",
                f.FirstSeen, Workloads(f.Source, f.Destination), string.Join("; ", f.Reasons), $"{FlowPeers.Name(f.Source)}|{FlowPeers.Name(f.Destination)}|{f.Service}|new");
        }
        foreach (var u in result.Unused)
        {
            yield return Make(FlowRule.Unused,
                $"{FlowPeers.Name(u.Source)} => {FlowPeers.Name(u.Destination)} : {u.Unused} is intended but {(u.NeverUsed ? "the pair was never seen" : "these ports were never used")} in the window",
                null, Workloads(u.Source, u.Destination), string.Join("; ", u.Reasons), $"{u.Source}|{u.Destination}|unused") with
            { Target = $"{FlowPeers.Name(u.Source)} => {FlowPeers.Name(u.Destination)}" };
        }
    }

    private static Finding Make(FlowRule rule, string message, SourceSpan? span, IEnumerable<string> workloads, string detail, string fingerprint) => new()
    {
        Source = "flows",
        Rule = rule.Id,
        Severity = rule.Severity,
        Message = message,
        Span = span,
        Workloads = [.. workloads],
        Fix = rule.Fix,
        Detail = detail,
        Fingerprint = fingerprint,
    };

    private static IEnumerable<string> Workloads(params FlowPeer[] peers) => peers.Select(p => p.Workload).OfType<string>();
}
