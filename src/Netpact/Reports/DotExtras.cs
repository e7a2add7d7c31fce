namespace Netpact.Reports;

/// <summary>What another analysis adds to the connectivity graph: clusters, nodes, and edges (by source and destination name).</summary>
internal sealed record DotExtras(string Subgraphs, string Nodes, IReadOnlyList<(string Src, string Dst, string Line)> Edges);
