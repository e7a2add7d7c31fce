using Netpact.Kubernetes;

namespace Netpact.Lint.Rules;

/// <summary>
/// ZT017: a policy of a network plugin (Calico, Antrea, a Cilium version other than cilium.io/v2), or a NetworkPolicy of a version netpact does not read,
/// that decides traffic which netpact's connectivity ignores. Istio's AuthorizationPolicies are lint's Istio rules' matter.
/// </summary>
internal sealed class UnmodelledPolicyRule() : LintRule(
    "ZT017",
    "policy-not-modelled",
    LintSeverity.Warning,
    "Policy of a kind netpact does not model (Calico, Antrea, another NetworkPolicy version)",
    "netpact computes what may connect from Kubernetes NetworkPolicies, AdminNetworkPolicies and Cilium's policies. A " +
    "Calico NetworkPolicy or GlobalNetworkPolicy, an Antrea NetworkPolicy or ClusterNetworkPolicy decides traffic too: it " +
    "can deny what NetworkPolicies allow, and Calico's and Antrea's ordered tiers can allow what they deny. Every result " +
    "about the workloads it selects may then be wrong in either direction: a workload reported open to everything may be " +
    "isolated, and one reported isolated may be open. A control nobody can check is no evidence.",
    "Review such policies by hand, or express them as NetworkPolicies (AdminNetworkPolicies for cluster-wide rules) that " +
    "netpact checks; write a NetworkPolicy as networking.k8s.io/v1. Once reviewed, suppress the finding on the policy with the reason.",
    Compliance.Soc2Cc61, Compliance.Pci121, Compliance.Pci127)
{
    internal override IEnumerable<Finding> Check(LintContext context)
    {
        foreach (var policy in context.Cluster.UnmodelledPolicies.Where(p => !UnmodelledKinds.IsIstio(p)))
        {
            yield return Found(
                $"{policy} is not modelled: netpact's results ignore it, so findings about what the workloads it selects can reach " +
                "(ZT003, ZT006, ZT007, ZT011, ZT016) may be wrong in either direction",
                policy.Span, $"{policy.Kind}|{policy.ApiVersion}|{policy.Id}", subjects: [new ObjectRef(policy.Kind, policy.Namespace, policy.Name)]);
        }
    }
}
