using Netpact.Intents;
using Netpact.Model;

namespace Netpact.Compilers.Prometheus;

/// <summary>
/// Alert rules for Prometheus: a rules file and the same groups as a PrometheusRule, alerting on the metrics of
/// 'netpact serve' for this intent and on CNI policy drops. Monitoring, not enforcement: the files allow no flow,
/// so verify has nothing to read back and skips this target.
/// </summary>
public sealed class PrometheusTarget : ITarget
{
    public const string RulesFile = "prometheus/netpact-rules.yml";
    public const string PrometheusRuleFile = "prometheus/prometheusrule.yaml";

    public string Name => "prometheus";

    public bool CarriesFlows => false;

    public IReadOnlyList<GeneratedFile> Compile(Intent intent)
    {
        var groups = AlertCatalog.For(intent);
        return
        [
            new GeneratedFile(RulesFile, PrometheusRulesWriter.RulesFile(intent, groups)),
            new GeneratedFile(PrometheusRuleFile, PrometheusRulesWriter.PrometheusRule(intent, groups)),
        ];
    }

    /// <summary>Alert rules allow no flow: an empty layer, and a note that there is nothing to verify.</summary>
    public LayerFlows Read(IReadOnlyList<GeneratedFile> files, Intent intent) =>
        new(new FlowMatrix(), [],
            [Diagnostic.Warning(new SourceSpan(files.FirstOrDefault()?.Path ?? Name, 0, 0), "Prometheus alert rules allow no flows; there is nothing to verify in them")],
            CoversExternal: false);
}
