using System.Collections.Immutable;

namespace Netpact.Istio;

/// <summary>A workload in the mesh as authorization sees it: where it runs, its labels, and the identity it presents.</summary>
public sealed record MeshWorkload(string Name, string Namespace, ImmutableSortedDictionary<string, string> Labels, string ServiceAccount)
{
    /// <summary>The SPIFFE principal Istio derives from the service account: trustDomain/ns/namespace/sa/account.</summary>
    public string Principal(string trustDomain) => $"{trustDomain}/ns/{Namespace}/sa/{ServiceAccount}";
}
