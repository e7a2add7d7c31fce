namespace Netpact.Analysis;

public enum ExposedPeerKind
{
    /// <summary>An address range outside the cluster.</summary>
    External,

    /// <summary>Any pod in any namespace, existing or future.</summary>
    EntireCluster,

    /// <summary>Pods a policy rule's selectors would match (in namespaces its selector would match), existing or not.</summary>
    Selected,
}

/// <summary>
/// What a workload is exposed to, named as netpol-analyzer names it: <c>entire-cluster</c>, an address range
/// <c>a-b[External]</c>, or <c>NAMESPACE/[pod with {...}]</c>, <c>[namespace with {...}]/[all pods]</c>,
/// <c>[all namespaces]/[pod with {...}]</c>.
/// </summary>
public sealed record ExposedPeer(ExposedPeerKind Kind, string Name)
{
    public static readonly ExposedPeer EntireCluster = new(ExposedPeerKind.EntireCluster, "entire-cluster");

    /// <summary>For a selected peer: its namespace ("shop", "namespace with {env=prod}", "all namespaces").</summary>
    public string? Namespace { get; init; }

    /// <summary>For a selected peer: its pods ("pod with {app=x}" or "all pods").</summary>
    public string? Pods { get; init; }

    /// <summary>Pods with any labels in every namespace whose labels the selector would match ("all namespaces" included).</summary>
    public bool AnyNamespace => Kind == ExposedPeerKind.EntireCluster || Name.StartsWith("[all namespaces]/", StringComparison.Ordinal);

    public override string ToString() => Name;
}
