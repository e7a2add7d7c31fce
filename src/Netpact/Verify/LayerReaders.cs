using Netpact.Model;

namespace Netpact.Verify;

/// <summary>Every layer verify reads back, in the order of the compiler targets (the order reports list them).</summary>
public static class LayerReaders
{
    public static IReadOnlyList<ILayerReader> All { get; } =
        [new NetworkPolicyLayerReader(), new IstioLayerReader(), new ComposeLayerReader(), new AwsLayerReader(), new NftablesLayerReader(), new PrometheusLayerReader()];

    public static ILayerReader Find(Layer layer) => All.First(r => r.Layer == layer);
}
