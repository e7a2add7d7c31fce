using System.Collections.Immutable;

namespace Netpact.Model;

/// <summary>A container port as a pod declares it; the name is what named policy ports refer to.</summary>
public sealed record ContainerPort(string? Name, int Port, Protocol Protocol);

/// <summary>One pod (or the pod template of a workload) with what policies look at.</summary>
public sealed record Pod(
    string Name,
    ImmutableSortedDictionary<string, string> Labels,
    ImmutableArray<ContainerPort> Ports,
    SourceSpan Span)
{
    /// <summary>The security settings the manifest writes for the pod and its containers (what lint checks).</summary>
    public PodSecurity Security { get; init; } = PodSecurity.None;

    /// <summary>
    /// The pod's addresses as host prefixes (/32, /128) from status.podIPs or status.podIP, which ipBlocks match as
    /// the network plugins do; a pod on the host network has its node's. Empty for a pod template or a pod not yet running.
    /// </summary>
    public ImmutableArray<Cidr> Addresses { get; init; } = [];

    /// <summary>
    /// On the node's network: no NetworkPolicy selects such a pod, as subject or peer; its traffic is the node's, which
    /// ipBlocks match (the behaviour the API reference calls the most common).
    /// </summary>
    public bool HostNetwork { get; init; }

    /// <summary>The service account the pod runs as (spec.serviceAccountName): its identity in a service mesh.</summary>
    public string ServiceAccount { get; init; } = "default";

    /// <summary>The pod's <c>sidecar.istio.io/inject</c> annotation as written (the label of that name is in <see cref="Labels"/>), else null.</summary>
    public string? SidecarInjectAnnotation { get; init; }
}

/// <summary>A value as a manifest writes it, with where it is written.</summary>
public sealed record Setting<T>(T Value, SourceSpan Span);

/// <summary>
/// The pod-level settings that matter to isolation and least privilege; null where the manifest leaves a
/// field out (the cluster's default then applies).
/// </summary>
public sealed record PodSecurity(
    Setting<bool>? HostNetwork,
    Setting<bool>? RunAsNonRoot,
    Setting<long>? RunAsUser,
    ImmutableArray<ContainerSecurity> Containers)
{
    public static readonly PodSecurity None = new(null, null, null, []);
}

/// <summary>
/// One container's securityContext and resource limits (init containers included); null where left out.
/// Capabilities are kept as written: Pod Security Admission accepts only the exact name "ALL".
/// </summary>
public sealed record ContainerSecurity(
    string Name,
    bool IsInit,
    SourceSpan Span,
    Setting<bool>? RunAsNonRoot,
    Setting<long>? RunAsUser,
    Setting<bool>? ReadOnlyRootFilesystem,
    Setting<bool>? Privileged,
    ImmutableArray<Setting<string>> CapabilitiesDropped,
    ImmutableArray<Setting<string>> CapabilitiesAdded,
    Setting<string>? CpuLimit,
    Setting<string>? MemoryLimit);

/// <summary>
/// What reports show: a controller (Deployment, ReplicaSet, ...) or a bare Pod, with its pods.
/// Shown as ns/name[Kind].
/// </summary>
public sealed record Workload(string Namespace, string Name, string Kind, ImmutableArray<Pod> Pods, SourceSpan Span)
{
    public string Id => $"{Namespace}/{Name}[{Kind}]";

    /// <summary>The workload's own name: for a group of its pods (name~pod, see docs/formats.md), the part before '~'.</summary>
    public string BaseName => Name.IndexOf('~') is var tilde and > 0 ? Name[..tilde] : Name;

    /// <summary>Whether a user's name for a workload (NAME, NS/NAME or NS/NAME[Kind]) means this one; a group of pods answers to its workload's name too.</summary>
    public bool AnswersTo(string name) =>
        name == Name || name == $"{Namespace}/{Name}" || name == Id
        || name == BaseName || name == $"{Namespace}/{BaseName}" || name == $"{Namespace}/{BaseName}[{Kind}]";

    public override string ToString() => Id;
}
