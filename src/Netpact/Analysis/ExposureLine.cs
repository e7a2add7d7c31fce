using Netpact.Model;

namespace Netpact.Analysis;

/// <summary>
/// One exposure: on egress, <see cref="Workload"/> may send to <see cref="Peer"/>; on ingress, it may receive from
/// it; on <see cref="Connection"/>.
/// </summary>
public sealed record ExposureLine(Workload Workload, Direction Direction, ExposedPeer Peer, ExposureConnection Connection);
