using Netpact.Intents;
using Netpact.Model;

namespace Netpact.Compilers.Istio;

/// <summary>Istio: PeerAuthentication and AuthorizationPolicy, compiled and read back at L4.</summary>
public sealed class IstioLayerCompiler : ILayerCompiler
{
    public Layer Layer => Layer.Istio;

    public IReadOnlyList<TextFile> Compile(Intent intent) => IstioCompiler.Compile(intent);
}
