using Netpact.Istio;
using Netpact.Model;

namespace Netpact.Analysis;

/// <summary>
/// One pair as each layer sees it: what the NetworkPolicy layers (admin tiers and NetworkPolicies) allow, what Istio
/// lets through (null where it does not stand between them) and what passes both (<see cref="Effective"/>).
/// </summary>
public sealed record LayeredConnection(Endpoint Source, Endpoint Destination, ConnectionSet Kubernetes, IstioVerdict? Istio, ConnectionSet Effective);
