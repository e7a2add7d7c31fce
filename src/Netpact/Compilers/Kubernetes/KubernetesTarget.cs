using Netpact.Intents;

namespace Netpact.Compilers.Kubernetes;

/// <summary>Kubernetes NetworkPolicies: compiled in the seed's layout, read back with the connectivity engine.</summary>
public sealed class KubernetesTarget : ITarget
{
    public string Name => "k8s";

    public IReadOnlyList<GeneratedFile> Compile(Intent intent) => NetworkPolicyCompiler.Compile(intent);
}
