using Netpact.Model;

namespace Netpact.Lint.Rules;

/// <summary>ZT010: a named port that no destination declares, or declares with another protocol.</summary>
internal sealed class NamedPortRule() : LintRule(
    "ZT010",
    "named-port-mismatch",
    LintSeverity.Warning,
    "Named port absent from the destinations, or declared with another protocol",
    "A named port in a policy resolves on each destination pod: the container port of that name and protocol. If no " +
    "destination declares the name, or declares it only with another protocol (dns is UDP, the rule says TCP), the " +
    "entry allows nothing: the flow the author meant is blocked, and the policy reads as if it were open.",
    "Use the name exactly as the containers declare it, with the same protocol (a port named dns-tcp for TCP 53), or " +
    "write the port number.",
    Compliance.Pci121, Compliance.Pci125)
{
    internal override IEnumerable<Finding> Check(LintContext context)
    {
        foreach (var (policy, direction, index, rule) in context.Rules())
        {
            var named = rule.Ports.Where(p => p.Name is not null).ToList();
            if (named.Count == 0) continue;
            var destinations = Destinations(context, policy, direction, rule).ToList();
            if (destinations.Count == 0) continue;
            foreach (var port in named)
            {
                var declared = destinations.SelectMany(d => d.Pod.Ports.Where(cp => cp.Name == port.Name).Select(cp => (d.Workload, cp))).ToList();
                if (declared.Any(d => d.cp.Protocol == port.Protocol)) continue;
                var where = LintContext.Describe(policy, direction, index);
                var message = declared.Count > 0
                    ? $"named port '{port.Name}' of {where} asks for {port.Protocol}, but {declared[0].Workload.Id} declares it with " +
                      $"{declared[0].cp.Protocol} (port {declared[0].cp.Port}): the entry matches nothing"
                    : $"no destination of {where} declares a container port named '{port.Name}' " +
                      $"({string.Join(", ", destinations.Select(d => d.Workload.Id).Distinct().Take(3))}" +
                      $"{(destinations.Select(d => d.Workload.Id).Distinct().Count() > 3 ? ", ..." : "")}): the entry matches nothing";
                yield return Found(message, port.Span, $"{policy.Id}|{direction}|{index}|{port}",
                    destinations.Select(d => d.Workload).Distinct(), [Subject(policy)]);
            }
        }
    }

    /// <summary>The pods the rule's ports resolve on: the selected pods for ingress, the admitted peers for egress.</summary>
    private static IEnumerable<(Workload Workload, Pod Pod)> Destinations(LintContext context, NetworkPolicy policy, Direction direction, PolicyRule rule) =>
        direction == Direction.Ingress
            ? context.WorkloadsIn(policy.Namespace).SelectMany(w => w.Pods.Select(p => (Workload: w, Pod: p)))
                .Where(x => LintContext.Selects(policy, x.Workload, x.Pod))
            : context.Candidates(policy, rule).SelectMany(w => w.Pods.Select(p => (Workload: w, Pod: p)))
                .Where(x => context.Admits(policy, rule, x.Workload, x.Pod));
}
