namespace Netpact.Kubernetes;

/// <summary>
/// What netpact knows of kinds it does not model: which are policies that allow or deny traffic (so results that
/// ignore them may be wrong), and which are cluster-scoped (so they are never named with a namespace).
/// </summary>
internal static class UnmodelledKinds
{
    /// <summary>
    /// Kinds that are policies in whichever API group they come: Calico's (projectcalico.org, crd.projectcalico.org),
    /// Antrea's (crd.antrea.io), and versions netpact does not read of the kinds it does (the reader takes those
    /// before asking here), a misspelt apiVersion included: a NetworkPolicy is never skipped in silence.
    /// </summary>
    private static readonly HashSet<string> PolicyKinds =
        ["NetworkPolicy", "GlobalNetworkPolicy", "ClusterNetworkPolicy", "AdminNetworkPolicy", "BaselineAdminNetworkPolicy"];

    /// <summary>
    /// Other enforced policies, by API group. Staged policies (Calico's) and address sets (NetworkSet, ClusterGroup)
    /// decide nothing on their own, and MultiNetworkPolicy filters secondary networks only, so they are not listed.
    /// </summary>
    private static readonly HashSet<(string Group, string Kind)> Policies =
    [
        ("cilium.io", "CiliumNetworkPolicy"), ("cilium.io", "CiliumClusterwideNetworkPolicy"),
        ("security.istio.io", "AuthorizationPolicy"),
    ];

    /// <summary>Cluster-scoped kinds of Kubernetes and of the projects netpact meets most, by API group ("" is core).</summary>
    private static readonly HashSet<(string Group, string Kind)> ClusterScoped =
    [
        ("", "Namespace"), ("", "Node"), ("", "PersistentVolume"), ("", "ComponentStatus"),
        ("rbac.authorization.k8s.io", "ClusterRole"), ("rbac.authorization.k8s.io", "ClusterRoleBinding"),
        ("apiextensions.k8s.io", "CustomResourceDefinition"), ("apiregistration.k8s.io", "APIService"),
        ("admissionregistration.k8s.io", "MutatingWebhookConfiguration"), ("admissionregistration.k8s.io", "ValidatingWebhookConfiguration"),
        ("admissionregistration.k8s.io", "ValidatingAdmissionPolicy"), ("admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding"),
        ("admissionregistration.k8s.io", "MutatingAdmissionPolicy"), ("admissionregistration.k8s.io", "MutatingAdmissionPolicyBinding"),
        ("storage.k8s.io", "StorageClass"), ("storage.k8s.io", "CSIDriver"), ("storage.k8s.io", "CSINode"), ("storage.k8s.io", "VolumeAttachment"),
        ("scheduling.k8s.io", "PriorityClass"), ("node.k8s.io", "RuntimeClass"), ("certificates.k8s.io", "CertificateSigningRequest"),
        ("networking.k8s.io", "IngressClass"), ("networking.k8s.io", "IPAddress"), ("networking.k8s.io", "ServiceCIDR"),
        ("flowcontrol.apiserver.k8s.io", "FlowSchema"), ("flowcontrol.apiserver.k8s.io", "PriorityLevelConfiguration"),
        ("resource.k8s.io", "DeviceClass"), ("gateway.networking.k8s.io", "GatewayClass"), ("policy", "PodSecurityPolicy"),
        ("policy.networking.k8s.io", "AdminNetworkPolicy"), ("policy.networking.k8s.io", "BaselineAdminNetworkPolicy"),
        ("policy.networking.k8s.io", "ClusterNetworkPolicy"),
        ("cilium.io", "CiliumClusterwideNetworkPolicy"), ("cilium.io", "CiliumClusterwideEnvoyConfig"), ("cilium.io", "CiliumCIDRGroup"),
        ("cilium.io", "CiliumNode"), ("cilium.io", "CiliumIdentity"), ("cilium.io", "CiliumExternalWorkload"),
        ("cilium.io", "CiliumLoadBalancerIPPool"), ("cilium.io", "CiliumEgressGatewayPolicy"),
        ("projectcalico.org", "GlobalNetworkPolicy"), ("projectcalico.org", "StagedGlobalNetworkPolicy"), ("projectcalico.org", "GlobalNetworkSet"),
        ("projectcalico.org", "HostEndpoint"), ("projectcalico.org", "Tier"), ("projectcalico.org", "IPPool"),
        ("projectcalico.org", "FelixConfiguration"), ("projectcalico.org", "BGPConfiguration"), ("projectcalico.org", "BGPPeer"),
        ("crd.projectcalico.org", "GlobalNetworkPolicy"), ("crd.projectcalico.org", "StagedGlobalNetworkPolicy"), ("crd.projectcalico.org", "GlobalNetworkSet"),
        ("crd.projectcalico.org", "HostEndpoint"), ("crd.projectcalico.org", "Tier"), ("crd.projectcalico.org", "IPPool"),
        ("crd.projectcalico.org", "FelixConfiguration"), ("crd.projectcalico.org", "BGPConfiguration"), ("crd.projectcalico.org", "BGPPeer"),
        ("crd.antrea.io", "ClusterNetworkPolicy"), ("crd.antrea.io", "ClusterGroup"), ("crd.antrea.io", "Tier"),
        ("cert-manager.io", "ClusterIssuer"), ("security.openshift.io", "SecurityContextConstraints"),
        ("k8s.ovn.org", "ClusterUserDefinedNetwork"),
    ];

    /// <summary>The API group of an apiVersion: "cilium.io" of "cilium.io/v2", "" of "v1".</summary>
    public static string Group(string apiVersion) => apiVersion.LastIndexOf('/') is var slash and >= 0 ? apiVersion[..slash] : "";

    public static bool IsPolicy(string apiVersion, string kind) => PolicyKinds.Contains(kind) || Policies.Contains((Group(apiVersion), kind));

    public static bool IsClusterScoped(string apiVersion, string kind) => ClusterScoped.Contains((Group(apiVersion), kind));

    /// <summary>Istio's: netpact reads those in its Istio layer (lint, verify), not among the manifests.</summary>
    public static bool IsIstio(Model.SkippedResource policy) => Group(policy.ApiVersion) == "security.istio.io";

    /// <summary>The warning for a policy netpact skips: what its results then cannot account for.</summary>
    public static string NotModelled(Model.SkippedResource policy) => IsIstio(policy)
        ? $"{policy} is not modelled: netpact's Kubernetes results ignore it, so its sidecars may deny connections they list as allowed " +
          "(lint checks Istio policies; verify checks them against an intent)"
        : $"{policy} is not modelled: netpact's results ignore it and may be wrong in either direction";
}
