using Netpact.Analysis;
using Netpact.Model;

namespace Netpact.Lint.Rules;

/// <summary>ZT011: a workload that cannot reach the cluster resolver on UDP 53, or on TCP 53.</summary>
internal sealed class DnsBlockedRule() : LintRule(
    "ZT011",
    "dns-blocked",
    LintSeverity.Error,
    "DNS to the cluster resolver blocked (UDP 53 or TCP 53)",
    "Under default deny, DNS must be allowed on both sides: the client's egress and the resolver's ingress, on UDP 53 and " +
    "on TCP 53, which resolvers use for answers too large for UDP. Blocked UDP breaks every lookup; blocked TCP breaks " +
    "lookups intermittently, the hardest failure to diagnose. Operators then tend to open everything to fix it.",
    "Allow egress to the resolver pods (namespaceSelector kubernetes.io/metadata.name: kube-system and podSelector " +
    "k8s-app: kube-dns in one entry) on UDP 53 and TCP 53, and allow the same ports in an ingress policy of the resolver.",
    Compliance.Pci121, Compliance.Pci125)
{
    internal override IEnumerable<Finding> Check(LintContext context)
    {
        if (context.Resolvers.IsEmpty) yield break;
        var resolverIds = context.Resolvers.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var allowed = context.Connectivity.Connections
            .Where(c => c.Destination.Workload is { } d && resolverIds.Contains(d.Id) && c.Source.Workload is not null)
            .GroupBy(c => c.Source.Workload!.Id)
            .ToDictionary(g => g.Key, g => g.Select(c => c.Allowed).Aggregate((a, b) => a.Union(b)), StringComparer.Ordinal);
        var resolver = context.Resolvers[0];
        foreach (var workload in context.Cluster.Workloads.Where(w => !resolverIds.Contains(w.Id)))
        {
            var reach = allowed.GetValueOrDefault(workload.Id, ConnectionSet.Empty);
            foreach (var protocol in new[] { Protocol.UDP, Protocol.TCP })
            {
                if (reach.Allows(protocol, 53)) continue;
                var explanation = Explainer.Explain(context.Cluster, Endpoint.Of(workload), Endpoint.Of(resolver));
                var egressOk = explanation.Egress.Allowed.Allows(protocol, 53);
                var ingressOk = explanation.Ingress.Allowed.Allows(protocol, 53);
                var reason = (egressOk, ingressOk) switch
                {
                    (false, false) => $"neither its egress policies allow it nor {resolver.Id}'s ingress policies admit it",
                    (false, true) => "its egress policies do not allow it",
                    (true, false) => $"{resolver.Id}'s ingress policies do not admit it",
                    _ => $"not every pod of it can reach every pod of {resolver.Id}",
                };
                var effect = protocol == Protocol.UDP
                    ? "every name lookup fails"
                    : "lookups with answers too large for UDP fail, intermittently";
                var span = egressOk ? IngressSpan(context, resolver) : EgressSpan(context, workload, protocol);
                yield return Found(
                    $"DNS over {protocol} is blocked for {workload.Id}: it cannot reach {resolver.Id} on {protocol} 53 ({reason}); {effect}",
                    span,
                    $"{workload.Id}|{protocol}",
                    [workload, resolver],
                    [.. explanation.Egress.SelectingPolicies.Concat(explanation.Ingress.SelectingPolicies).Select(Subject)],
                    $"Allow {protocol} 53 " + (egressOk ? $"in an ingress policy of {resolver.Id}" : ingressOk
                        ? $"in the egress rule that allows DNS for {workload.Id}"
                        : $"in the egress rule that allows DNS for {workload.Id} and in an ingress policy of {resolver.Id}") +
                    " (both sides must allow it under default deny).");
            }
        }
    }

    /// <summary>Where to add the port: the egress rule that already allows DNS to the workload, else the policy that isolates its egress.</summary>
    private static SourceSpan EgressSpan(LintContext context, Workload workload, Protocol protocol)
    {
        var pod = workload.Pods[0];
        var isolating = context.Isolating(workload, pod, Direction.Egress).ToList();
        var dnsRule = isolating.SelectMany(p => p.Egress)
            .FirstOrDefault(r => r.Ports.Any(port => port.Port == 53 || port.Name is "dns" or "dns-tcp"));
        return dnsRule?.Span ?? isolating.FirstOrDefault()?.Span ?? workload.Span;
    }

    private static SourceSpan IngressSpan(LintContext context, Workload resolver) =>
        context.Isolating(resolver, resolver.Pods[0], Direction.Ingress).FirstOrDefault()?.Span ?? resolver.Span;
}
