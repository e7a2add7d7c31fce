using Netpact.Compilers.Compose;
using Netpact.Compose;
using Netpact.Model;
using static Netpact.Tests.Compilers.ComposeAndAwsSupport;

namespace Netpact.Tests.Compose;

public sealed class ComposeReaderTests
{
    private static readonly FlowPeer Internet4 = FlowPeer.Of(IpRange.AllIPv4);
    private static readonly FlowPeer Internet6 = FlowPeer.Of(IpRange.AllIPv6);

    private static ComposeReadResult Read(string yaml) => ComposeReader.ReadText(yaml, "compose.yml");

    private static (FlowMatrix Flows, List<Diagnostic> Diagnostics) Flows(string yaml)
    {
        var read = Read(yaml);
        Assert.False(read.HasErrors, string.Join("\n", read.Diagnostics));
        var diagnostics = new List<Diagnostic>(read.Diagnostics);
        var matrix = new FlowMatrix();
        ComposeConnectivity.AddTo(matrix, read.Project!, diagnostics);
        return (matrix, diagnostics);
    }

    private static ConnectionSet Between(FlowMatrix m, string a, string b) => m.Between(FlowPeer.Of(a), FlowPeer.Of(b)).Allowed;

    private static ConnectionSet Between(FlowMatrix m, FlowPeer a, string b) => m.Between(a, FlowPeer.Of(b)).Allowed;

    private static ConnectionSet Between(FlowMatrix m, string a, FlowPeer b) => m.Between(FlowPeer.Of(a), b).Allowed;

    private static ConnectionSet Tcp(int port) => ConnectionSet.Of(Protocol.TCP, PortSet.Single(port));

    public static TheoryData<string> Cases => LayerCases("compose");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Hand_written_compose_file_reads_as_expected(string name) => AssertLayerCase(name, new ComposeLayerCompiler());

    [Fact]
    public void Services_on_a_shared_network_reach_each_other_on_every_port_both_ways()
    {
        var (flows, _) = Flows("services:\n  a: {networks: [n]}\n  b: {networks: [n]}\n  c: {networks: [m]}\nnetworks:\n  n: {internal: true}\n  m: {internal: true}\n");

        Assert.True(Between(flows, "a", "b").IsAll);
        Assert.True(Between(flows, "b", "a").IsAll);
        Assert.True(Between(flows, "a", "c").IsEmpty);
    }

    [Fact]
    public void Service_naming_no_network_is_on_the_default_network_which_reaches_the_internet()
    {
        var (flows, _) = Flows("services:\n  a: {image: x}\n  b: {image: y}\n");

        Assert.True(Between(flows, "a", "b").IsAll);
        Assert.True(Between(flows, "a", Internet4).IsAll);
        Assert.True(Between(flows, "a", Internet6).IsAll);
    }

    [Fact]
    public void Service_whose_every_network_is_internal_cannot_reach_the_internet()
    {
        var (flows, _) = Flows("services:\n  a: {networks: [n, m]}\nnetworks:\n  n: {internal: true}\n  m: {internal: true}\n");

        Assert.True(Between(flows, "a", Internet4).IsEmpty);
    }

    [Fact]
    public void One_network_that_is_not_internal_is_enough_to_reach_the_internet()
    {
        var (flows, _) = Flows("services:\n  a: {networks: [n, m]}\nnetworks:\n  n: {internal: true}\n  m: {}\n");

        Assert.True(Between(flows, "a", Internet4).IsAll);
    }

    [Fact]
    public void Published_port_is_reachable_from_every_address_on_the_container_port()
    {
        var (flows, _) = Flows("services:\n  web:\n    ports: [\"8443:443\"]\n");

        Assert.Equal(Tcp(443), Between(flows, Internet4, "web"));
        Assert.Equal(Tcp(443), Between(flows, Internet6, "web"));
    }

    [Fact]
    public void Port_bound_to_loopback_is_reachable_from_the_host_only()
    {
        var (flows, _) = Flows("services:\n  db:\n    ports: [\"127.0.0.1:5432:5432\"]\n");

        var entry = Assert.Single(flows.Entries, e => e.Destination == FlowPeer.Of("db"));
        Assert.Equal("127.0.0.1-127.0.0.1", entry.Source.Range!.ToString());
        Assert.True(Between(flows, Internet4, "db").IsEmpty);
    }

    [Fact]
    public void Port_bound_to_the_ipv4_wildcard_is_reachable_over_ipv4_only()
    {
        var (flows, _) = Flows("services:\n  web:\n    ports: [\"0.0.0.0:80:80\"]\n");

        Assert.Equal(Tcp(80), Between(flows, Internet4, "web"));
        Assert.True(Between(flows, Internet6, "web").IsEmpty);
    }

    [Theory]
    [InlineData("3000", "TCP 3000")]
    [InlineData("8000-8002:9000-9002", "TCP 9000-9002")]
    [InlineData("53:53/udp", "UDP 53")]
    [InlineData("127.0.0.1::5000", "TCP 5000")]
    [InlineData("[::1]:6001:6001", "TCP 6001")]
    [InlineData("3868:3868/sctp", "SCTP 3868")]
    [InlineData("${WEB_PORT:-8080}:80", "TCP 80")]
    public void Short_port_syntax_keeps_the_container_ports_and_protocol(string text, string expected)
    {
        var read = Read($"services:\n  web:\n    ports: [\"{text}\"]\n");

        Assert.Empty(read.Diagnostics);
        var port = Assert.Single(read.Project!.Services[0].Ports);
        Assert.Equal(expected, ConnectionSet.Of(port.Protocol, port.ContainerPorts).ToString());
    }

    [Fact]
    public void Long_port_syntax_reads_target_protocol_and_host_ip()
    {
        var read = Read("services:\n  dns:\n    ports:\n      - {target: 53, published: \"5353\", protocol: udp, host_ip: 127.0.0.1}\n");

        var port = Assert.Single(read.Project!.Services[0].Ports);
        Assert.Equal(Protocol.UDP, port.Protocol);
        Assert.Equal(PortSet.Single(53), port.ContainerPorts);
        Assert.Equal("127.0.0.1", port.HostIp);
    }

    [Theory]
    [InlineData("70000:80", "'70000' is not a port")]
    [InlineData("80:80/icmp", "'icmp' is not a protocol")]
    [InlineData("${PORT}:80", "variable without a default")]
    [InlineData("1.2.3:80:80", "'1.2.3' is not an IP address")]
    public void Bad_port_is_an_error_at_its_line_and_column(string text, string message)
    {
        var read = Read($"services:\n  web:\n    ports:\n      - \"{text}\"\n");

        var d = Assert.Single(read.Diagnostics);
        Assert.Equal(Severity.Error, d.Severity);
        Assert.Contains(message, d.Message, StringComparison.Ordinal);
        Assert.Equal(new SourceSpan("compose.yml", 4, 9), d.Span);
    }

    [Fact]
    public void Network_not_declared_is_an_error_at_the_service_that_names_it()
    {
        var read = Read("services:\n  web:\n    networks:\n      - front\n");

        var d = Assert.Single(read.Diagnostics);
        Assert.Equal(new SourceSpan("compose.yml", 4, 9), d.Span);
        Assert.Contains("network 'front', which is not declared", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Networks_given_as_a_mapping_are_read_like_a_list()
    {
        var (flows, _) = Flows("services:\n  a:\n    networks:\n      n: {aliases: [x]}\n  b:\n    networks:\n      n:\nnetworks:\n  n: {internal: true}\n");

        Assert.True(Between(flows, "a", "b").IsAll);
    }

    [Fact]
    public void Network_mode_host_reaches_and_is_reached_by_everything()
    {
        var (flows, _) = Flows("services:\n  h: {network_mode: host}\n  a: {networks: [n]}\nnetworks:\n  n: {internal: true}\n");

        Assert.True(Between(flows, "h", "a").IsAll);
        Assert.True(Between(flows, "a", "h").IsAll);
        Assert.True(Between(flows, Internet4, "h").IsAll);
        Assert.True(Between(flows, "h", Internet6).IsAll);
    }

    [Fact]
    public void Network_mode_none_reaches_nothing_and_publishes_nothing()
    {
        var (flows, diagnostics) = Flows("services:\n  a:\n    network_mode: none\n    ports: [\"80:80\"]\n  b: {}\n");

        Assert.DoesNotContain(flows.Entries, e => e.Source == FlowPeer.Of("a") || e.Destination == FlowPeer.Of("a"));
        Assert.Contains(diagnostics, d => d.Severity == Severity.Warning && d.Message.Contains("is not published", StringComparison.Ordinal));
    }

    [Fact]
    public void Network_mode_service_shares_the_other_service_reach()
    {
        var (flows, _) = Flows("services:\n  app: {networks: [n]}\n  sidecar: {network_mode: \"service:app\"}\n  db: {networks: [n]}\nnetworks:\n  n: {internal: true}\n");

        Assert.True(Between(flows, "sidecar", "db").IsAll);
        Assert.True(Between(flows, "sidecar", "app").IsAll);
    }

    [Fact]
    public void Network_mode_and_networks_together_are_refused_as_compose_refuses_them()
    {
        var read = Read("services:\n  a:\n    network_mode: host\n    networks: [n]\nnetworks:\n  n: {}\n");

        Assert.Contains(read.Diagnostics, d => d.Message.Contains("both network_mode and networks", StringComparison.Ordinal) && d.Span.Line == 4);
    }

    [Fact]
    public void Bridge_without_inter_container_communication_joins_no_pairs()
    {
        var (flows, _) = Flows("services:\n  a: {networks: [n]}\n  b: {networks: [n]}\nnetworks:\n  n:\n    driver_opts:\n      com.docker.network.bridge.enable_icc: \"false\"\n");

        Assert.True(Between(flows, "a", "b").IsEmpty);
        Assert.True(Between(flows, "a", Internet4).IsAll);
    }

    [Fact]
    public void Ports_of_a_service_on_internal_networks_only_are_not_published_and_a_warning_says_so()
    {
        var (flows, diagnostics) = Flows("services:\n  db:\n    networks: [n]\n    ports: [\"5432:5432\"]\nnetworks:\n  n: {internal: true}\n");

        Assert.True(Between(flows, Internet4, "db").IsEmpty);
        var d = Assert.Single(diagnostics);
        Assert.Equal(Severity.Warning, d.Severity);
        Assert.Equal(4, d.Span.Line);
    }

    [Fact]
    public void Yaml_merge_keys_are_expanded_as_compose_expands_them()
    {
        var read = Read("x-net: &net\n  networks: [n]\nservices:\n  a:\n    <<: *net\n    image: a\n  b:\n    <<: *net\nnetworks:\n  n: {internal: true}\n");

        Assert.Empty(read.Diagnostics);
        Assert.All(read.Project!.Services, s => Assert.Equal("n", Assert.Single(s.Networks).Name));
    }

    [Fact]
    public void Syntax_error_is_reported_at_its_place()
    {
        var read = Read("services:\n  web:\n    ports: [\"80:80\"\n");

        var d = Assert.Single(read.Diagnostics);
        Assert.Equal(Severity.Error, d.Severity);
        Assert.Null(read.Project);
        Assert.True(d.Span.Line >= 3);
    }

    [Fact]
    public void Several_documents_in_one_file_are_refused()
    {
        var read = Read("services: {a: {}}\n---\nservices: {b: {}}\n");

        Assert.Contains(read.Diagnostics, d => d.Message.Contains("several YAML documents", StringComparison.Ordinal));
    }
}
