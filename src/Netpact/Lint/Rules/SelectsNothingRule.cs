using Netpact.Model;

namespace Netpact.Lint.Rules;

/// <summary>ZT009: a policy whose podSelector, or a peer whose selectors, match nothing in the input.</summary>
internal sealed class SelectsNothingRule() : LintRule(
    "ZT009",
    "selects-nothing",
    LintSeverity.Warning,
    "Policy or peer that selects nothing",
    "A selector that matches nothing is usually a typo or a label that changed: the policy protects nothing, or the peer " +
    "admits nobody today and whoever later carries the label tomorrow. Either way the configuration does not mean what " +
    "it says, and a latent grant waits for the first pod that matches it.",
    "Correct the selector to the labels the workloads carry (kubectl get pods --show-labels), or remove the policy or peer. " +
    "Select namespaces by kubernetes.io/metadata.name, which Kubernetes sets and nobody can change.",
    Compliance.Soc2Cc61, Compliance.Pci121, Compliance.Pci127)
{
    internal override IEnumerable<Finding> Check(LintContext context)
    {
        foreach (var policy in context.Cluster.Policies)
        {
            if (context.WorkloadsIn(policy.Namespace).Any() && !context.SelectedBy(policy).Any())
            {
                yield return Found(
                    $"{policy.Id} selects no pod: no workload in namespace {policy.Namespace} matches podSelector {policy.PodSelector}",
                    policy.Span, policy.Id, subjects: [Subject(policy)]);
            }
        }
        foreach (var (policy, direction, index, rule) in context.Rules())
        {
            foreach (var peer in rule.Peers ?? [])
            {
                if (peer.IpBlock is not null) continue;
                var where = LintContext.Describe(policy, direction, index);
                var namespaces = context.NamespacesOf(policy, peer).ToList();
                if (peer.NamespaceSelector is { } nss && namespaces.Count == 0)
                {
                    if (!context.DeclaresNamespaces) continue;
                    yield return Found(
                        $"the peer {LintContext.Describe(peer)} of {where} matches no namespace: no namespace in the input has labels {nss}",
                        peer.Span, $"{policy.Id}|{direction}|{index}|{LintContext.Describe(peer)}", subjects: [Subject(policy)]);
                    continue;
                }
                if (!namespaces.Any(n => context.WorkloadsIn(n.Name).Any()) || context.AdmittedBy(policy, peer).Any()) continue;
                yield return Found(
                    $"the peer {LintContext.Describe(peer)} of {where} matches no pod: no workload in {string.Join(", ", namespaces.Select(n => n.Name))} " +
                    $"has labels {peer.PodSelector ?? LabelSelector.Everything}",
                    peer.Span, $"{policy.Id}|{direction}|{index}|{LintContext.Describe(peer)}", subjects: [Subject(policy)]);
            }
        }
    }
}
