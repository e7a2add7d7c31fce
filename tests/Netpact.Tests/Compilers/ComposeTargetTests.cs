using Netpact.Compilers;
using Netpact.Compilers.Compose;
using Netpact.Compose;
using Netpact.Intents;
using Netpact.Model;
using Netpact.Verify;
using static Netpact.Tests.Compilers.ComposeAndAwsSupport;

namespace Netpact.Tests.Compilers;

public sealed class ComposeTargetTests
{
    private readonly ComposeLayerCompiler _target = new();

    private const string Header = """
        apiVersion: netpact/v1
        kind: Intent
        metadata: {name: small}
        zones:
          public: {namespace: web, subnet: 10.0.1.0/24, internal: false}
          data: {namespace: data, subnet: 10.0.2.0/24, isolatedFrom: [internet]}
        workloads:
          web: {zone: public, labels: {app: web}, ports: [{name: https, port: 443}]}
          db: {zone: data, labels: {app: db}, ports: [{name: pg, port: 5432}]}
          cache: {zone: data, labels: {app: cache}, ports: [{name: redis, port: 6379}]}

        """;

    private static ComposeProject Project(TextFile file)
    {
        var read = ComposeReader.ReadText(file.Content, file.Path);
        Assert.Empty(read.Diagnostics);
        return read.Project!;
    }

    [Fact]
    public void Noa_server_compiles_to_the_expected_compose_file()
    {
        var files = _target.Compile(NoaServer());

        AssertGolden(Path.Combine(TestPaths.TestData, "compile-compose", "noa-server"), files);
    }

    [Fact]
    public void Compiled_noa_server_allows_every_intended_flow_and_each_extra_one_is_a_named_approximation()
    {
        var intent = NoaServer();

        var layer = LayerReaders.Find(_target.Layer).Read(_target.Compile(intent), intent);

        Assert.True(layer.CoversExternal);
        Assert.Empty(layer.Diagnostics);
        var (extra, missing) = Differences(IntendedFlows.Of(intent), layer, allowApproximations: true);
        Assert.Empty(missing);
        Assert.Empty(extra);
        Assert.NotEmpty(Differences(IntendedFlows.Of(intent), layer, allowApproximations: false).Extra);
    }

    [Fact]
    public void Noa_server_approximations_are_one_per_talking_pair_and_the_ingress_route_outside()
    {
        var intent = NoaServer();

        var layer = LayerReaders.Find(_target.Layer).Read(_target.Compile(intent), intent);

        // 8 workloads to the resolver, ingress->noa-server, noa-server to 3 databases and 2 MCP servers, prometheus->noa-server.
        Assert.Equal(16, layer.Approximations.Length);
        var outside = Assert.Single(layer.Approximations, a => a.Pairs.Any(p => p.Destination.IsExternal));
        Assert.StartsWith("ingress-nginx-controller needs a network that is not internal", outside.Text, StringComparison.Ordinal);
        var postgres = Assert.Single(layer.Approximations, a => a.Text.StartsWith("noa-server and postgresql", StringComparison.Ordinal));
        Assert.Contains("postgresql -> noa-server on every port", postgres.Text, StringComparison.Ordinal);
        Assert.Contains("noa-server -> postgresql on every port, not only 5432/TCP", postgres.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Mcp_servers_isolated_from_each_other_share_no_network()
    {
        var intent = NoaServer();

        var files = _target.Compile(intent);
        var project = Project(files[0]);
        var layer = LayerReaders.Find(_target.Layer).Read(files, intent);

        Assert.DoesNotContain(project.Networks, n =>
            project.Service("mcp-filesystem")!.Networks.Any(r => r.Name == n.Name) && project.Service("mcp-github")!.Networks.Any(r => r.Name == n.Name));
        Assert.True(layer.Flows.Between(FlowPeer.Of("mcp-filesystem"), FlowPeer.Of("mcp-github")).Allowed.IsEmpty);
        Assert.True(layer.Flows.Between(FlowPeer.Of("postgresql"), FlowPeer.Of("redis")).Allowed.IsEmpty);
    }

    [Fact]
    public void Only_the_workload_reached_from_the_internet_has_a_network_that_is_not_internal_and_publishes_443()
    {
        var project = Project(_target.Compile(NoaServer())[0]);

        var outside = Assert.Single(project.Networks, n => !n.Internal);
        Assert.Equal("ingress-nginx-controller.internet", outside.Name);
        var published = Assert.Single(project.Services.SelectMany(s => s.Ports.Select(p => (s.Name, p))));
        Assert.Equal("ingress-nginx-controller", published.Name);
        Assert.Equal("443:443", published.p.Text);
        Assert.Null(published.p.HostIp);
    }

    [Fact]
    public void The_file_names_every_approximation_in_a_comment()
    {
        var intent = NoaServer();

        var content = _target.Compile(intent)[0].Content;
        var layer = LayerReaders.Find(_target.Layer).Read(_target.Compile(intent), intent);

        foreach (var approximation in layer.Approximations) Assert.Contains($"# - {approximation.Text}\n", content, StringComparison.Ordinal);
    }

    [Fact]
    public void Workload_without_any_flow_has_no_network_at_all()
    {
        var intent = ReadIntent(Header + "flows:\n  - {from: web, to: db, ports: [pg]}\n");

        var project = Project(_target.Compile(intent)[0]);

        Assert.Equal(ComposeNetworkMode.None, project.Service("cache")!.Mode);
        Assert.Equal(ComposeNetworkMode.Networks, project.Service("db")!.Mode);
    }

    [Fact]
    public void Flow_to_a_cidr_gets_a_route_outside_named_as_approximation()
    {
        var intent = ReadIntent(Header + "flows:\n  - {from: db, to: 192.0.2.0/24, ports: [443]}\n");

        var layer = LayerReaders.Find(_target.Layer).Read(_target.Compile(intent), intent);

        var (extra, missing) = Differences(IntendedFlows.Of(intent), layer, allowApproximations: true);
        Assert.Empty(missing);
        Assert.Empty(extra);
        var approximation = Assert.Single(layer.Approximations);
        Assert.StartsWith("db needs a network that is not internal", approximation.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Flow_from_a_cidr_publishes_the_port_to_everyone_and_says_so()
    {
        var intent = ReadIntent(Header + "flows:\n  - {from: 198.51.100.0/24, to: web, ports: [https]}\n");

        var layer = LayerReaders.Find(_target.Layer).Read(_target.Compile(intent), intent);

        var (extra, missing) = Differences(IntendedFlows.Of(intent), layer, allowApproximations: true);
        Assert.Empty(missing);
        Assert.Empty(extra);
        Assert.Contains(layer.Approximations, a => a.Text.Contains("a published port admits every address", StringComparison.Ordinal)
                                                   && a.Pairs.Contains((FlowPeer.Of(IpRange.AllIPv4), FlowPeer.Of("web"))));
    }

    [Fact]
    public void Flow_into_a_zone_joins_each_member_separately_so_members_do_not_reach_each_other()
    {
        var intent = ReadIntent(Header + "flows:\n  - {from: web, to: data}\n");

        var layer = LayerReaders.Find(_target.Layer).Read(_target.Compile(intent), intent);

        Assert.True(layer.Flows.Between(FlowPeer.Of("web"), FlowPeer.Of("db")).Allowed.Allows(Netpact.Model.Protocol.TCP, 5432));
        Assert.True(layer.Flows.Between(FlowPeer.Of("web"), FlowPeer.Of("cache")).Allowed.Allows(Netpact.Model.Protocol.TCP, 6379));
        Assert.True(layer.Flows.Between(FlowPeer.Of("db"), FlowPeer.Of("cache")).Allowed.IsEmpty);
        Assert.Empty(Differences(IntendedFlows.Of(intent), layer, allowApproximations: true).Extra);
    }

    [Fact]
    public void Hand_written_extra_reach_beyond_what_compose_must_allow_is_not_called_an_approximation()
    {
        var intent = ReadIntent(Header + "flows:\n  - {from: web, to: db, ports: [pg]}\n");
        var file = new TextFile("docker-compose.yml", """
            services:
              web: {image: web, networks: [back]}
              db: {image: db, networks: [back]}
              cache: {image: cache, networks: [back]}
            networks:
              back: {internal: true}

            """);

        var layer = LayerReaders.Find(_target.Layer).Read([file], intent);

        var (extra, _) = Differences(IntendedFlows.Of(intent), layer, allowApproximations: true);
        Assert.Contains("web -> cache: All Connections", extra);
        Assert.Contains("db -> cache: All Connections", extra);
        Assert.DoesNotContain(extra, e => e.StartsWith("web -> db", StringComparison.Ordinal) || e.StartsWith("db -> web", StringComparison.Ordinal));
    }
}
