using Netpact.Model;

namespace Netpact.Lint.Rules;

/// <summary>ZT004: a rule that admits every peer on every port.</summary>
internal sealed class AllowAllRule() : LintRule(
    "ZT004",
    "allow-all-rule",
    LintSeverity.Error,
    "Rule that allows every peer on every port",
    "A rule without from/to ('- {}'), or whose peer is every namespace with every pod ('namespaceSelector: {}'), or the " +
    "whole address space ('0.0.0.0/0'), on every port, undoes the isolation of the pods the policy selects: it is an " +
    "allow-all behind a policy that looks like a control.",
    "Name the peers the workload needs (a namespaceSelector on kubernetes.io/metadata.name together with a podSelector in " +
    "the same entry) and the ports they use. If the rule must stay, suppress the finding with the reason.",
    Compliance.Soc2Cc61, Compliance.Soc2Cc66, Compliance.Pci121, Compliance.Pci125, Compliance.Pci131, Compliance.Pci132)
{
    /// <summary>What the rule admits on every port, when it admits everything of a kind; null otherwise.</summary>
    public static string? AdmitsEverything(PolicyRule rule)
    {
        if (!rule.Ports.IsEmpty) return null;
        if (rule.AdmitsAllPeers) return "every pod and every address (it has no from/to)";
        foreach (var peer in rule.Peers!.Value)
        {
            if (peer.NamespaceSelector is { MatchesEverything: true } && peer.PodSelector is null or { MatchesEverything: true })
                return "every pod of every namespace (namespaceSelector: {})";
            if (peer.IpBlock is { Cidr.PrefixLength: 0, Except.IsEmpty: true } block)
                return $"every address ({block.Cidr})";
        }
        return null;
    }

    internal override IEnumerable<Finding> Check(LintContext context)
    {
        foreach (var (policy, direction, index, rule) in context.Rules())
        {
            if (AdmitsEverything(rule) is not { } what) continue;
            var selected = context.SelectedBy(policy).ToList();
            yield return Found(
                $"{LintContext.Describe(policy, direction, index)} admits {what} on every port, so the policy does not restrict " +
                $"{(direction == Direction.Ingress ? "who can connect to" : "where")} the pods it selects{(direction == Direction.Egress ? " connect" : "")}",
                rule.Span,
                $"{policy.Id}|{direction}|{index}",
                selected,
                [Subject(policy)]);
        }
    }
}
