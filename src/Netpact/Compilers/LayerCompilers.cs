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

    /// <summary>
    /// Every compiler by its target name: one per layer (<see cref="All"/>, what `--target all` writes), and the layers'
    /// alternatives (cilium: CiliumNetworkPolicies, in the Kubernetes layer instead of NetworkPolicies).
    /// </summary>
    public static IReadOnlyList<ILayerCompiler> Targets { get; } = [.. All, new Cilium.CiliumLayerCompiler()];

    /// <summary>The compiler of a target name (k8s, cilium, istio, ...), or null.</summary>
    public static ILayerCompiler? Find(string name) => Targets.FirstOrDefault(t => t.Name == name);
}
