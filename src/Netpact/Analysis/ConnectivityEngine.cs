using Netpact.Istio;
using Netpact.Model;

namespace Netpact.Analysis;

/// <summary>
/// Computes which workloads reach which, on which ports. Pods are folded into identities that no selector can tell
/// apart; selectors are evaluated on a label index; each rule becomes a grant (a set of selected identities, a set of
/// peer identities and external atoms, and its ports); and every column of the identity-to-identity matrix is a few
/// disjoint identity sets with a connection each, built and counted with bitset operations. No object is made per
/// pair: the work grows with identities and rules, not with pod pairs times policies.
/// </summary>
public static class ConnectivityEngine
{
    public static Connectivity Analyze(Cluster cluster) => Analyze(cluster, null);

    /// <summary>Analyzes, telling <paramref name="progress"/> which stage it is in (for a progress display).</summary>
    /// <param name="mesh">Istio's configuration when the input holds Istio resources: the answers are then what NetworkPolicy and Istio both allow.</param>
    public static Connectivity Analyze(Cluster cluster, Action<string>? progress, IstioConfig? mesh = null)
    {
        progress?.Invoke("folding pods into identities");
        var context = new AnalysisContext(cluster);
        var state = AnalysisState.Build(cluster, context, progress);
        var connectivity = new Connectivity(state, null, mesh is null ? null : new MeshLayer(cluster, mesh));
        progress?.Invoke("counting");
        _ = connectivity.Summary;
        return connectivity;
    }
}
