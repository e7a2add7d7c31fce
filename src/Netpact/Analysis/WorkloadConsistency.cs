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
        Dictionary<string, List<Selector>>? byKey = null;
        foreach (var workload in cluster.Workloads.Where(w => w.Pods.Length > 1))
        {
            // A selector reads only the labels it names: one that names no label whose value differs among the
            // pods treats them alike. Most workloads have no such label, and need no look at the policies.
            var differing = DifferingLabels(workload);
            if (differing.Count == 0) continue;
            byKey ??= SelectorsByLabelKey(cluster);
            var ns = cluster.Namespace(workload.Namespace);
            // The selectors naming a differing label, in input order: the first that tells the pods apart is reported.
            var candidates = differing.SelectMany(key => byKey.GetValueOrDefault(key) ?? []).Distinct().OrderBy(c => c.Order);
            foreach (var (_, policy, selector, span, inScope) in candidates)
            {
                if (!inScope(ns)) continue;
                var matched = workload.Pods.Where(p => selector.Matches(p.Labels)).ToList();
                if (matched.Count == 0 || matched.Count == workload.Pods.Length) continue;
                var unmatched = workload.Pods.First(p => !selector.Matches(p.Labels));
                diagnostics.Add(Diagnostic.Error(span,
                    $"selector '{selector}' of policy {policy} matches pod {matched[0].Name} but not pod {unmatched.Name}, " +
                    $"both of workload {workload.Id}; reports are per workload, so give its pods the same labels " +
                    "or make the selector treat them alike"));
                break;
            }
        }
        return diagnostics;
    }

    /// <summary>A pod selector of a policy (its id), where it is written, and which namespaces' pods it looks at.</summary>
    private sealed record Selector(int Order, string Policy, LabelSelector Pods, SourceSpan Span, Func<Namespace, bool> InScope);

    /// <summary>Every pod selector of the policies, in input order, under each label key it names.</summary>
    private static Dictionary<string, List<Selector>> SelectorsByLabelKey(Cluster cluster)
    {
        var byKey = new Dictionary<string, List<Selector>>(StringComparer.Ordinal);
        foreach (var selector in Selectors(cluster))
        {
            foreach (var key in selector.Pods.Requirements.Select(r => r.Key).Distinct(StringComparer.Ordinal))
            {
                if (!byKey.TryGetValue(key, out var list)) byKey[key] = list = [];
                list.Add(selector);
            }
        }
        return byKey;
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

    /// <summary>The pod selectors of every policy, with the namespaces whose pods each may look at.</summary>
    private static IEnumerable<Selector> Selectors(Cluster cluster)
    {
        var order = 0;
        foreach (var policy in cluster.AdminPolicies)
        {
            var selectors = policy.Ingress.Concat(policy.Egress).SelectMany(r => r.Peers).Select(peer => peer.Selector).Prepend(policy.Subject);
            foreach (var selector in selectors)
            {
                if (selector?.Pods is { } pods) yield return new(order++, policy.ToString(), pods, selector.Span, ns => selector.Namespaces.Matches(ns.Labels));
            }
        }
        foreach (var policy in cluster.Policies)
        {
            yield return new(order++, policy.Id, policy.PodSelector, policy.Span, ns => policy.Namespace == ns.Name);
            foreach (var peer in policy.Ingress.Concat(policy.Egress).SelectMany(r => r.Peers ?? []))
            {
                if (peer.PodSelector is null) continue;
                yield return new(order++, policy.Id, peer.PodSelector, peer.Span,
                    peer.NamespaceSelector is { } nss ? ns => nss.Matches(ns.Labels) : ns => policy.Namespace == ns.Name);
            }
        }
    }
}
