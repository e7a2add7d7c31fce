using System.Collections.Immutable;
using System.Text;
using Netpact.Analysis;
using Netpact.Intents;
using Netpact.Model;

namespace Netpact.Reports.Html;

/// <summary>
/// Builds the report's model from an analysis: groups, nodes, the allowed flows (one pass over the connections)
/// with both sides of each explained by <see cref="Explainer"/>, flows summed per pair of groups, and findings.
/// </summary>
public static class ReportModelBuilder
{
    private const string ExternalGroup = "external addresses";

    public static ReportModel Build(Connectivity connectivity, ReportInput input)
    {
        var cluster = connectivity.Cluster;
        var limits = input.Limits;
        var intent = input.Intent;
        var summary = connectivity.Summary;

        var workloads = connectivity.Workloads.OrderBy(w => w.Id, StringComparer.Ordinal).ToList();
        var groupNames = workloads.Select(w => GroupOf(w, intent)).ToList();
        var groupList = groupNames.Distinct().OrderBy(g => g.Name, StringComparer.Ordinal).ThenBy(g => g.Kind, StringComparer.Ordinal).ToList();
        var expectedFlows = summary.AllowedPairs + summary.FromExternalPairs + summary.ToExternalPairs;
        var detailed = workloads.Count + connectivity.ExternalRanges.Length <= limits.DetailedEndpoints && expectedFlows <= limits.DetailedEdges;

        var nodeIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var endpoints = new List<Endpoint>();
        var nodeGroups = new List<int>();
        for (var i = 0; i < workloads.Count; i++)
        {
            nodeIndex[workloads[i].Id] = i;
            endpoints.Add(Endpoint.Of(workloads[i]));
            nodeGroups.Add(groupList.IndexOf(groupNames[i]));
        }
        var externalGroup = groupList.Count;

        // One pass over the flows: sums per group pair, and the flows to draw (all, or those inside groups).
        var tally = new FlowTally(nodeGroups, detailed, limits);
        foreach (var c in connectivity.EnumerateConnections())
        {
            var s = IndexOf(c.Source, nodeIndex, endpoints, nodeGroups, externalGroup);
            var t = IndexOf(c.Destination, nodeIndex, endpoints, nodeGroups, externalGroup);
            tally.Add(s, t, c.Allowed);
        }

        // External ranges were numbered as met; number them in address order after the workloads.
        var externals = Enumerable.Range(workloads.Count, endpoints.Count - workloads.Count)
            .OrderBy(i => endpoints[i].Range!).ToList();
        var renumber = Enumerable.Range(0, endpoints.Count).ToArray();
        for (var k = 0; k < externals.Count; k++) renumber[externals[k]] = workloads.Count + k;
        var ordered = Enumerable.Range(0, workloads.Count).Concat(externals).Select(i => endpoints[i]).ToList();

        var texts = new List<string>();
        var textIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        int Text(SideExplanation side, Explanation? withMesh = null)
        {
            var sb = new StringBuilder();
            ExplainReport.SideBody(sb, side);
            // The destination's sidecar decides too: its reasons follow the ingress side's.
            if (withMesh?.Mesh is { } mesh) ExplainReport.MeshBody(sb, withMesh, mesh);
            var text = sb.ToString();
            if (!textIndex.TryGetValue(text, out var i))
            {
                i = texts.Count;
                texts.Add(text);
                textIndex[text] = i;
            }
            return i;
        }
        var edges = tally.Kept.Select(k => (Source: renumber[k.Source], Target: renumber[k.Target], k.Ports))
            .Select(k =>
            {
                var e = Explainer.Explain(cluster, ordered[k.Source], ordered[k.Target], connectivity.Mesh);
                return new ReportEdge(k.Source, k.Target, k.Ports.ToString(), Text(e.Egress), Text(e.Ingress, e));
            }).ToImmutableArray();

        var (groups, groupEdges) = Groups([.. groupList.Select(g => (g.Name, g.Kind))], nodeGroups, externals.Count, tally);

        var nodes = ordered.Select(e => e.Workload is { } w
                ? new ReportNode(w.Id, w.Name, w.Kind, w.Namespace, nodeGroups[nodeIndex[w.Id]], Labels(w))
                : new ReportNode(e.ToString(), e.Range!.ToString(), "External", "", externalGroup, ""))
            .ToImmutableArray();

        return new ReportModel
        {
            Title = input.Title,
            GroupedBy = intent is null ? "namespace" : "zone",
            Detailed = detailed,
            Counts = new ReportCounts(workloads.Count, summary.Namespaces, summary.Policies, externals.Count, tally.Flows, summary.WorkloadPairs)
            {
                Mesh = connectivity.Mesh is { } mesh ? new MeshCounts(mesh.Config.Policies.Length, mesh.Members) : null,
            },
            Groups = groups,
            Nodes = nodes,
            Edges = edges,
            GroupEdges = groupEdges,
            Texts = [.. texts],
            Findings = [.. input.Findings.Select(ReportFinding.From)],
            Depth = ReportDepth.Of(input.Depth),
            Unmodelled = [.. cluster.UnmodelledPolicies.Select(p => $"{p} at {p.Span}")],
        };
    }

    /// <summary>
    /// The report of one layer's own deployment (Compose services, security groups) from the flows its reader finds:
    /// its services or groups as nodes (by the intent's zones when given, else one group), the external ranges, and
    /// the rules that let each flow through.
    /// </summary>
    public static ReportModel Build(FlowMatrix flows, ReportLayer layer, ReportInput input)
    {
        var intent = input.Intent;
        var names = flows.Workloads.Distinct().Order(StringComparer.Ordinal).ToList();
        var ranges = flows.Ranges.Distinct().Order().ToList();
        var groupOf = names.Select(n => intent?.Workloads.FirstOrDefault(w => w.Name == n) is { } w && intent.Zone(w.Zone) is { } z
            ? (z.Name, "zone") : (layer.Plural, layer.Name)).ToList();
        var groupList = groupOf.Distinct().OrderBy(g => g.Item1, StringComparer.Ordinal).ToList();
        var nodeGroups = groupOf.Select(g => groupList.IndexOf(g)).Concat(ranges.Select(_ => groupList.Count)).ToList();
        var index = new Dictionary<FlowPeer, int>();
        for (var i = 0; i < names.Count; i++) index[FlowPeer.Of(names[i])] = i;
        for (var i = 0; i < ranges.Count; i++) index[FlowPeer.Of(ranges[i])] = names.Count + i;
        var entries = flows.Entries.ToList();
        var detailed = index.Count <= input.Limits.DetailedEndpoints && entries.Count <= input.Limits.DetailedEdges;

        var tally = new FlowTally(nodeGroups, detailed, input.Limits);
        var reasons = new Dictionary<(int, int), string>();
        foreach (var e in entries)
        {
            var (s, t) = (index[e.Source], index[e.Destination]);
            tally.Add(s, t, e.Allowed);
            reasons[(s, t)] = string.Concat(e.Reasons.Select(r => "  " + r + "\n"));
        }
        var texts = new List<string>();
        var edges = tally.Kept.Select(k =>
        {
            var text = reasons[(k.Source, k.Target)];
            var i = texts.IndexOf(text);
            if (i < 0)
            {
                i = texts.Count;
                texts.Add(text);
            }
            return new ReportEdge(k.Source, k.Target, k.Ports.ToString(), i, i);
        }).ToImmutableArray();
        var (groups, groupEdges) = Groups([.. groupList], nodeGroups, ranges.Count, tally);
        var nodes = names.Select((n, i) => new ReportNode(n, n, layer.Kind, "", nodeGroups[i], ""))
            .Concat(ranges.Select((r, i) => new ReportNode(FlowPeer.Of(r).ToString(), r.ToString(), "External", "", nodeGroups[names.Count + i], "")))
            .ToImmutableArray();
        return new ReportModel
        {
            Title = input.Title,
            GroupedBy = intent is null ? layer.Name : "zone",
            Detailed = detailed,
            Layer = layer,
            Counts = new ReportCounts(names.Count, 0, 0, ranges.Count, tally.Flows, (long)names.Count * (names.Count - 1)),
            Groups = groups,
            Nodes = nodes,
            Edges = edges,
            GroupEdges = groupEdges,
            Texts = [.. texts],
            Findings = [.. input.Findings.Select(ReportFinding.From)],
            Depth = ReportDepth.Of(input.Depth),
        };
    }

    /// <summary>The groups (the external addresses last, when there are any) and the flows summed per pair of them.</summary>
    private static (ImmutableArray<ReportGroup> Groups, ImmutableArray<ReportGroupEdge> Edges) Groups(
        IReadOnlyList<(string Name, string Kind)> groupList, List<int> nodeGroups, int externals, FlowTally tally)
    {
        var groups = groupList.Select((g, i) => new ReportGroup(g.Name, g.Kind, nodeGroups.Count(x => x == i),
                tally.Sums.GetValueOrDefault((i, i)).Flows, tally.Omitted.Contains(i)))
            .ToList();
        if (externals > 0) groups.Add(new ReportGroup(ExternalGroup, "external", externals, 0, false));
        var groupEdges = tally.Sums.OrderBy(kv => kv.Key.Item1).ThenBy(kv => kv.Key.Item2)
            .Select(kv =>
            {
                var (s, t) = kv.Key;
                var pairs = (long)groups[s].Members * groups[t].Members - (s == t ? groups[s].Members : 0);
                return new ReportGroupEdge(s, t, kv.Value.Flows, pairs, kv.Value.Ports.ToString());
            }).ToImmutableArray();
        return ([.. groups], groupEdges);
    }

    /// <summary>
    /// Flows counted as met: sums per (source group, destination group), and the flows to draw: all of them when
    /// the page is detailed, else those inside each group up to <see cref="ReportLimits.IntraGroupEdges"/>.
    /// </summary>
    private sealed class FlowTally(List<int> nodeGroups, bool detailed, ReportLimits limits)
    {
        public Dictionary<(int, int), (long Flows, ConnectionSet Ports)> Sums { get; } = [];

        public List<(int Source, int Target, ConnectionSet Ports)> Kept { get; } = [];

        public HashSet<int> Omitted { get; } = [];

        public long Flows { get; private set; }

        private readonly Dictionary<int, int> _intra = [];

        public void Add(int s, int t, ConnectionSet ports)
        {
            var (gs, gt) = (nodeGroups[s], nodeGroups[t]);
            Flows++;
            var sum = Sums.GetValueOrDefault((gs, gt), (0, ConnectionSet.Empty));
            Sums[(gs, gt)] = (sum.Flows + 1, sum.Ports.Union(ports));
            if (detailed)
            {
                Kept.Add((s, t, ports));
            }
            else if (gs == gt && !Omitted.Contains(gs))
            {
                var n = _intra[gs] = _intra.GetValueOrDefault(gs) + 1;
                if (n > limits.IntraGroupEdges)
                {
                    Omitted.Add(gs);
                    Kept.RemoveAll(k => nodeGroups[k.Source] == gs);
                }
                else
                {
                    Kept.Add((s, t, ports));
                }
            }
        }
    }

    private static int IndexOf(Endpoint e, Dictionary<string, int> index, List<Endpoint> endpoints, List<int> groups, int externalGroup)
    {
        var key = e.ToString();
        if (index.TryGetValue(key, out var i)) return i;
        i = endpoints.Count;
        index[key] = i;
        endpoints.Add(e);
        groups.Add(externalGroup);
        return i;
    }

    /// <summary>The zone of the intent workload it matches (same namespace, the intent's labels on every pod), else the zone of its namespace.</summary>
    private static (string Name, string Kind) GroupOf(Workload w, Intent? intent)
    {
        if (intent is null) return (w.Namespace, "namespace");
        var match = intent.Workloads.FirstOrDefault(iw => intent.NamespaceOf(iw) == w.Namespace
            && w.Pods.All(p => iw.Labels.All(l => p.Labels.TryGetValue(l.Key, out var v) && v == l.Value)));
        var zone = match is not null ? intent.Zone(match.Zone) : intent.Zones.FirstOrDefault(z => z.Namespace == w.Namespace);
        return zone is null ? (w.Namespace, "namespace") : (zone.Name, "zone");
    }

    private static string Labels(Workload w) =>
        w.Pods.IsEmpty ? "" : string.Join(", ", w.Pods[0].Labels.Select(l => $"{l.Key}={l.Value}"));
}
