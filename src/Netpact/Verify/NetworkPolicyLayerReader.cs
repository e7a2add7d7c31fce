using System.Collections.Immutable;
using Netpact.Analysis;
using Netpact.Compilers;
using Netpact.Intents;
using Netpact.Kubernetes;
using Netpact.Model;

namespace Netpact.Verify;

/// <summary>
/// Reads NetworkPolicies (generated or hand-written) back into the flows they allow between the intent's
/// workloads. Workloads the files do not contain are added as the intent describes them (a Deployment with
/// the intent's labels and ports in its namespace), so policies alone can be checked.
/// </summary>
internal sealed class NetworkPolicyLayerReader : ILayerReader
{
    public Layer Layer => Layer.Kubernetes;

    public LayerFlows Read(IReadOnlyList<TextFile> files, Intent intent)
    {
        var diagnostics = new List<Diagnostic>();
        var namespaces = new List<Namespace>();
        var workloads = new List<Workload>();
        var policies = new List<NetworkPolicy>();
        var cilium = new List<CiliumPolicy>();
        var skipped = new List<SkippedResource>();
        foreach (var file in files)
        {
            var result = ManifestReader.ReadText(file.Content, file.Path);
            diagnostics.AddRange(result.Diagnostics);
            namespaces.AddRange(result.Cluster.Namespaces);
            workloads.AddRange(result.Cluster.Workloads);
            policies.AddRange(result.Cluster.Policies);
            cilium.AddRange(result.Cluster.CiliumPolicies);
            skipped.AddRange(result.Cluster.Skipped);
        }
        ReportDuplicates(policies, p => $"NetworkPolicy {p.Id}", p => p.Span, diagnostics);
        ReportDuplicates(workloads, w => w.Id, w => w.Span, diagnostics);

        var names = new Dictionary<Workload, string>(ReferenceEqualityComparer.Instance);
        foreach (var w in workloads) names[w] = IntentName(intent, w, diagnostics) ?? w.Id;
        foreach (var iw in intent.Workloads.Where(iw => !names.ContainsValue(iw.Name)))
        {
            var synthetic = intent.Placed(iw);
            workloads.Add(synthetic);
            names[synthetic] = iw.Name;
        }
        var cluster = new Cluster([.. namespaces.DistinctBy(n => n.Name)], [.. workloads], [.. policies], [.. skipped]) { CiliumPolicies = [.. cilium] };
        DropResolvedPortNameWarnings(cluster, diagnostics);

        var matrix = new FlowMatrix();
        foreach (var c in ConnectivityEngine.Analyze(cluster).Connections)
        {
            var source = Peer(c.Source, names);
            var destination = Peer(c.Destination, names);
            if (source == destination) continue;
            foreach (var reason in Reasons(cluster, c)) matrix.Add(source, destination, c.Allowed, reason);
        }
        return new LayerFlows(matrix, [], [.. diagnostics], CoversExternal: true);
    }

    private static FlowPeer Peer(Endpoint e, Dictionary<Workload, string> names) =>
        e.Workload is { } w ? FlowPeer.Of(names[w]) : FlowPeer.Of(e.Range!);

    /// <summary>
    /// The intent workload a Kubernetes workload is: same namespace, and the intent's labels on every pod.
    /// Where several match, the one with the most labels (the most specific) wins.
    /// </summary>
    private static string? IntentName(Intent intent, Workload w, List<Diagnostic> diagnostics)
    {
        if (w.Pods.IsEmpty) return null;
        var candidates = intent.Workloads
            .Where(iw => intent.NamespaceOf(iw) == w.Namespace
                         && w.Pods.All(p => iw.Labels.All(l => p.Labels.TryGetValue(l.Key, out var v) && v == l.Value)))
            .OrderByDescending(iw => iw.Labels.Count)
            .ThenBy(iw => iw.Name, StringComparer.Ordinal)
            .ToList();
        if (candidates.Count == 0) return null;
        if (candidates.Count > 1 && candidates[1].Labels.Count == candidates[0].Labels.Count)
        {
            diagnostics.Add(Diagnostic.Warning(w.Span,
                $"{w.Id} carries the labels of intent workloads {string.Join(" and ", candidates.Where(c => c.Labels.Count == candidates[0].Labels.Count).Select(c => $"'{c.Name}'"))}; " +
                $"it is read as '{candidates[0].Name}'. Give the intent workloads labels that tell them apart"));
        }
        return candidates[0].Name;
    }

    /// <summary>The rules on both sides that let this connection through, as "NetworkPolicy ns/name (file:line)".</summary>
    private static IEnumerable<string> Reasons(Cluster cluster, Connection c)
    {
        var explanation = Explainer.Explain(cluster, c.Source, c.Destination);
        var reasons = new List<string>();
        foreach (var (side, end) in new[] { (explanation.Egress, c.Source), (explanation.Ingress, c.Destination) })
        {
            if (end.IsExternal) continue;
            var direction = side.Direction.ToString().ToLowerInvariant();
            if (side.Unrestricted)
            {
                reasons.Add($"no NetworkPolicy restricts {direction} of {end}");
                continue;
            }
            foreach (var m in side.Matches.Where(m => !m.Allows.Intersect(c.Allowed).IsEmpty))
            {
                reasons.Add(m.Policy.Cilium is { } origin
                    ? $"{origin.Id} {direction} rule {m.RuleIndex + 1} ({m.Rule.Span.File}:{m.Rule.Span.Line})"
                    : $"NetworkPolicy {m.Policy.Id} {direction} rule {m.RuleIndex + 1} ({m.Rule.Span.File}:{m.Rule.Span.Line})");
            }
        }
        return reasons.Distinct();
    }

    private static void ReportDuplicates<T>(List<T> items, Func<T, string> id, Func<T, SourceSpan> span, List<Diagnostic> diagnostics)
    {
        foreach (var group in items.GroupBy(id).Where(g => g.Count() > 1))
        {
            var first = span(group.First());
            foreach (var item in group.Skip(1))
                diagnostics.Add(Diagnostic.Error(span(item), $"{group.Key} is defined twice (first at {first}); remove one or rename it"));
        }
    }

    /// <summary>
    /// Each file is read on its own, so a named policy port looks undeclared when the workload that declares it
    /// is in another file (or added from the intent); such warnings are dropped once all workloads are known.
    /// </summary>
    private static void DropResolvedPortNameWarnings(Cluster cluster, List<Diagnostic> diagnostics)
    {
        var declared = cluster.Workloads.SelectMany(w => w.Pods).SelectMany(p => p.Ports)
            .Select(p => p.Name).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var resolved = cluster.Policies
            .SelectMany(p => p.Ingress.Concat(p.Egress))
            .SelectMany(r => r.Ports)
            .Where(p => p.Name is { } n && declared.Contains(n))
            .Select(p => (p.Span, p.Name!))
            .ToHashSet();
        diagnostics.RemoveAll(d => d.Severity == Severity.Warning
                                   && resolved.Any(r => r.Item1 == d.Span && d.Message.Contains($"port named '{r.Item2}'", StringComparison.Ordinal)));
    }
}
