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
        var sums = new Dictionary<(int, int), (long Flows, ConnectionSet Ports)>();
        var kept = new List<(int Source, int Target, ConnectionSet Ports)>();
        var intra = new Dictionary<int, int>();
        var omitted = new HashSet<int>();
        long flows = 0;
        foreach (var c in connectivity.EnumerateConnections())
        {
            var s = IndexOf(c.Source, nodeIndex, endpoints, nodeGroups, externalGroup);
            var t = IndexOf(c.Destination, nodeIndex, endpoints, nodeGroups, externalGroup);
            var (gs, gt) = (nodeGroups[s], nodeGroups[t]);
            flows++;
            var sum = sums.GetValueOrDefault((gs, gt), (0, ConnectionSet.Empty));
            sums[(gs, gt)] = (sum.Flows + 1, sum.Ports.Union(c.Allowed));
            if (detailed)
            {
                kept.Add((s, t, c.Allowed));
            }
            else if (gs == gt && !omitted.Contains(gs))
            {
                var n = intra[gs] = intra.GetValueOrDefault(gs) + 1;
                if (n > limits.IntraGroupEdges)
                {
                    omitted.Add(gs);
                    kept.RemoveAll(k => nodeGroups[k.Source] == gs);
                }
                else
                {
                    kept.Add((s, t, c.Allowed));
                }
            }
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
        var edges = kept.Select(k => (Source: renumber[k.Source], Target: renumber[k.Target], k.Ports))
            .Select(k =>
            {
                var e = Explainer.Explain(cluster, ordered[k.Source], ordered[k.Target], connectivity.Mesh);
                return new ReportEdge(k.Source, k.Target, k.Ports.ToString(), Text(e.Egress), Text(e.Ingress, e));
            }).ToImmutableArray();

        var groups = groupList.Select((g, i) => new ReportGroup(g.Name, g.Kind, nodeGroups.Count(x => x == i),
                sums.GetValueOrDefault((i, i)).Flows, omitted.Contains(i)))
            .ToList();
        if (externals.Count > 0) groups.Add(new ReportGroup(ExternalGroup, "external", externals.Count, 0, false));
        var groupEdges = sums.OrderBy(kv => kv.Key.Item1).ThenBy(kv => kv.Key.Item2)
            .Select(kv =>
            {
                var (s, t) = kv.Key;
                var pairs = (long)groups[s].Members * groups[t].Members - (s == t ? groups[s].Members : 0);
                return new ReportGroupEdge(s, t, kv.Value.Flows, pairs, kv.Value.Ports.ToString());
            }).ToImmutableArray();

        var nodes = ordered.Select(e => e.Workload is { } w
                ? new ReportNode(w.Id, w.Name, w.Kind, w.Namespace, nodeGroups[nodeIndex[w.Id]], Labels(w))
                : new ReportNode(e.ToString(), e.Range!.ToString(), "External", "", externalGroup, ""))
            .ToImmutableArray();

        return new ReportModel
        {
            Title = input.Title,
            GroupedBy = intent is null ? "namespace" : "zone",
            Detailed = detailed,
            Counts = new ReportCounts(workloads.Count, summary.Namespaces, summary.Policies, externals.Count, flows, summary.WorkloadPairs)
            {
                Mesh = connectivity.Mesh is { } mesh ? new MeshCounts(mesh.Config.Policies.Length, mesh.Members) : null,
            },
            Groups = [.. groups],
            Nodes = nodes,
            Edges = edges,
            GroupEdges = groupEdges,
            Texts = [.. texts],
            Findings = [.. input.Findings.Select(ReportFinding.From)],
            Unmodelled = [.. cluster.UnmodelledPolicies.Select(p => $"{p} at {p.Span}")],
        };
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
