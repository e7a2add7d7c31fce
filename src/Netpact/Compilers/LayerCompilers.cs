using Netpact.Compilers.Aws;
using Netpact.Compilers.Compose;
using Netpact.Compilers.Istio;
using Netpact.Compilers.Kubernetes;
using Netpact.Model;

namespace Netpact.Compilers;

/// <summary>Every enforcement layer netpact compiles to and reads back, in the order reports list them.</summary>
public static class LayerCompilers
{
    public static IReadOnlyList<ILayerCompiler> All { get; } = [new KubernetesLayerCompiler(), new IstioLayerCompiler(), new ComposeLayerCompiler(), new AwsLayerCompiler(), new Nftables.NftablesLayerCompiler(), new Prometheus.PrometheusLayerCompiler()];

    public static ILayerCompiler Find(Layer layer) => All.First(t => t.Layer == layer);
}
