using System.Collections.Immutable;
using Netpact.Model;

namespace Netpact.Istio;

/// <summary>A workload in the mesh as authorization sees it: where it runs, its labels, and the identity it presents.</summary>
public sealed record MeshWorkload(string Name, string Namespace, ImmutableSortedDictionary<string, string> Labels, string ServiceAccount)
{
    /// <summary>
    /// The ports declared as opaque TCP (by name or appProtocol: tcp, tls, mongo, ...). Istio may see HTTP on every
    /// other port (declared HTTP, or sniffed), so rules on request fields apply there to some requests only.
    /// </summary>
    public PortSet TcpPorts { get; init; } = PortSet.Empty;

    /// <summary>Where its addresses lie when known (an intent zone's subnet), else null: some pod IP.</summary>
    public IpRange? Address { get; init; }

    /// <summary>The SPIFFE principal Istio derives from the service account: trustDomain/ns/namespace/sa/account.</summary>
    public string Principal(string trustDomain) => $"{trustDomain}/ns/{Namespace}/sa/{ServiceAccount}";
}
