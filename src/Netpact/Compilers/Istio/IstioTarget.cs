using Netpact.Intents;

namespace Netpact.Compilers.Istio;

/// <summary>Istio: PeerAuthentication and AuthorizationPolicy, compiled and read back at L4.</summary>
public sealed class IstioTarget : ITarget
{
    public string Name => "istio";

    public IReadOnlyList<GeneratedFile> Compile(Intent intent) => IstioCompiler.Compile(intent);
}
