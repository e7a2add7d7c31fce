using Netpact.Model;

namespace Netpact.Lint.Rules;

/// <summary>ZT005: egress to 0.0.0.0/0 or ::/0 (an ipBlock of prefix 0, or an egress rule without 'to').</summary>
internal sealed class EgressToInternetRule() : LintRule(
    "ZT005",
    "egress-to-internet",
    LintSeverity.Warning,
    "Egress to the whole internet (0.0.0.0/0 or ::/0)",
    "Egress to every address lets a compromised workload send data anywhere and fetch anything: exfiltration and " +
    "command-and-control traffic look like allowed traffic. Zero trust names the external services a workload needs.",
    "Replace the /0 block with the address ranges of the services the workload calls (or route it through an egress " +
    "gateway or proxy that enforces names). If the workload must reach the internet, suppress the finding with the reason.",
    Compliance.Soc2Cc66, Compliance.Soc2Cc67, Compliance.Pci132, Compliance.Pci141)
{
    internal override IEnumerable<Finding> Check(LintContext context)
    {
        foreach (var (policy, direction, index, rule) in context.Rules())
        {
            // An egress rule open on every port to everything is ZT004's.
            if (direction != Direction.Egress || AllowAllRule.AdmitsEverything(rule) is not null) continue;
            var selected = context.SelectedBy(policy).ToList();
            var where = LintContext.Describe(policy, direction, index);
            var ports = LintContext.Describe(rule.Ports);
            if (rule.AdmitsAllPeers)
            {
                yield return Found($"{where} has no 'to', so it allows {ports} to every address, the whole internet included",
                    rule.Span, $"{policy.Id}|{index}", selected, [Subject(policy)]);
                continue;
            }
            foreach (var peer in rule.Peers!.Value.Where(p => p.IpBlock is { Cidr.PrefixLength: 0 }))
            {
                yield return Found($"{where} allows {ports} to {LintContext.Describe(peer)}: the whole internet",
                    peer.Span, $"{policy.Id}|{index}|{peer.IpBlock!.Cidr}", selected, [Subject(policy)]);
            }
        }
    }
}
