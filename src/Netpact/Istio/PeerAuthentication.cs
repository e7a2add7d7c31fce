using System.Collections.Immutable;
using Netpact.Model;

namespace Netpact.Istio;

public enum MtlsMode { Unset, Disable, Permissive, Strict }

/// <summary>
/// A security.istio.io PeerAuthentication: the mTLS mode of the selected workloads (of the namespace
/// without selector; of the mesh in the root namespace), with per-port exceptions.
/// </summary>
public sealed record PeerAuthentication(
    string Namespace,
    string Name,
    ImmutableSortedDictionary<string, string>? Selector,
    MtlsMode Mode,
    ImmutableSortedDictionary<int, MtlsMode> PortModes,
    SourceSpan Span);
