using Netpact.Model;

namespace Netpact.Lint.Rules;

/// <summary>ZT002: a namespace without a default-deny egress policy.</summary>
internal sealed class DefaultDenyEgressRule() : DefaultDenyRule(
    Direction.Egress,
    "ZT002",
    "namespace-without-default-deny-egress",
    "Namespace without a default-deny egress policy",
    "Zero trust limits what a compromised workload can reach. Without a NetworkPolicy that selects every pod of the " +
    "namespace for Egress, pods that no other policy selects can connect to every pod of the cluster and to the internet: " +
    "lateral movement and data exfiltration meet no control.",
    "Add a NetworkPolicy with 'podSelector: {}', 'policyTypes: [Egress]' and no egress rules to the namespace, allow DNS to " +
    "the cluster resolver (UDP and TCP 53), then allow each needed flow explicitly.",
    Compliance.Soc2Cc61, Compliance.Soc2Cc67, Compliance.Pci121, Compliance.Pci132, Compliance.Pci141);
