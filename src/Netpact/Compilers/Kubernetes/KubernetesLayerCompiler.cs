using Netpact.Intents;
using Netpact.Model;

namespace Netpact.Compilers.Kubernetes;

/// <summary>Kubernetes NetworkPolicies: compiled in the seed's layout, read back with the connectivity engine.</summary>
public sealed class KubernetesLayerCompiler : ILayerCompiler
{
    public Layer Layer => Layer.Kubernetes;

    public IReadOnlyList<TextFile> Compile(Intent intent) => NetworkPolicyCompiler.Compile(intent);
}
