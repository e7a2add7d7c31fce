using Netpact.Model;

namespace Netpact.Lint.Rules;

/// <summary>ZT001: a namespace without a default-deny ingress policy.</summary>
internal sealed class DefaultDenyIngressRule() : DefaultDenyRule(
    Direction.Ingress,
    "ZT001",
    "namespace-without-default-deny-ingress",
    "Namespace without a default-deny ingress policy",
    "Zero trust denies by default. Without a NetworkPolicy that selects every pod of the namespace for Ingress, any pod " +
    "that no other policy selects accepts connections from every pod of the cluster and every address outside it, " +
    "including pods added later by someone who forgot to write a policy.",
    "Add a NetworkPolicy with 'podSelector: {}', 'policyTypes: [Ingress]' and no ingress rules to the namespace, then allow " +
    "each needed flow with its own policy.",
    Compliance.Soc2Cc61, Compliance.Soc2Cc66, Compliance.Pci121, Compliance.Pci131, Compliance.Pci141);
