using System.Collections.Immutable;

namespace Netpact.Model;

/// <summary>A container port as a pod declares it; the name is what named policy ports refer to.</summary>
public sealed record ContainerPort(string? Name, int Port, Protocol Protocol);

/// <summary>One pod (or the pod template of a workload) with what policies look at.</summary>
public sealed record Pod(
    string Name,
    ImmutableSortedDictionary<string, string> Labels,
    ImmutableArray<ContainerPort> Ports,
    SourceSpan Span);

/// <summary>
/// What reports show: a controller (Deployment, ReplicaSet, ...) or a bare Pod, with its pods.
/// Shown as ns/name[Kind].
/// </summary>
public sealed record Workload(string Namespace, string Name, string Kind, ImmutableArray<Pod> Pods, SourceSpan Span)
{
    public string Id => $"{Namespace}/{Name}[{Kind}]";

    public override string ToString() => Id;
}
