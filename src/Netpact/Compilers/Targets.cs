using Netpact.Compilers.Aws;
using Netpact.Compilers.Compose;
using Netpact.Compilers.Istio;
using Netpact.Compilers.Kubernetes;

namespace Netpact.Compilers;

/// <summary>Every enforcement layer netpact compiles to and reads back, in the order reports list them.</summary>
public static class Targets
{
    public static IReadOnlyList<ITarget> All { get; } = [new KubernetesTarget(), new IstioTarget(), new ComposeTarget(), new AwsTarget(), new Nftables.NftablesTarget(), new Prometheus.PrometheusTarget()];

    public static ITarget? Find(string name) => All.FirstOrDefault(t => t.Name == name);
}
