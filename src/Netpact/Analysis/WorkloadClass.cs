using System.Collections.Immutable;
using Netpact.Model;

namespace Netpact.Analysis;

/// <summary>
/// Pods that no policy can tell apart: same namespace, same values of the labels selectors use,
/// same named ports. The engine computes reachability once per class.
/// </summary>
public sealed record WorkloadClass(int Index, Namespace Namespace, ImmutableSortedDictionary<string, string> Labels, ImmutableArray<ContainerPort> Ports);
