namespace Netpact.Tests.Lint;

/// <summary>Lint over Cilium policies: a Cilium default deny isolates as a NetworkPolicy one does (ZT001, ZT002, ZT003 stay silent).</summary>
public sealed class CiliumLintTests
{
    private const string Workload = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: shop
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
        spec:
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
                - name: web
                  image: nginx
        """;

    private static IEnumerable<string> Rules(string yaml) =>
        LintTestInput.LintText(yaml).Findings.Select(f => f.Rule.Id).Where(id => id is "ZT001" or "ZT002" or "ZT003").Distinct().Order(StringComparer.Ordinal);

    [Fact]
    public void A_namespaced_cilium_default_deny_isolates_the_namespace_and_its_workloads()
    {
        var rules = Rules(Workload + """

            ---
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata:
              name: default-deny
              namespace: shop
            spec:
              endpointSelector: {}
              ingress:
                - {}
              egress:
                - {}
            """);

        Assert.Empty(rules);
    }

    [Fact]
    public void A_cilium_policy_with_enableDefaultDeny_false_isolates_nothing()
    {
        var rules = Rules(Workload + """

            ---
            apiVersion: cilium.io/v2
            kind: CiliumClusterwideNetworkPolicy
            metadata:
              name: dns
            spec:
              endpointSelector: {}
              enableDefaultDeny: {ingress: false, egress: false}
              ingress:
                - fromEntities: [cluster]
              egress:
                - toEntities: [cluster]
            """);

        Assert.Equal(["ZT001", "ZT002", "ZT003"], rules);
    }

    [Fact]
    public void A_cilium_ingress_only_policy_leaves_egress_reported()
    {
        var rules = Rules(Workload + """

            ---
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata:
              name: ingress
              namespace: shop
            spec:
              endpointSelector: {}
              ingress:
                - fromEndpoints: [{}]
            """);

        Assert.Equal(["ZT002", "ZT003"], rules);
    }
}
