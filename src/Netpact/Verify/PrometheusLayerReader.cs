using Netpact.Compilers;
using Netpact.Intents;
using Netpact.Model;

namespace Netpact.Verify;

/// <summary>Prometheus alert rules: monitoring, not enforcement; the files allow no flow, so verify skips them.</summary>
internal sealed class PrometheusLayerReader : ILayerReader
{
    public Layer Layer => Layer.Prometheus;

    public bool CarriesFlows => false;

    /// <summary>Alert rules allow no flow: an empty layer, and a note that there is nothing to verify.</summary>
    public LayerFlows Read(IReadOnlyList<TextFile> files, Intent intent) =>
        new(new FlowMatrix(), [],
            [Diagnostic.Warning(new SourceSpan(files.FirstOrDefault()?.Path ?? Layer.Name(), 0, 0), "Prometheus alert rules allow no flows; there is nothing to verify in them")],
            CoversExternal: false);
}
