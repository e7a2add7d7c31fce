using System.Collections.Immutable;
using Netpact.Model;

namespace Netpact.Istio;

/// <summary>The Istio security configuration read from files; the root namespace's policies apply mesh-wide.</summary>
public sealed record IstioConfig(
    ImmutableArray<AuthorizationPolicy> Policies,
    ImmutableArray<PeerAuthentication> PeerAuthentications,
    string RootNamespace)
{
    public const string DefaultRootNamespace = "istio-system";
}

/// <summary>The configuration and every problem found reading it.</summary>
public sealed record IstioReadResult(IstioConfig Config, ImmutableArray<Diagnostic> Diagnostics);
