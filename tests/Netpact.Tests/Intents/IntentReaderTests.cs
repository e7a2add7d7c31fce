using Netpact.Intents;
using Netpact.Model;

// Not Netpact.Tests.Intent: a namespace of that name would hide the type Intent
// from every test under Netpact.Tests.
namespace Netpact.Tests.Intents;

/// <summary>
/// The intent reader and its semantic checks. Bad input: tests/testdata/intent/bad/&lt;case&gt;/ holds intent.yaml and
/// expected.txt, the exact diagnostics (`file:line:col: error: message`, path relative to the repository root).
/// </summary>
public sealed class IntentReaderTests
{
    private const string NoaServer = "examples/noa-server/intent.yaml";

    private static IntentReadResult ReadRepositoryFile(string relativePath) =>
        IntentReader.ReadText(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, relativePath)), relativePath);

    private static IntentReadResult Read(string yaml) => IntentReader.ReadText(yaml, "intent.yaml");

    private static Intent ReadClean(string yaml)
    {
        var result = Read(yaml);
        Assert.Empty(result.Diagnostics);
        return result.Intent!;
    }

    private const string Header = "apiVersion: netpact/v1\nkind: Intent\n";

    [Fact]
    public void Reference_intent_reads_without_diagnostics()
    {
        var result = ReadRepositoryFile(NoaServer);

        Assert.Empty(result.Diagnostics);
        Assert.False(result.HasErrors);
    }

    [Fact]
    public void Reference_intent_has_the_seed_architecture()
    {
        var intent = ReadRepositoryFile(NoaServer).Intent!;

        Assert.Equal("noa-server", intent.Name);
        Assert.Equal(["public", "app", "mcp", "data", "monitoring", "system"], intent.Zones.Select(z => z.Name));
        Assert.Equal(9, intent.Workloads.Length);
        Assert.Equal(8, intent.Flows.Length);
        Assert.Equal("coredns", intent.Defaults.DnsResolver);
        Assert.Equal("STRICT", intent.Targets.IstioMtlsMode);
        Assert.Equal("noa", intent.Targets.ComposeProject);
        Assert.Equal(["internet", "public", "mcp"], intent.Zone("mcp")!.IsolatedFrom);
        Assert.False(intent.Zone("public")!.Internal);
        Assert.Equal("databases", intent.NamespaceOf(intent.Workload("postgresql")!));
    }

    [Fact]
    public void Reference_intent_expands_DNS_to_coredns_for_every_other_workload_over_UDP_and_TCP()
    {
        var intent = ReadRepositoryFile(NoaServer).Intent!;

        var dns = IntendedFlows.Expand(intent).Skip(intent.Flows.Length).ToList();

        Assert.Equal(intent.Workloads.Select(w => w.Name).Where(n => n != "coredns").Order(StringComparer.Ordinal),
            dns.Select(f => f.From.Text).Order(StringComparer.Ordinal));
        Assert.All(dns, f =>
        {
            Assert.Equal("coredns", f.To.Text);
            Assert.Equal(FlowEndKind.Workload, f.To.Kind);
            Assert.Equal(["53/UDP", "53/TCP"], f.Ports.Select(p => p.ToString()));
            Assert.Equal($"dns-{f.From.Text}", f.Id);
        });
    }

    [Fact]
    public void Reference_intent_allows_noa_server_into_the_MCP_zone_on_each_servers_http_port_only()
    {
        var intent = ReadRepositoryFile(NoaServer).Intent!;

        var matrix = IntendedFlows.Of(intent);

        foreach (var mcp in new[] { "mcp-filesystem", "mcp-github" })
        {
            var (allowed, _) = matrix.Between(FlowPeer.Of("noa-server"), FlowPeer.Of(mcp));
            Assert.Equal("TCP 8080", allowed.ToString());
        }
        Assert.True(matrix.Between(FlowPeer.Of("mcp-filesystem"), FlowPeer.Of("mcp-github")).Allowed.IsEmpty);
    }

    [Fact]
    public void Omitted_fields_take_their_documented_defaults()
    {
        var intent = ReadClean(Header + """
            zones:
              app:
            workloads:
              api:
                zone: app
                ports:
                  - {name: http, port: 8080}
            flows:
              - from: internet
                to: api

            """);

        var zone = Assert.Single(intent.Zones);
        Assert.Equal("intent", intent.Name);
        Assert.Equal("app", zone.Namespace);
        Assert.True(zone.Internal);
        Assert.Null(zone.Subnet);
        Assert.Empty(zone.IsolatedFrom);
        var api = Assert.Single(intent.Workloads);
        Assert.Null(api.Namespace);
        Assert.Equal("app", intent.NamespaceOf(api));
        Assert.Equal("api", api.ServiceAccount);
        Assert.Equal("api", api.Labels["app"]);
        Assert.Equal(Protocol.TCP, Assert.Single(api.Ports).Protocol);
        var flow = Assert.Single(intent.Flows);
        Assert.Equal("internet-to-api", flow.Id);
        Assert.Empty(flow.Ports);
        Assert.True(intent.Defaults.DenyAll);
        Assert.Null(intent.Defaults.DnsResolver);
        Assert.Equal(TargetOptions.Default, intent.Targets);
    }

    [Fact]
    public void Flow_ends_are_told_apart_as_workload_zone_internet_or_CIDR()
    {
        var intent = ReadClean(Header + """
            zones:
              app: {}
            workloads:
              api:
                zone: app
                ports: [{port: 443}]
            flows:
              - {from: internet, to: api}
              - {from: 192.0.2.0/24, to: app}
              - {from: api, to: 2001:db8::/32, ports: [443]}

            """);

        Assert.Equal(
            [(FlowEndKind.Internet, FlowEndKind.Workload), (FlowEndKind.Cidr, FlowEndKind.Zone), (FlowEndKind.Workload, FlowEndKind.Cidr)],
            intent.Flows.Select(f => (f.From.Kind, f.To.Kind)));
        Assert.Equal("2001:db8::/32", intent.Flows[2].To.Cidr!.ToString());
    }

    [Fact]
    public void Flow_port_is_a_name_a_number_or_a_number_with_protocol()
    {
        var intent = ReadClean(Header + """
            zones:
              system: {}
              app: {}
            workloads:
              dns:
                zone: system
                ports: [{name: dns, port: 53, protocol: UDP}, {port: 53}, {port: 9153}]
              api:
                zone: app
            flows:
              - {from: api, to: dns, ports: [dns, 53, 53/UDP, "9153"]}

            """);

        var ports = Assert.Single(intent.Flows).Ports;
        Assert.Equal([("dns", null, Protocol.TCP), (null, 53, Protocol.TCP), (null, 53, Protocol.UDP), (null, 9153, Protocol.TCP)],
            ports.Select(p => (p.Name, p.Port, p.Protocol)));
    }

    [Fact]
    public void Named_flow_port_takes_the_protocol_the_destination_declares()
    {
        var intent = ReadClean(Header + """
            zones:
              app: {}
            workloads:
              dns:
                zone: app
                ports: [{name: dns, port: 53, protocol: UDP}]
              api:
                zone: app
            flows:
              - {from: api, to: dns, ports: [dns]}

            """);

        var (allowed, _) = IntendedFlows.Of(intent).Between(FlowPeer.Of("api"), FlowPeer.Of("dns"));

        Assert.Equal("UDP 53", allowed.ToString());
    }

    [Fact]
    public void Flow_without_ports_allows_every_port_the_destination_declares_and_no_other()
    {
        var intent = ReadClean(Header + """
            zones:
              app: {}
            workloads:
              db:
                zone: app
                ports: [{port: 5432}, {port: 9187}]
              api:
                zone: app
            flows:
              - {from: api, to: db}

            """);

        var (allowed, _) = IntendedFlows.Of(intent).Between(FlowPeer.Of("api"), FlowPeer.Of("db"));

        Assert.Equal("TCP 5432,9187", allowed.ToString());
    }

    [Fact]
    public void Isolation_may_name_a_workload_as_the_source()
    {
        var result = Read(Header + """
            zones:
              app: {}
              data:
                isolatedFrom: [batch]
            workloads:
              batch:
                zone: app
              db:
                zone: data
                ports: [{port: 5432}]
            flows:
              - {from: batch, to: db}

            """);

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal("intent.yaml:14:5: error: flow batch -> db enters zone 'data', which is isolated from 'batch' (zone at intent.yaml:5:3)", error.ToString());
    }

    [Fact]
    public void Flow_without_ports_into_a_workload_without_ports_is_a_warning_since_it_allows_nothing()
    {
        var result = Read(Header + """
            zones:
              app: {}
            workloads:
              api:
                zone: app
              worker:
                zone: app
            flows:
              - {from: api, to: worker}

            """);

        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal("intent.yaml:11:21: warning: workload 'worker' declares no ports, so this flow allows nothing; list its ports under 'ports', or remove the flow", warning.ToString());
        Assert.False(result.HasErrors);
    }

    [Fact]
    public void Empty_file_is_one_error()
    {
        var error = Assert.Single(Read("# nothing here\n").Diagnostics);

        Assert.Equal("intent.yaml:1:1: error: the intent file is empty; start it with 'apiVersion: netpact/v1' and 'kind: Intent'", error.ToString());
    }

    [Fact]
    public void Broken_zone_is_reported_once_not_again_for_each_workload_or_flow_naming_it()
    {
        var result = Read(Header + """
            zones:
              Data: {}
              app: {}
            workloads:
              db:
                zone: Data
                ports: [{port: 5432}]
              api:
                zone: app
            flows:
              - {from: api, to: Data}

            """);

        var error = Assert.Single(result.Diagnostics);
        Assert.StartsWith("intent.yaml:4:3: error: 'Data' is not a valid zone name", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Unreadable_port_does_not_also_fail_every_flow_to_its_workload()
    {
        var result = Read(Header + """
            zones:
              app: {}
            workloads:
              db:
                zone: app
                ports: [{port: 5432, protocol: tcp}]
              api:
                zone: app
            flows:
              - {from: api, to: db, ports: [5432]}

            """);

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal("intent.yaml:8:36: error: 'tcp' is not a protocol: use TCP, UDP or SCTP", error.ToString());
    }

    [Fact]
    public void Unreadable_YAML_is_a_located_error_never_an_exception()
    {
        // YamlDotNet's scanner throws InvalidOperationException, not YamlException, for a '{' left open before a key.
        var result = Read(Header + "zones:\n  app: {namespace: app\nworkloads: {}\n");

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal("intent.yaml:4:8: error: syntax error: this '{' is never closed; add the '}' at the end of its entries", error.ToString());
        Assert.Null(result.Intent);
    }

    public static TheoryData<string> BadCases() =>
        [.. Directory.GetDirectories(Path.Combine(TestPaths.TestData, "intent", "bad")).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(BadCases))]
    public void Bad_intent_gives_exactly_the_expected_located_errors(string testCase)
    {
        var dir = Path.Combine(TestPaths.TestData, "intent", "bad", testCase);
        var expected = File.ReadAllText(Path.Combine(dir, "expected.txt"));

        var result = ReadRepositoryFile($"tests/testdata/intent/bad/{testCase}/intent.yaml");

        Assert.True(result.HasErrors);
        Assert.All(result.Diagnostics, d => Assert.Equal(Severity.Error, d.Severity));
        Assert.Equal(expected, string.Concat(result.Diagnostics.Select(d => d + "\n")));
    }

    [Fact]
    public void File_with_several_problems_lists_every_one_in_file_order()
    {
        var result = ReadRepositoryFile("tests/testdata/intent/bad/several-problems/intent.yaml");

        Assert.Equal([12, 21, 27, 28, 35, 37, 44, 46, 49], result.Diagnostics.Select(d => d.Span.Line));
    }

    public static TheoryData<string> GoodCases() =>
        [.. Directory.GetDirectories(Path.Combine(TestPaths.TestData, "intent", "good")).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(GoodCases))]
    public void Good_intent_reads_without_diagnostics(string testCase)
    {
        var result = ReadRepositoryFile($"tests/testdata/intent/good/{testCase}/intent.yaml");

        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Every_bad_case_holds_an_intent_and_error_lines_that_point_into_it()
    {
        foreach (var dir in Directory.GetDirectories(Path.Combine(TestPaths.TestData, "intent", "bad")))
        {
            var lines = File.ReadAllLines(Path.Combine(dir, "expected.txt"));
            var intentLines = File.ReadAllLines(Path.Combine(dir, "intent.yaml"));
            Assert.NotEmpty(lines);
            foreach (var line in lines)
            {
                var m = System.Text.RegularExpressions.Regex.Match(line, @"^tests/testdata/intent/bad/[a-z0-9-]+/intent\.yaml:(\d+):(\d+): error: \S");
                Assert.True(m.Success, $"{dir}: not a diagnostic line: {line}");
                var (row, column) = (int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value));
                Assert.InRange(row, 1, intentLines.Length);
                Assert.InRange(column, 1, intentLines[row - 1].Length);
                Assert.NotEqual(' ', intentLines[row - 1][column - 1]);
            }
        }
    }
}
