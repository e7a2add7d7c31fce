using System.Collections.Immutable;

namespace Netpact.Model;

/// <summary>
/// A Cilium endpoint selector as netpact evaluates it: the pods of the namespaces <see cref="Namespaces"/> matches
/// (namespace labels, the name as <see cref="Namespace.NameLabel"/>) whose labels <see cref="Pods"/> matches; a pod's
/// service account is the label <see cref="ServiceAccountLabel"/>. Pods on the host network are no Cilium endpoints and
/// never match. The reader has already added the policy's namespace for a namespaced policy and stripped the
/// <c>k8s:</c>/<c>any:</c> source prefixes.
/// </summary>
public sealed record CiliumSelector(LabelSelector Namespaces, LabelSelector Pods, SourceSpan Span)
{
    /// <summary>Cilium's pseudo-label for the pod's service account (<c>k8s:io.cilium.k8s.policy.serviceaccount</c>).</summary>
    public const string ServiceAccountLabel = "io.cilium.k8s.policy.serviceaccount";

    public static readonly CiliumSelector AllPods = new(LabelSelector.Everything, LabelSelector.Everything, SourceSpan.None);

    /// <summary>Whether the selector matches the pod of that namespace (Cilium's view: labels plus the service account).</summary>
    public bool Matches(Namespace ns, Pod pod) =>
        !pod.HostNetwork && Namespaces.Matches(ns.Labels) && Pods.Matches(LabelsOf(pod));

    /// <summary>The labels Cilium selects a pod by: its own and its service account.</summary>
    public static IReadOnlyDictionary<string, string> LabelsOf(Pod pod) => pod.Labels.SetItem(ServiceAccountLabel, pod.ServiceAccount);

    /// <summary>Whether a selector reads the service account, so that pods must be told apart by it.</summary>
    public bool ReadsServiceAccount => Pods.Keys.Contains(ServiceAccountLabel);

    public override string ToString() =>
        Namespaces.MatchesEverything ? $"pods {{{Pods}}}" : $"pods {{{Pods}}} in namespaces {{{Namespaces}}}";
}

/// <summary>
/// One L3 peer of a Cilium rule, reduced to what it matches in netpact's world of pods and addresses outside the
/// cluster: pods by selector (<see cref="Endpoints"/>), addresses outside the cluster by range (<see cref="Addresses"/>,
/// which never match a pod: Cilium's CIDR rules do not apply between endpoints), and pods on the host network
/// (<see cref="HostNetworkPods"/>: the host and remote-node entities). <see cref="Text"/> is the field as written
/// (fromEntities: world, toCIDRSet 10.0.0.0/8 except ...). <see cref="Approximation"/> says why a peer matches more
/// (allow rules) or less (deny rules) than Cilium would, when it does; null when exact.
/// </summary>
public sealed record CiliumPeer(
    string Text,
    CiliumSelector? Endpoints,
    ImmutableArray<IpBlock> Addresses,
    bool HostNetworkPods,
    SourceSpan Span)
{
    public string? Approximation { get; init; }

    public override string ToString() => Text;
}

/// <summary>
/// One rule of an ingress, egress, ingressDeny or egressDeny list: it applies to any of its peers on any of its ports
/// (empty: every port). A rule with no peers matches nothing.
/// </summary>
public sealed record CiliumRule(ImmutableArray<CiliumPeer> Peers, ImmutableArray<PolicyPort> Ports, SourceSpan Span);

/// <summary>
/// One rule of a CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy (its <c>spec</c>, or one of its <c>specs</c>):
/// the endpoints it selects (<see cref="Subject"/>), whether it puts them into default deny per direction (a rule list
/// for the direction, allow or deny, unless <c>enableDefaultDeny</c> says false), its allow rules and its deny rules,
/// which take precedence over every allow of any policy.
/// </summary>
public sealed record CiliumPolicy(
    string Kind,
    string Namespace,
    string Name,
    int SpecIndex,
    CiliumSelector Subject,
    bool DefaultDenyIngress,
    bool DefaultDenyEgress,
    ImmutableArray<CiliumRule> Ingress,
    ImmutableArray<CiliumRule> Egress,
    ImmutableArray<CiliumRule> IngressDeny,
    ImmutableArray<CiliumRule> EgressDeny,
    SourceSpan Span)
{
    public const string NamespacedKind = "CiliumNetworkPolicy";
    public const string ClusterwideKind = "CiliumClusterwideNetworkPolicy";

    /// <summary>Kind/namespace/name, or Kind/name for a clusterwide policy; with #n for the n-th of several specs.</summary>
    public string Id => (Namespace.Length == 0 ? $"{Kind}/{Name}" : $"{Kind}/{Namespace}/{Name}") + (SpecIndex > 0 ? $"#{SpecIndex}" : "");

    public ImmutableArray<CiliumRule> Allows(Direction d) => d == Direction.Ingress ? Ingress : Egress;

    public ImmutableArray<CiliumRule> Denies(Direction d) => d == Direction.Ingress ? IngressDeny : EgressDeny;

    public bool DefaultDeny(Direction d) => d == Direction.Ingress ? DefaultDenyIngress : DefaultDenyEgress;

    public override string ToString() => Id;
}
