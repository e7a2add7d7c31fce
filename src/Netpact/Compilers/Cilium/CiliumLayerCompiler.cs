using Netpact.Intents;
using Netpact.Model;

namespace Netpact.Compilers.Cilium;

/// <summary>
/// CiliumNetworkPolicies (cilium.io/v2) for the intent: in-cluster resources of the Kubernetes layer, read back by the
/// same reader as NetworkPolicies (docs/cilium.md). A second compiler of that layer, so `--target cilium` names it and
/// `--target all` (one compiler per layer) does not write both.
/// </summary>
public sealed class CiliumLayerCompiler : ILayerCompiler
{
    public Layer Layer => Layer.Kubernetes;

    public string Name => "cilium";

    public IReadOnlyList<TextFile> Compile(Intent intent) => CiliumPolicyCompiler.Compile(intent);
}
