using Netpact.Model;

namespace Netpact.Lint.Rules;

/// <summary>ZT012: an egress rule that allows DNS (port 53) to more than the cluster resolver.</summary>
internal sealed class DnsTooBroadRule() : LintRule(
    "ZT012",
    "dns-allowed-too-broadly",
    LintSeverity.Warning,
    "DNS allowed to more than the cluster resolver",
    "Port 53 is a favourite tunnel for exfiltration and command-and-control. A DNS rule whose peer is a whole namespace, " +
    "every pod, or any address lets a workload talk DNS-shaped traffic to whatever listens on 53 there, not just the " +
    "resolver it needs.",
    "Pin the peer to the resolver pods: namespaceSelector kubernetes.io/metadata.name: kube-system and podSelector " +
    "k8s-app: kube-dns in one entry (or an ipBlock of the node-local resolver address only).",
    Compliance.Soc2Cc67, Compliance.Pci125, Compliance.Pci132)
{
    internal override IEnumerable<Finding> Check(LintContext context)
    {
        var resolvers = context.Resolvers.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (policy, direction, index, rule) in context.Rules())
        {
            if (direction != Direction.Egress || DnsPorts(rule) is not { Length: > 0 } dns) continue;
            var where = LintContext.Describe(policy, direction, index);
            var selected = context.SelectedBy(policy).ToList();
            if (rule.AdmitsAllPeers)
            {
                yield return Found($"{where} allows DNS ({dns}) to every destination: it has no 'to'", rule.Span,
                    $"{policy.Id}|{index}", selected, [Subject(policy)]);
                continue;
            }
            foreach (var peer in rule.Peers!.Value)
            {
                string? what = null;
                if (peer.IpBlock is { Cidr.PrefixLength: 0 } block) what = $"every address ({block.Cidr})";
                else if (peer.IpBlock is null && peer.PodSelector is null or { MatchesEverything: true })
                {
                    what = peer.NamespaceSelector is { } nss
                        ? $"every pod of the namespaces matching {nss}, not just the resolver"
                        : $"every pod of namespace {policy.Namespace}, not just the resolver";
                }
                else if (peer.IpBlock is null && resolvers.Count > 0
                         && context.AdmittedBy(policy, peer).Where(w => !resolvers.Contains(w.Id)).ToList() is { Count: > 0 } others)
                {
                    what = $"workloads that are not the resolver ({string.Join(", ", others.Take(3).Select(w => w.Id))}{(others.Count > 3 ? ", ..." : "")})";
                }
                if (what is null) continue;
                yield return Found($"{where} allows DNS ({dns}) to {what}", peer.Span,
                    $"{policy.Id}|{index}|{LintContext.Describe(peer)}", selected, [Subject(policy)]);
            }
        }
    }

    /// <summary>The rule's DNS ports ("UDP 53, TCP 53"), or "" when it names no port 53.</summary>
    private static string DnsPorts(PolicyRule rule) => string.Join(", ", rule.Ports
        .Where(p => (p.Port == 53 && p.EndPort is null or 53) || p.Name is "dns" or "dns-tcp")
        .Select(p => p.Name is not null ? $"{p.Name}/{p.Protocol}" : $"{p.Protocol} 53"));
}
