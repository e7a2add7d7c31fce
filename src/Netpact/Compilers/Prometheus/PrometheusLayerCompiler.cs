using Netpact.Intents;
using Netpact.Model;

namespace Netpact.Compilers.Prometheus;

/// <summary>
/// Alert rules for Prometheus: a rules file and the same groups as a PrometheusRule, alerting on the metrics of
/// 'netpact serve' for this intent and on CNI policy drops. Monitoring, not enforcement: the files allow no flow,
/// so verify has nothing to read back and skips this target.
/// </summary>
public sealed class PrometheusLayerCompiler : ILayerCompiler
{
    public const string RulesFile = "prometheus/netpact-rules.yml";
    public const string PrometheusRuleFile = "prometheus/prometheusrule.yaml";

    public Layer Layer => Layer.Prometheus;

    public IReadOnlyList<TextFile> Compile(Intent intent)
    {
        var groups = AlertCatalog.For(intent);
        return
        [
            new TextFile(RulesFile, PrometheusRulesWriter.RulesFile(intent, groups)),
            new TextFile(PrometheusRuleFile, PrometheusRulesWriter.PrometheusRule(intent, groups)),
        ];
    }
}
