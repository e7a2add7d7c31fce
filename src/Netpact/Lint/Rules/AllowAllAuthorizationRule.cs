using Netpact.Istio;

namespace Netpact.Lint.Rules;

/// <summary>ZT021: an ALLOW AuthorizationPolicy with a rule that matches every request.</summary>
internal sealed class AllowAllAuthorizationRule() : LintRule(
    "ZT021",
    "istio-allow-all-authorization",
    LintSeverity.Error,
    "Istio AuthorizationPolicy that allows everything",
    "An ALLOW policy with an empty rule ('rules: [{}]'), or a rule without 'from' and 'to', matches every request: it " +
    "undoes the default deny of every other ALLOW policy on the same workloads, and in the root namespace it opens " +
    "the whole mesh.",
    "Give each rule the sources it admits ('from: [{source: {principals: [cluster.local/ns/NS/sa/SA]}}]') and the " +
    "ports it opens ('to: [{operation: {ports: [\"8080\"]}}]'); for deny by default, use an ALLOW policy with no rules.",
    Compliance.Soc2Cc61, Compliance.Soc2Cc66, Compliance.Pci131, Compliance.Pci132)
{
    public override string Layer => "Istio";

    internal override IEnumerable<Finding> Check(LintContext context)
    {
        foreach (var policy in context.Istio.Policies.Where(p => p.Action == AuthorizationAction.Allow))
        {
            for (var i = 0; i < policy.Rules.Length; i++)
            {
                var rule = policy.Rules[i];
                if (!rule.From.IsEmpty || !rule.To.IsEmpty || rule.HasWhen) continue;
                var scope = policy.Selector is not null ? "the workloads it selects"
                    : policy.Namespace == context.Istio.RootNamespace ? "every workload of the mesh" : $"every workload of namespace {policy.Namespace}";
                yield return Found(
                    $"rule {i + 1} of AuthorizationPolicy {policy.Id} has no from and no to: it allows every request to {scope}",
                    rule.Span, $"{policy.Id}|{i}", subjects: [new ObjectRef("AuthorizationPolicy", policy.Namespace, policy.Name)]);
            }
        }
    }
}
