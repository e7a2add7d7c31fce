using Netpact.Compilers;
using Netpact.Compilers.Kubernetes;
using Netpact.Intents;
using Netpact.Model;
using Netpact.Verify;

namespace Netpact.Tests.Compilers;

/// <summary>Reading NetworkPolicies back into intent flows, on hand-written files.</summary>
public sealed class KubernetesTargetTests
{
    private const string Shop = """
        apiVersion: netpact/v1
        kind: Intent
        metadata:
          name: shop
        zones:
          app:
            namespace: app
          data:
            namespace: data
        workloads:
          api:
            zone: app
            labels: {app: api}
            ports:
              - {name: http, port: 8080}
          worker:
            zone: app
            labels: {app: worker}
          db:
            zone: data
            labels: {app: db}
            ports:
              - {name: postgresql, port: 5432}
        flows:
          - from: api
            to: db
            ports: [postgresql]
        """;

    private static Intent Intent()
    {
        var result = IntentReader.ReadText(Shop, "shop.yaml");
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Intent!;
    }

    private static LayerFlows Read(string yaml) =>
        new NetworkPolicyLayerReader().Read([new TextFile("policies.yaml", yaml)], Intent());

    private static ConnectionSet Tcp(int port) => ConnectionSet.Of(Protocol.TCP, PortSet.Single(port));

    private static ConnectionSet Between(LayerFlows layer, string source, string destination) =>
        layer.Flows.Between(FlowPeer.Of(source), FlowPeer.Of(destination)).Allowed;

    [Fact]
    public void Two_separate_peers_admit_every_pod_of_the_namespace_and_name_the_rule()
    {
        var layer = Read("""
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: db-policy
              namespace: data
            spec:
              podSelector:
                matchLabels:
                  app: db
              policyTypes: [Ingress]
              ingress:
                - from:
                    - namespaceSelector:
                        matchLabels:
                          kubernetes.io/metadata.name: app
                    - podSelector:
                        matchLabels:
                          app: api
                  ports:
                    - {protocol: TCP, port: 5432}
            """);

        Assert.Equal(Tcp(5432), Between(layer, "api", "db"));
        var (allowed, reasons) = layer.Flows.Between(FlowPeer.Of("worker"), FlowPeer.Of("db"));
        Assert.Equal(Tcp(5432), allowed);
        Assert.Contains("NetworkPolicy data/db-policy ingress rule 1 (policies.yaml:12)", reasons);
        Assert.Empty(layer.Diagnostics);
    }

    [Fact]
    public void Namespace_and_pod_selector_in_one_peer_admit_only_that_workload()
    {
        var layer = Read("""
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: db-policy
              namespace: data
            spec:
              podSelector:
                matchLabels:
                  app: db
              policyTypes: [Ingress]
              ingress:
                - from:
                    - namespaceSelector:
                        matchLabels:
                          kubernetes.io/metadata.name: app
                      podSelector:
                        matchLabels:
                          app: api
                  ports:
                    - {protocol: TCP, port: 5432}
            """);

        Assert.Equal(Tcp(5432), Between(layer, "api", "db"));
        Assert.True(Between(layer, "worker", "db").IsEmpty);
    }

    [Fact]
    public void Without_policies_every_workload_reaches_every_other_and_the_internet()
    {
        var layer = Read("");

        Assert.True(layer.CoversExternal);
        Assert.True(Between(layer, "db", "worker").IsAll);
        var (allowed, reasons) = layer.Flows.Between(FlowPeer.Of("api"), FlowPeer.Of(IpRange.AllIPv4));
        Assert.True(allowed.IsAll);
        Assert.Contains("no NetworkPolicy restricts egress of app/api[Deployment]", reasons);
    }

    [Fact]
    public void Workloads_in_the_files_are_matched_to_the_intent_by_namespace_and_labels()
    {
        var layer = Read("""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: api-server
              namespace: app
            spec:
              template:
                metadata:
                  labels: {app: api, version: v2}
                spec:
                  containers:
                    - name: api
                      image: api
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: debug
              namespace: app
            spec:
              template:
                metadata:
                  labels: {app: debug}
                spec:
                  containers:
                    - name: debug
                      image: busybox
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: default-deny
              namespace: data
            spec:
              podSelector: {}
              policyTypes: [Ingress]
            """);

        Assert.Contains("api", layer.Flows.Workloads);
        Assert.Contains("app/debug[Deployment]", layer.Flows.Workloads);
        Assert.DoesNotContain("app/api-server[Deployment]", layer.Flows.Workloads);
        Assert.True(Between(layer, "api", "db").IsEmpty);
        Assert.True(Between(layer, "app/debug[Deployment]", "api").IsAll);
    }

    [Fact]
    public void A_broken_policy_is_a_diagnostic_with_its_place()
    {
        var layer = Read("""
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: bad
              namespace: data
            spec:
              policyTypes: [Sideways]
            """);

        var diagnostic = Assert.Single(layer.Diagnostics);
        Assert.Equal(Severity.Error, diagnostic.Severity);
        Assert.Equal(new SourceSpan("policies.yaml", 7, 17), diagnostic.Span);
    }

    [Fact]
    public void Compiled_policies_are_exact_peers_by_namespace_name_and_labels()
    {
        var files = new KubernetesLayerCompiler().Compile(Intent());

        var egress = Assert.Single(files, f => f.Path == "k8s/network-policies/base/app/api-egress.yaml");
        Assert.Contains("""
                    - to:
                        - namespaceSelector:
                            matchLabels:
                              kubernetes.io/metadata.name: data
                          podSelector:
                            matchLabels:
                              app: db
                      ports:
                        - protocol: TCP
                          port: 5432
                """, egress.Content, StringComparison.Ordinal);
        Assert.Contains("# intent flow api-to-db (shop.yaml:", egress.Content, StringComparison.Ordinal);
        Assert.Equal(
            ["k8s/network-policies/base/app/api-egress.yaml", "k8s/network-policies/base/app/default-deny.yaml",
             "k8s/network-policies/base/data/db-ingress.yaml", "k8s/network-policies/base/data/default-deny.yaml"],
            files.Select(f => f.Path));
    }
}
