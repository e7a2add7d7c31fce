using Netpact.Kubernetes;
using Netpact.Model;

namespace Netpact.Tests.Kubernetes;

/// <summary>How CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy are read: what each field becomes, and bad input as diagnostics at file:line:col.</summary>
public sealed class CiliumPolicyReaderTests
{
    private static ReadResult Read(string spec, string kind = "CiliumNetworkPolicy", string ns = "shop") =>
        ManifestReader.ReadText($"""
            apiVersion: cilium.io/v2
            kind: {kind}
            metadata:
              name: p
              namespace: {ns}
            {spec}
            """, "cilium.yaml");

    private static CiliumPolicy ReadOne(string spec, string kind = "CiliumNetworkPolicy")
    {
        var read = Read(spec, kind);
        Assert.False(read.HasErrors, string.Join("\n", read.Diagnostics));
        return Assert.Single(read.Cluster.CiliumPolicies);
    }

    private static Diagnostic ReadError(string spec)
    {
        var read = Read(spec);
        Assert.Empty(read.Cluster.CiliumPolicies);
        return Assert.Single(read.Diagnostics, d => d.Severity == Severity.Error);
    }

    [Fact]
    public void A_namespaced_policy_selects_pods_of_its_namespace_and_restricts_peers_to_it_unless_they_name_a_namespace()
    {
        var p = ReadOne("""
            spec:
              endpointSelector:
                matchLabels:
                  k8s:app: web
              ingress:
              - fromEndpoints:
                - matchLabels:
                    app: api
                - matchLabels:
                    k8s:io.kubernetes.pod.namespace: ops
                - matchLabels:
                    io.cilium.k8s.namespace.labels.team: a
            """);

        Assert.Equal("kubernetes.io/metadata.name=shop", p.Subject.Namespaces.ToString());
        Assert.Equal("app=web", p.Subject.Pods.ToString());
        var peers = p.Ingress.Single().Peers.Select(x => x.Endpoints!).ToList();
        Assert.Equal(["kubernetes.io/metadata.name=shop", "kubernetes.io/metadata.name=ops", "team=a"], peers.Select(s => s.Namespaces.ToString()));
        Assert.Equal(["app=api", "{}", "{}"], peers.Select(s => s.Pods.ToString()));
        Assert.True(p.DefaultDenyIngress);
        Assert.False(p.DefaultDenyEgress);
    }

    [Fact]
    public void A_clusterwide_policy_selects_in_every_namespace()
    {
        var p = ReadOne("""
            spec:
              endpointSelector: {}
              egress:
              - toEndpoints:
                - {}
            """, "CiliumClusterwideNetworkPolicy");

        Assert.Equal("", p.Namespace);
        Assert.True(p.Subject.Namespaces.MatchesEverything);
        Assert.True(p.Egress.Single().Peers.Single().Endpoints!.Namespaces.MatchesEverything);
    }

    [Fact]
    public void Deny_rules_put_their_direction_into_default_deny_and_enableDefaultDeny_false_takes_it_back()
    {
        var denyOnly = ReadOne("""
            spec:
              endpointSelector: {}
              ingressDeny:
              - fromEntities: [world]
            """);
        var optedOut = ReadOne("""
            spec:
              endpointSelector: {}
              enableDefaultDeny:
                ingress: false
              ingress:
              - fromEntities: [world]
              egress:
              - toEntities: [world]
            """);

        Assert.True(denyOnly.DefaultDenyIngress);
        Assert.False(optedOut.DefaultDenyIngress);
        Assert.True(optedOut.DefaultDenyEgress);
    }

    [Fact]
    public void Protocol_any_is_every_protocol_and_port_zero_every_port()
    {
        var p = ReadOne("""
            spec:
              endpointSelector: {}
              ingress:
              - toPorts:
                - ports:
                  - port: "53"
                  - port: "0"
                    protocol: TCP
            """);

        Assert.Equal(["53/SCTP", "53/TCP", "53/UDP", "all/TCP"], p.Ingress.Single().Ports.Select(x => x.ToString()));
    }

    [Fact]
    public void Specs_give_one_policy_per_rule()
    {
        var read = Read("""
            specs:
            - endpointSelector: {matchLabels: {app: a}}
              ingress: [{fromEntities: [cluster]}]
            - endpointSelector: {matchLabels: {app: b}}
              egress: [{toEntities: [world]}]
            """);

        Assert.Equal(["CiliumNetworkPolicy/shop/p", "CiliumNetworkPolicy/shop/p#1"], read.Cluster.CiliumPolicies.Select(p => p.Id));
    }

    [Theory]
    [InlineData("toFQDNs", "- toFQDNs:\n    - matchName: example.com")]
    [InlineData("toServices", "- toServices:\n    - k8sService: {serviceName: api, namespace: shop}")]
    [InlineData("toRequires", "- toRequires:\n    - matchLabels: {env: prod}\n  toEndpoints:\n    - {}")]
    public void Fields_netpact_cannot_decide_are_warned_at_their_line_never_dropped_in_silence(string field, string rule)
    {
        var read = Read($"spec:\n  endpointSelector: {{}}\n  egress:\n  {rule.Replace("\n", "\n  ", StringComparison.Ordinal)}\n");

        Assert.False(read.HasErrors, string.Join("\n", read.Diagnostics));
        var warning = Assert.Single(read.Diagnostics);
        Assert.Contains(field, warning.Message, StringComparison.Ordinal);
        Assert.Equal("cilium.yaml", warning.Span.File);
        Assert.True(warning.Span.Line >= 9, warning.ToString());
        Assert.NotEmpty(Assert.Single(read.Cluster.CiliumPolicies).Egress);
    }

    [Fact]
    public void A_host_policy_is_not_modelled_and_says_so()
    {
        var read = Read("""
            spec:
              nodeSelector: {}
              ingress:
              - fromEntities: [world]
            """, "CiliumClusterwideNetworkPolicy");

        Assert.Empty(read.Cluster.CiliumPolicies);
        Assert.Contains("host policy", Assert.Single(read.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_selecting_a_reserved_identity_selects_no_pod_and_says_so()
    {
        var read = Read("""
            spec:
              endpointSelector:
                matchLabels:
                  reserved:health: ""
              ingress:
              - fromEntities: [world]
            """);

        Assert.Empty(read.Cluster.CiliumPolicies);
        var warning = Assert.Single(read.Diagnostics);
        Assert.Equal((Severity.Warning, "cilium.yaml:8:5"), (warning.Severity, warning.Span.ToString()));
        Assert.Contains("reserved:health", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_entity_is_an_error_at_its_line_and_column()
    {
        var error = ReadError("""
            spec:
              endpointSelector: {}
              ingress:
              - fromEntities:
                - everyone
            """);

        Assert.Equal("cilium.yaml:10:7", error.Span.ToString());
        Assert.Contains("'everyone' is not a Cilium entity", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("- toCIDR: [10.0.0.300/8]", "not a valid CIDR")]
    [InlineData("- toCIDRSet: [{cidr: 10.0.0.0/8, except: [192.168.0.0/16]}]", "not inside cidr")]
    [InlineData("- toPorts: [{ports: [{port: \"80\", protocol: ICMP}]}]", "not a protocol of toPorts")]
    [InlineData("- toPorts: [{ports: [{port: \"90\", endPort: 80}]}]", "below port")]
    [InlineData("- toPorts: [{ports: [{port: \"70000\"}]}]", "outside 0-65535")]
    [InlineData("- toPorts: [{ports: [{port: \"Web_Port\"}]}]", "neither a port number nor a valid port name")]
    public void Bad_values_are_errors_with_a_location_not_exceptions(string rule, string message)
    {
        var error = ReadError($"spec:\n  endpointSelector: {{}}\n  egress:\n  {rule}\n");

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal("cilium.yaml", error.Span.File);
        Assert.Equal(9, error.Span.Line);
    }

    /// <summary>Each policy of tests/testdata/reader/cilium-wrong-shapes.yaml has a value of the wrong shape: one error each, at its place.</summary>
    [Fact]
    public void Wrong_shapes_are_errors_at_their_place_one_per_policy()
    {
        var file = Path.Combine(TestPaths.TestData, "reader", "cilium-wrong-shapes.yaml");

        var read = ManifestReader.Read([file]);

        Assert.Equal(["4:7", "10:41", "15:9", "22:30", "28:41", "35:55"],
            read.Diagnostics.Where(d => d.Severity == Severity.Error).Select(d => $"{d.Span.Line}:{d.Span.Column}"));
        Assert.Contains(read.Diagnostics, d => d.Severity == Severity.Warning && d.Span.Line == 43 && d.Message.StartsWith("toFQDNs", StringComparison.Ordinal));
        Assert.Single(read.Cluster.CiliumPolicies);
    }

    [Fact]
    public void A_reserved_label_alone_is_its_entity()
    {
        var p = ReadOne("""
            spec:
              endpointSelector: {}
              ingress:
              - fromEndpoints:
                - matchLabels:
                    reserved:world: ""
            """);

        var peer = p.Ingress.Single().Peers.Single();
        Assert.Null(peer.Endpoints);
        Assert.Equal(["0.0.0.0/0", "::/0"], peer.Addresses.Select(a => a.ToString()));
    }

    [Fact]
    public void Entities_host_and_kube_apiserver_widen_allows_and_match_nothing_in_deny_rules()
    {
        var read = Read("""
            spec:
              endpointSelector: {}
              egress:
              - toEntities: [host, kube-apiserver]
              egressDeny:
              - toEntities: [host, kube-apiserver]
            """);

        var p = Assert.Single(read.Cluster.CiliumPolicies);
        Assert.All(p.Egress.Single().Peers, peer => Assert.True(peer.HostNetworkPods));
        Assert.All(p.EgressDeny.Single().Peers, peer => Assert.True(peer is { HostNetworkPods: false, Endpoints: null, Addresses.IsEmpty: true }));
        Assert.Equal(4, read.Diagnostics.Count(d => d.Severity == Severity.Warning && d.Message.Contains("approximation", StringComparison.Ordinal)));
    }
}
