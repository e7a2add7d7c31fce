using System.Collections.Immutable;
using Netpact.Findings;
using Compliance = Netpact.Lint.Compliance;
using Netpact.Model;

namespace Netpact.Verify;

/// <summary>Verify's differences and diagnostics as netpact's one finding type, for the HTML report and serve.</summary>
public static class VerificationFindings
{
    /// <summary>Extra flows and over-permissive rules are what these controls ask to be identified and approved.</summary>
    private static readonly ImmutableArray<string> FlowControls = [Compliance.Pci125, Compliance.Soc2Cc61];

    public static IEnumerable<Finding> Of(IEnumerable<Verification> results)
    {
        foreach (var v in results)
        {
            foreach (var d in v.Diagnostics)
            {
                yield return new Finding
                {
                    Source = "verify",
                    Rule = $"{v.Target}: input",
                    Severity = d.Severity == Severity.Error ? FindingSeverity.Error : FindingSeverity.Warning,
                    Message = d.Message,
                    Span = d.Span,
                };
            }
            foreach (var e in v.Extra) yield return Flow(v, "extra-flow", "allowed but not intended", e, FlowControls);
            foreach (var m in v.Missing) yield return Flow(v, "missing-flow", "intended but not allowed", m, []);
            foreach (var o in v.OverPermissive)
            {
                yield return new Finding
                {
                    Source = "verify",
                    Rule = "over-permissive-rule",
                    Severity = FindingSeverity.Warning,
                    Message = $"{v.Target}: {o.Side} admits more than the intent: {o.Source} => {o.Destination} : {o.Connections}",
                    Target = o.Rule,
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
                        Severity = FindingSeverity.Note,
                    };
                }
            }
        }
    }

    private static Finding Flow(Verification v, string rule, string what, FlowDifference d, ImmutableArray<string> controls) => new()
    {
        Source = "verify",
        Rule = rule,
        Severity = FindingSeverity.Error,
        Message = $"{v.Target}: {d.Source} => {d.Destination} : {d.Connections} is {what}",
        Target = v.Input,
        Workloads = Peers(d.Source, d.Destination),
        Controls = controls,
        Detail = string.Join("\n", d.Reasons),
    };

    private static ImmutableArray<string> Peers(FlowPeer source, FlowPeer destination) =>
        [.. new[] { source, destination }.Where(p => !p.IsExternal).Select(p => p.ToString())];
}
