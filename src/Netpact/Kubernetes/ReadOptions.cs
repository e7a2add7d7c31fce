namespace Netpact.Kubernetes;

/// <summary>How manifests are read.</summary>
public sealed record ReadOptions
{
    public static readonly ReadOptions Default = new();

    /// <summary>
    /// netpol-analyzer's stricter reading: a named port towards an ipBlock, pods of one workload that policies tell
    /// apart, and documents that are not Kubernetes objects are errors instead of warnings.
    /// </summary>
    public bool Strict { get; init; }
}
