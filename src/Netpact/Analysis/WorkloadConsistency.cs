using Netpact.Model;

namespace Netpact.Analysis;

/// <summary>
/// Reports are per workload, so a policy must not tell pods of one workload apart: when a selector
/// matches some pods of a workload and not others, no single line could be true for the workload.
/// netpol-analyzer rejects such input too.
/// </summary>
public static class WorkloadConsistency
{
    public static IReadOnlyList<Diagnostic> Check(Cluster cluster)
    {
        var diagnostics = new List<Diagnostic>();
        var selectorsByNamespace = new Dictionary<string, List<(NetworkPolicy, LabelSelector, SourceSpan)>>(StringComparer.Ordinal);
        foreach (var workload in cluster.Workloads.Where(w => w.Pods.Length > 1))
        {
            // A selector reads only the labels it names: one that names no label whose value differs among the
            // pods treats them alike. Most workloads have no such label, and need no look at the policies.
            var differing = DifferingLabels(workload);
            if (differing.Count == 0) continue;
            if (!selectorsByNamespace.TryGetValue(workload.Namespace, out var selectors))
            {
                selectors = [.. SelectorsThatApplyTo(cluster, cluster.Namespace(workload.Namespace))];
                selectorsByNamespace[workload.Namespace] = selectors;
            }
            foreach (var (policy, selector, span) in selectors)
            {
                if (!selector.Requirements.Any(r => differing.Contains(r.Key))) continue;
                var matched = workload.Pods.Where(p => selector.Matches(p.Labels)).ToList();
                if (matched.Count == 0 || matched.Count == workload.Pods.Length) continue;
                var unmatched = workload.Pods.First(p => !selector.Matches(p.Labels));
                diagnostics.Add(Diagnostic.Error(span,
                    $"selector '{selector}' of policy {policy.Id} matches pod {matched[0].Name} but not pod {unmatched.Name}, " +
                    $"both of workload {workload.Id}; reports are per workload, so give its pods the same labels " +
                    "or make the selector treat them alike"));
                break;
            }
        }
        return diagnostics;
    }

    /// <summary>The label keys whose values (or presence) differ among the pods of a workload.</summary>
    private static HashSet<string> DifferingLabels(Workload workload)
    {
        var first = workload.Pods[0].Labels;
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pod in workload.Pods.Skip(1))
        {
            foreach (var (key, value) in pod.Labels)
            {
                if (!first.TryGetValue(key, out var firstValue) || firstValue != value) keys.Add(key);
            }
            foreach (var key in first.Keys)
            {
                if (!pod.Labels.ContainsKey(key)) keys.Add(key);
            }
        }
        return keys;
    }

    private static IEnumerable<(NetworkPolicy, LabelSelector, SourceSpan)> SelectorsThatApplyTo(Cluster cluster, Namespace ns)
    {
        foreach (var policy in cluster.Policies)
        {
            if (policy.Namespace == ns.Name) yield return (policy, policy.PodSelector, policy.Span);
            foreach (var peer in policy.Ingress.Concat(policy.Egress).SelectMany(r => r.Peers ?? []))
            {
                if (peer.PodSelector is null) continue;
                var inScope = peer.NamespaceSelector is { } nss ? nss.Matches(ns.Labels) : policy.Namespace == ns.Name;
                if (inScope) yield return (policy, peer.PodSelector, peer.Span);
            }
        }
    }
}
