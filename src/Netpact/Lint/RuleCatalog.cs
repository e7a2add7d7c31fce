using System.Collections.Immutable;
using Netpact.Lint.Rules;

namespace Netpact.Lint;

/// <summary>Every lint rule, in id order. Each has a page docs/rules/ZTnnn.md.</summary>
public static class RuleCatalog
{
    public static ImmutableArray<LintRule> All { get; } =
    [
        new DefaultDenyIngressRule(),
        new DefaultDenyEgressRule(),
        new WorkloadNotIsolatedRule(),
        new AllowAllRule(),
        new EgressToInternetRule(),
        new DataTierExposedRule(),
        new LateralMovementRule(),
        new SplitPeersRule(),
        new SelectsNothingRule(),
        new NamedPortRule(),
        new DnsBlockedRule(),
        new DnsTooBroadRule(),
        new ImplicitPolicyTypesRule(),
        new ImplicitProtocolRule(),
        new RedundantRuleRule(),
        new ClusterWideExposureRule(),
        new UnmodelledPolicyRule(),
        new MtlsNotStrictRule(),
        new AllowAllAuthorizationRule(),
        new DataTierSingleLayerRule(),
        new ComposeNetworkNotInternalRule(),
        new ComposeDatabaseExposedRule(),
        new ComposePublishedOnAllAddressesRule(),
        new SecurityGroupOpenToInternetRule(),
        new SecurityGroupUnrestrictedEgressRule(),
        new DefaultSecurityGroupAllowsTrafficRule(),
        new RunAsNonRootRule(),
        new ReadOnlyRootFilesystemRule(),
        new DropAllCapabilitiesRule(),
        new ResourceLimitsRule(),
        new HostNetworkRule(),
        new InvalidSuppressionRule(),
    ];

    public static LintRule? Find(string id) => All.FirstOrDefault(r => r.Id == id);
}
