using Netpact.Model;

namespace Netpact.Lint.Rules;

/// <summary>ZT008: a namespaceSelector peer and a separate podSelector peer in one rule, where one combined peer was likely meant.</summary>
internal sealed class SplitPeersRule() : LintRule(
    "ZT008",
    "separate-namespace-and-pod-selectors",
    LintSeverity.Warning,
    "Separate namespaceSelector and podSelector peers where one combined peer was meant",
    "Entries of from/to are ORed. '- namespaceSelector: ...' followed by '- podSelector: ...' admits every pod of the " +
    "selected namespaces, or the matching pods of the policy's own namespace; the usual intent, those pods in those " +
    "namespaces, needs both selectors in one entry. The extra '-' silently widens who may connect.",
    "Remove the '-' before podSelector so that namespaceSelector and podSelector sit in the same entry. If the OR is " +
    "intended, suppress the finding with the reason.",
    Compliance.Soc2Cc61, Compliance.Pci121, Compliance.Pci131, Compliance.Pci132)
{
    internal override IEnumerable<Finding> Check(LintContext context)
    {
        foreach (var (policy, direction, index, rule) in context.Rules())
        {
            if (rule.AdmitsAllPeers) continue;
            var peers = rule.Peers!.Value;
            var namespaceOnly = peers.Where(p => p is { NamespaceSelector: not null, PodSelector: null }).ToList();
            if (namespaceOnly.Count == 0) continue;
            foreach (var podOnly in peers.Where(p => p is { PodSelector: not null, NamespaceSelector: null, IpBlock: null }))
            {
                var ns = namespaceOnly[0].NamespaceSelector!;
                var admitted = context.AdmittedBy(policy, namespaceOnly[0]).ToList();
                yield return Found(
                    $"{LintContext.Describe(policy, direction, index)} has a namespaceSelector peer ({ns}) and a separate podSelector peer " +
                    $"({podOnly.PodSelector}); Kubernetes ORs them: every pod of the namespaces matching {ns}" +
                    $"{(admitted.Count > 0 ? $" ({admitted.Count} workload(s) in the input)" : "")}, or pods matching {podOnly.PodSelector} " +
                    $"in {policy.Namespace}. If one peer was meant, remove the '-' before podSelector",
                    podOnly.Span,
                    $"{policy.Id}|{direction}|{index}|{podOnly.PodSelector}",
                    admitted,
                    [Subject(policy)]);
            }
        }
    }
}
