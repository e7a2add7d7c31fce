namespace Netpact.Lint.Rules;

/// <summary>ZT013: a NetworkPolicy without policyTypes, left to Kubernetes' defaulting.</summary>
internal sealed class ImplicitPolicyTypesRule() : LintRule(
    "ZT013",
    "policy-types-not-explicit",
    LintSeverity.Warning,
    "NetworkPolicy without explicit policyTypes",
    "Without policyTypes, Kubernetes derives them: Ingress always, Egress only when the policy has egress rules. An " +
    "egress-only policy written that way also isolates ingress and blocks every incoming connection; a policy meant to " +
    "deny egress without rules denies nothing. The configuration then means something other than it reads.",
    "List the directions the policy governs: 'policyTypes: [Ingress]', '[Egress]' or '[Ingress, Egress]'.",
    Compliance.Pci121, Compliance.Pci127)
{
    internal override IEnumerable<Finding> Check(LintContext context)
    {
        foreach (var policy in context.Cluster.Policies.Where(p => context.Facts.PoliciesWithoutPolicyTypes.Contains(p.Id)))
        {
            var consequence = (policy.Ingress.IsEmpty, policy.Egress.IsEmpty) switch
            {
                (true, false) => "Ingress and Egress: it has egress rules only, so it also denies every incoming connection to the pods it selects",
                (_, true) => "Ingress only: it does not restrict egress",
                _ => "Ingress and Egress",
            };
            yield return Found($"{policy.Id} has no policyTypes, so Kubernetes applies it to {consequence}",
                policy.Span, policy.Id, context.SelectedBy(policy), [Subject(policy)]);
        }
    }
}
