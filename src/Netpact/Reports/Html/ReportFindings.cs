using System.Collections.Immutable;
using Netpact.Intents;
using Netpact.Lint;
using Netpact.Model;
using Netpact.Verify;

namespace Netpact.Reports.Html;

/// <summary>Maps lint and verify results onto the report's findings (audit results are mapped by their caller).</summary>
public static class ReportFindings
{
    /// <summary>Extra flows and over-permissive rules are what these controls ask to be identified and approved.</summary>
    private static readonly ImmutableArray<string> FlowControls = [Compliance.Pci125, Compliance.Soc2Cc61];

    public static IEnumerable<ReportFinding> FromLint(LintResult result) =>
        result.Findings.Select(f => new ReportFinding
        {
            Source = "lint",
            Rule = f.Rule.Id,
            Severity = f.Severity switch
            {
                LintSeverity.Error => ReportSeverity.Error,
                LintSeverity.Warning => ReportSeverity.Warning,
                _ => ReportSeverity.Note,
            },
            Message = f.Message,
            Location = f.Span.ToString(),
            Workloads = f.Workloads,
            Controls = f.Rule.Controls,
            Fix = f.Fix,
            Detail = f.SuppressedBy is { } s ? $"suppressed at {s.Span}" : "",
            Suppressed = f.IsSuppressed,
        });

    public static IEnumerable<ReportFinding> FromVerification(IEnumerable<Verification> results)
    {
        foreach (var v in results)
        {
            foreach (var d in v.Diagnostics)
            {
                yield return new ReportFinding
                {
                    Source = "verify",
                    Rule = $"{v.Target}: input",
                    Severity = d.Severity == Severity.Error ? ReportSeverity.Error : ReportSeverity.Warning,
                    Message = d.Message,
                    Location = d.Span.ToString(),
                };
            }
            foreach (var e in v.Extra) yield return Flow(v, "extra-flow", "allowed but not intended", e, FlowControls);
            foreach (var m in v.Missing) yield return Flow(v, "missing-flow", "intended but not allowed", m, []);
            foreach (var o in v.OverPermissive)
            {
                yield return new ReportFinding
                {
                    Source = "verify",
                    Rule = "over-permissive-rule",
                    Severity = ReportSeverity.Warning,
                    Message = $"{v.Target}: {o.Side} admits more than the intent: {o.Source} => {o.Destination} : {o.Connections}",
                    Location = o.Rule,
                    Workloads = Peers(o.Source, o.Destination),
                    Controls = FlowControls,
                };
            }
            foreach (var a in v.Approximations)
            {
                foreach (var f in a.Flows)
                {
                    yield return Flow(v, "approximation", $"allowed by an approximation of this layer ({a.Approximation})", f, []) with
                    {
                        Severity = ReportSeverity.Note,
                    };
                }
            }
        }
    }

    private static ReportFinding Flow(Verification v, string rule, string what, FlowDifference d, ImmutableArray<string> controls) => new()
    {
        Source = "verify",
        Rule = rule,
        Severity = ReportSeverity.Error,
        Message = $"{v.Target}: {d.Source} => {d.Destination} : {d.Connections} is {what}",
        Location = v.Input,
        Workloads = Peers(d.Source, d.Destination),
        Controls = controls,
        Detail = string.Join("\n", d.Reasons),
    };

    private static ImmutableArray<string> Peers(FlowPeer source, FlowPeer destination) =>
        [.. new[] { source, destination }.Where(p => !p.IsExternal).Select(p => p.ToString())];
}
