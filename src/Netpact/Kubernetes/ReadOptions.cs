namespace Netpact.Kubernetes;

/// <summary>How manifests are read.</summary>
public sealed record ReadOptions
{
    public static readonly ReadOptions Default = new();

    /// <summary>
    /// netpol-analyzer's reading: a named port towards an ipBlock, pods of one workload that policies tell apart, and
    /// documents that are not Kubernetes objects are errors instead of warnings; pod addresses are not read, so ipBlocks
    /// match only addresses outside the cluster; pods on the host network are selected like any other.
    /// </summary>
    public bool Strict { get; init; }

    /// <summary>
    /// Istio's security resources are read by the Istio reader alongside (analysis over every layer): the manifest
    /// reader also reads the files that hold them, for their other objects, and leaves them to that reader.
    /// </summary>
    public bool WithIstio { get; init; }
}
