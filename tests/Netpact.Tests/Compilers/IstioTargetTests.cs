using Netpact.Compilers;
using Netpact.Compilers.Istio;
using Netpact.Intents;
using Netpact.Istio;
using Netpact.Model;
using Netpact.Verify;

namespace Netpact.Tests.Compilers;

/// <summary>Reading Istio AuthorizationPolicies back into intent flows at L4, on hand-written files.</summary>
public sealed class IstioTargetTests
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
          cache:
            zone: data
            labels: {app: cache}
            ports:
              - {name: redis, port: 6379}
              - {name: gossip, port: 7946, protocol: UDP}
        flows:
          - from: api
            to: db
            ports: [postgresql]
          - from: api
            to: cache
        """;

    private static Intent Intent()
    {
        var result = IntentReader.ReadText(Shop, "shop.yaml");
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Intent!;
    }

    private static LayerFlows Read(string yaml) =>
        new IstioLayerReader().Read([new TextFile("istio.yaml", yaml)], Intent());

    private static PortSet Tcp(LayerFlows layer, string source, string destination) =>
        layer.Flows.Between(FlowPeer.Of(source), FlowPeer.Of(destination)).Allowed[Protocol.TCP];

    private const string AllowAppNamespaceToDb = """
        apiVersion: security.istio.io/v1beta1
        kind: AuthorizationPolicy
        metadata:
          name: db-allow
          namespace: data
        spec:
          selector:
            matchLabels:
              app: db
          rules:
            - from:
                - source:
                    namespaces: [app]
              to:
                - operation:
                    ports: ["5432"]
        """;

    [Fact]
    public void Deny_policy_wins_over_an_allow_policy_that_matches_too()
    {
        var layer = Read(AllowAppNamespaceToDb + """

            ---
            apiVersion: security.istio.io/v1beta1
            kind: AuthorizationPolicy
            metadata:
              name: db-deny-worker
              namespace: data
            spec:
              selector:
                matchLabels:
                  app: db
              action: DENY
              rules:
                - from:
                    - source:
                        principals: ["cluster.local/ns/app/sa/worker"]
            """);

        Assert.Equal(PortSet.Single(5432), Tcp(layer, "api", "db"));
        Assert.True(Tcp(layer, "worker", "db").IsEmpty);
        Assert.True(Tcp(layer, "cache", "db").IsEmpty);
        Assert.Contains("AuthorizationPolicy data/db-allow rule 1 (istio.yaml:11)", layer.Flows.Between(FlowPeer.Of("api"), FlowPeer.Of("db")).Reasons);
        Assert.Empty(layer.Diagnostics);
    }

    [Fact]
    public void A_workload_no_allow_policy_selects_accepts_every_tcp_port()
    {
        var layer = Read(AllowAppNamespaceToDb);

        Assert.True(Tcp(layer, "db", "cache").IsAll);
        Assert.True(Tcp(layer, "worker", "api").IsAll);
    }

    [Fact]
    public void Udp_and_sctp_pass_every_pair_under_a_named_approximation_and_external_flows_are_not_covered()
    {
        var layer = Read(AllowAppNamespaceToDb);

        Assert.False(layer.CoversExternal);
        var allowed = layer.Flows.Between(FlowPeer.Of("worker"), FlowPeer.Of("db")).Allowed;
        Assert.True(allowed[Protocol.UDP].IsAll);
        Assert.True(allowed[Protocol.SCTP].IsAll);
        Assert.Equal(IstioLayerReader.UngovernedText, Assert.Single(layer.Approximations).Text);
    }

    [Fact]
    public void The_ungoverned_approximation_excuses_udp_and_sctp_but_never_tcp()
    {
        var layer = Read(AllowAppNamespaceToDb);

        var approximation = Assert.Single(layer.Approximations);
        Assert.Contains((FlowPeer.Of("worker"), FlowPeer.Of("db")), approximation.Pairs);
        Assert.True(approximation.Connections![Protocol.TCP].IsEmpty);
        Assert.True(approximation.Connections[Protocol.UDP].IsAll && approximation.Connections[Protocol.SCTP].IsAll);
    }

    [Fact]
    public void Namespace_wide_allow_nothing_denies_every_workload_of_the_namespace()
    {
        var layer = Read("""
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata:
              name: allow-nothing
              namespace: data
            spec: {}
            """);

        Assert.True(Tcp(layer, "api", "db").IsEmpty);
        Assert.True(Tcp(layer, "api", "cache").IsEmpty);
        Assert.True(Tcp(layer, "db", "api").IsAll);
    }

    [Fact]
    public void Not_principals_and_not_ports_carve_out_of_a_rule()
    {
        var layer = Read("""
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata:
              name: cache
              namespace: data
            spec:
              selector:
                matchLabels:
                  app: cache
              rules:
                - from:
                    - source:
                        principals: ["cluster.local/ns/app/*"]
                        notPrincipals: ["cluster.local/ns/app/sa/worker"]
                  to:
                    - operation:
                        notPorts: ["22"]
            """);

        Assert.Equal(PortSet.All.Subtract(PortSet.Single(22)), Tcp(layer, "api", "cache"));
        Assert.True(Tcp(layer, "worker", "cache").IsEmpty);
        Assert.True(Tcp(layer, "db", "cache").IsEmpty);
    }

    private const string GetOnlyAndNoDelete = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: db-get-only
          namespace: data
        spec:
          selector:
            matchLabels:
              app: db
          rules:
            - to:
                - operation:
                    methods: [GET]
                    ports: ["5432"]
        ---
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: cache-no-delete
          namespace: data
        spec:
          selector:
            matchLabels:
              app: cache
          action: DENY
          rules:
            - to:
                - operation:
                    methods: [DELETE]
                    ports: ["6379"]
        """;

    [Fact]
    public void On_a_port_declared_tcp_http_fields_make_an_allow_rule_match_nothing_and_a_deny_rule_deny_all()
    {
        // 'redis' declares opaque TCP to Istio; name db's port tcp-postgresql to declare it too.
        var intent = IntentReader.ReadText(Shop.Replace("{name: postgresql, port: 5432}", "{name: tcp-postgresql, port: 5432}")
            .Replace("ports: [postgresql]", "ports: [tcp-postgresql]"), "shop.yaml").Intent!;
        var layer = new IstioLayerReader().Read([new TextFile("istio.yaml", GetOnlyAndNoDelete)], intent);

        Assert.True(Tcp(layer, "api", "db").IsEmpty);
        Assert.Equal(PortSet.All.Subtract(PortSet.Single(6379)), Tcp(layer, "api", "cache"));
        Assert.DoesNotContain(layer.Approximations, a => a.Text == IstioLayerReader.ByRequestText);
        Assert.Equal(2, layer.Diagnostics.Count(d => d.Severity == Severity.Warning && d.Message.Contains("HTTP-only", StringComparison.Ordinal)));
    }

    [Fact]
    public void Where_http_is_possible_http_fields_open_the_port_to_some_requests_under_a_named_approximation()
    {
        // 'postgresql' is no protocol Istio knows: the port is sniffed, so a GET could arrive there.
        var layer = Read(GetOnlyAndNoDelete);

        Assert.Equal(PortSet.Single(5432), Tcp(layer, "api", "db"));
        Assert.Equal(PortSet.Single(5432), Tcp(layer, "worker", "db"));
        Assert.Equal(PortSet.All.Subtract(PortSet.Single(6379)), Tcp(layer, "api", "cache"));
        var named = Assert.Single(layer.Approximations, a => a.Text == IstioLayerReader.ByRequestText);
        Assert.False(named.ExcusesExtra);
        Assert.Contains((FlowPeer.Of("api"), FlowPeer.Of("db")), named.Pairs);
        var (_, reasons) = layer.Flows.Between(FlowPeer.Of("api"), FlowPeer.Of("db"));
        Assert.Contains(reasons, r => r.Contains("db-get-only rule 1", StringComparison.Ordinal) && r.Contains("only some requests", StringComparison.Ordinal));
    }

    [Fact]
    public void A_deny_rule_with_http_fields_leaves_a_port_where_http_is_possible_open()
    {
        var intent = IntentReader.ReadText(Shop.Replace("{name: redis, port: 6379}", "{name: http-admin, port: 6379}"), "shop.yaml").Intent!;
        var layer = new IstioLayerReader().Read([new TextFile("istio.yaml", GetOnlyAndNoDelete)], intent);

        Assert.Equal(PortSet.All, Tcp(layer, "api", "cache"));
        var (_, reasons) = layer.Flows.Between(FlowPeer.Of("api"), FlowPeer.Of("cache"));
        Assert.Contains(reasons, r => r.Contains("cache-no-delete rule 1", StringComparison.Ordinal) && r.Contains("denies only some requests", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_mtls_a_caller_has_no_principal_so_principal_rules_match_nothing()
    {
        var layer = Read(AllowAppNamespaceToDb + """

            ---
            apiVersion: security.istio.io/v1
            kind: PeerAuthentication
            metadata:
              name: default
              namespace: data
            spec:
              mtls:
                mode: DISABLE
            """);

        Assert.True(Tcp(layer, "api", "db").IsEmpty);
    }

    [Fact]
    public void A_principal_no_intent_workload_presents_is_a_warning()
    {
        var layer = Read("""
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata:
              name: db
              namespace: data
            spec:
              selector:
                matchLabels:
                  app: db
              rules:
                - from:
                    - source:
                        principals: ["cluster.local/ns/app/sa/apl"]
            """);

        var warning = Assert.Single(layer.Diagnostics);
        Assert.Equal(Severity.Warning, warning.Severity);
        Assert.Contains("cluster.local/ns/app/sa/apl", warning.Message, StringComparison.Ordinal);
        Assert.True(Tcp(layer, "api", "db").IsEmpty);
    }

    [Fact]
    public void Bad_action_and_bad_port_are_errors_at_their_place()
    {
        var result = IstioReader.ReadText("""
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata:
              name: a
              namespace: data
            spec:
              action: PERMIT
            ---
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata:
              name: b
              namespace: data
            spec:
              rules:
                - to:
                    - operation:
                        ports: ["http"]
            """, "istio.yaml");

        Assert.Equal(
            ["istio.yaml:7:11: error: 'PERMIT' is not an action: use ALLOW, DENY, AUDIT or CUSTOM",
             "istio.yaml:18:21: error: 'http' in ports is not a port: Istio takes single ports 1-65535, written as strings such as \"8080\""],
            result.Diagnostics.Select(d => d.ToString()));
        Assert.Empty(result.Config.Policies);
    }

    [Fact]
    public void Compiled_policy_admits_sources_by_principal_on_tcp_ports_and_names_udp_it_leaves_alone()
    {
        var files = new IstioLayerCompiler().Compile(Intent());

        var cache = Assert.Single(files, f => f.Path == "istio/data/cache-authorization.yaml").Content;
        Assert.Contains("- cluster.local/ns/app/sa/api", cache, StringComparison.Ordinal);
        Assert.Contains("- \"6379\"", cache, StringComparison.Ordinal);
        Assert.DoesNotContain("\"7946\"", cache, StringComparison.Ordinal);
        Assert.Contains("api -> cache: UDP 7946", cache, StringComparison.Ordinal);
        Assert.Contains(files, f => f.Path == "istio/data/allow-nothing.yaml" && f.Content.Contains("spec: {}", StringComparison.Ordinal));
        Assert.Contains(files, f => f.Path == "istio/app/peer-authentication.yaml" && f.Content.Contains("mode: STRICT", StringComparison.Ordinal));
    }
}
