using Netpact.Cloud;
using Netpact.Compilers.Aws;
using Netpact.Model;
using static Netpact.Tests.Compilers.ComposeAndAwsSupport;

namespace Netpact.Tests.Cloud;

public sealed class SecurityGroupReaderTests
{
    private static readonly Cidr AppSubnet = Cidr.TryParse("10.0.2.0/24", out _, out _)!;
    private static readonly Cidr DataSubnet = Cidr.TryParse("10.0.4.0/24", out _, out _)!;

    private static SecurityGroupReadResult Read(string json) => SecurityGroupReader.ReadText(json, "groups.json");

    /// <summary>Groups named 'app' and 'db' live in their subnets; any other's address is unknown.</summary>
    private static FlowMatrix Flows(string json)
    {
        var read = Read(json);
        Assert.False(read.HasErrors, string.Join("\n", read.Diagnostics));
        var matrix = new FlowMatrix();
        SecurityGroupConnectivity.AddTo(matrix, read.Groups, g => g.GroupName switch { "app" => AppSubnet, "db" => DataSubnet, _ => null }, []);
        return matrix;
    }

    private static string Group(string id, string name, string ingress = "", string egress = "") =>
        $$"""{"GroupId": "{{id}}", "GroupName": "{{name}}", "IpPermissions": [{{ingress}}], "IpPermissionsEgress": [{{egress}}]}""";

    private static string Tcp(int port, string peers) => $$"""{"IpProtocol": "tcp", "FromPort": {{port}}, "ToPort": {{port}}, {{peers}}}""";

    private static string FromGroup(string id) => $$"""
        "UserIdGroupPairs": [{"GroupId": "{{id}}"}]
        """;

    private static string FromCidr(string cidr) => $$"""
        "IpRanges": [{"CidrIp": "{{cidr}}"}]
        """;

    private static string Json(params string[] groups) => $$"""{"SecurityGroups": [{{string.Join(", ", groups)}}]}""";

    private static ConnectionSet Between(FlowMatrix m, string a, string b) => m.Between(FlowPeer.Of(a), FlowPeer.Of(b)).Allowed;

    public static TheoryData<string> Cases => LayerCases("aws");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Hand_written_security_groups_read_as_expected(string name) => AssertLayerCase(name, new AwsLayerCompiler());

    [Fact]
    public void Flow_needs_egress_at_the_source_and_ingress_at_the_destination()
    {
        var onlyIngress = Flows(Json(Group("sg-1", "app"), Group("sg-2", "db", ingress: Tcp(5432, FromGroup("sg-1")))));
        var both = Flows(Json(Group("sg-1", "app", egress: Tcp(5432, FromGroup("sg-2"))), Group("sg-2", "db", ingress: Tcp(5432, FromGroup("sg-1")))));

        Assert.True(Between(onlyIngress, "app", "db").IsEmpty);
        Assert.Equal(ConnectionSet.Of(Protocol.TCP, PortSet.Single(5432)), Between(both, "app", "db"));
        Assert.True(Between(both, "db", "app").IsEmpty);
    }

    [Fact]
    public void Allowed_ports_are_what_egress_and_ingress_share()
    {
        var flows = Flows(Json(
            Group("sg-1", "app", egress: """{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}"""),
            Group("sg-2", "db", ingress: """{"IpProtocol": "tcp", "FromPort": 5000, "ToPort": 6000, "UserIdGroupPairs": [{"GroupId": "sg-1"}]}""")));

        Assert.Equal(ConnectionSet.Of(Protocol.TCP, PortSet.Range(5000, 6000)), Between(flows, "app", "db"));
    }

    [Fact]
    public void Cidr_rule_admits_a_group_whose_subnet_it_overlaps_and_not_one_outside_it()
    {
        var flows = Flows(Json(
            Group("sg-1", "app", egress: Tcp(5432, FromCidr("10.0.0.0/16"))),
            Group("sg-2", "db", ingress: Tcp(5432, FromCidr("10.0.2.0/25"))),
            Group("sg-3", "other", egress: Tcp(5432, FromCidr("10.0.0.0/16")))));

        Assert.True(Between(flows, "app", "db").Allows(Protocol.TCP, 5432));
        Assert.True(Between(flows, "other", "db").IsEmpty);
    }

    [Fact]
    public void Ingress_cidr_is_reached_from_those_addresses_and_egress_cidr_is_reached_by_the_group()
    {
        var flows = Flows(Json(Group("sg-1", "app", ingress: Tcp(22, FromCidr("0.0.0.0/0")), egress: """{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}""")));

        Assert.Equal(ConnectionSet.Of(Protocol.TCP, PortSet.Single(22)), flows.Between(FlowPeer.Of(IpRange.AllIPv4), FlowPeer.Of("app")).Allowed);
        Assert.True(flows.Between(FlowPeer.Of("app"), FlowPeer.Of(IpRange.AllIPv4)).Allowed.IsAll);
    }

    [Theory]
    [InlineData("""{"IpProtocol": "udp", "FromPort": 53, "ToPort": 53}""", "UDP 53")]
    [InlineData("""{"IpProtocol": "17", "FromPort": 53, "ToPort": 53}""", "UDP 53")]
    [InlineData("""{"IpProtocol": "tcp", "FromPort": 0, "ToPort": 65535}""", "TCP 1-65535")]
    [InlineData("""{"IpProtocol": "-1"}""", "All Connections")]
    [InlineData("""{"IpProtocol": "132"}""", "SCTP 1-65535")]
    [InlineData("""{"IpProtocol": "icmp", "FromPort": -1, "ToPort": -1}""", "No Connections")]
    public void Protocols_and_port_ranges_read_as_security_groups_match_them(string permission, string expected)
    {
        var read = Read(Json(Group("sg-1", "app", ingress: permission)));

        Assert.Empty(read.Diagnostics);
        Assert.Equal(expected, read.Groups[0].Ingress[0].Connections.ToString());
    }

    [Fact]
    public void Invalid_json_is_an_error_at_its_line_and_column()
    {
        var read = Read("{\n  \"SecurityGroups\": [\n    {\"GroupId\": \"sg-1\",}\n  ]\n}\n");

        var d = Assert.Single(read.Diagnostics);
        Assert.Equal("groups.json", d.Span.File);
        Assert.Equal(3, d.Span.Line);
        Assert.StartsWith("invalid JSON", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_ports_of_a_tcp_permission_are_an_error_at_the_permission_and_the_rest_is_read()
    {
        var read = Read("{\"SecurityGroups\": [\n  {\"GroupId\": \"sg-1\", \"GroupName\": \"app\", \"IpPermissions\": [\n    {\"IpProtocol\": \"tcp\"},\n    {\"IpProtocol\": \"-1\"}]}]}\n");

        var d = Assert.Single(read.Diagnostics);
        Assert.Equal(new SourceSpan("groups.json", 3, 5), d.Span);
        Assert.Contains("needs 'FromPort'", d.Message, StringComparison.Ordinal);
        Assert.True(Assert.Single(read.Groups[0].Ingress).Connections.IsAll);
    }

    [Fact]
    public void Bad_cidr_is_an_error_at_the_cidr()
    {
        var read = Read("{\"SecurityGroups\": [{\"GroupId\": \"sg-1\", \"IpPermissions\": [{\"IpProtocol\": \"-1\",\n  \"IpRanges\": [{\"CidrIp\": \"10.0.0.256/24\"}]}]}]}");

        var d = Assert.Single(read.Diagnostics);
        Assert.Equal(new SourceSpan("groups.json", 2, 27), d.Span);
        Assert.Contains("invalid CIDR", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_without_security_groups_is_an_error_that_says_what_is_expected()
    {
        var read = Read("{\"Reservations\": []}");

        Assert.Contains("describe-security-groups", Assert.Single(read.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reference_to_a_group_not_in_the_input_is_a_warning()
    {
        var read = Read(Json(Group("sg-1", "app", ingress: Tcp(22, FromGroup("sg-elsewhere")))));
        var diagnostics = new List<Diagnostic>();

        SecurityGroupConnectivity.AddTo(new FlowMatrix(), read.Groups, _ => null, diagnostics);

        var d = Assert.Single(diagnostics);
        Assert.Equal(Severity.Warning, d.Severity);
        Assert.Contains("sg-elsewhere", d.Message, StringComparison.Ordinal);
    }

    private static string Shapes(string file) => Path.Combine(TestPaths.TestData, "security-group-shapes", file);

    /// <summary>Groups as lines, by id, with their rules sorted: what two shapes must agree on, whatever their order and positions.</summary>
    private static List<string> Lines(IEnumerable<SecurityGroup> groups)
    {
        var lines = new List<string>();
        foreach (var g in groups.OrderBy(g => g.GroupId, StringComparer.Ordinal))
        {
            lines.Add($"{g.GroupId} {g.GroupName} {g.VpcId}");
            var rules = g.Ingress.Select(r => Line("ingress", "from", r)).Concat(g.Egress.Select(r => Line("egress", "to", r)));
            lines.AddRange(rules.Order(StringComparer.Ordinal));
        }
        return lines;
    }

    private static string Line(string direction, string preposition, SecurityGroupRule rule) =>
        $"  {direction} {rule.Describe()} {preposition} " +
        string.Join(", ", rule.Groups.Select(g => g.GroupId).Concat(rule.Cidrs.Select(c => c.Cidr.ToString())).Order(StringComparer.Ordinal));

    [Theory]
    [InlineData("describe.json")]
    [InlineData("list.json")]
    [InlineData("terraform-show.json")]
    [InlineData("terraform.tfstate")]
    public void Every_shape_reads_to_the_same_groups(string file)
    {
        var read = SecurityGroupReader.ReadText(File.ReadAllText(Shapes(file)), file);

        Assert.Empty(read.Diagnostics);
        AssertGoldenText(Shapes("groups.expected.txt"), string.Join("\n", Lines(read.Groups)) + "\n");
    }

    [Fact]
    public void One_group_reads_as_that_group_of_the_describe_output()
    {
        var one = SecurityGroupReader.ReadText(File.ReadAllText(Shapes("group.json")), "group.json");
        var all = SecurityGroupReader.ReadText(File.ReadAllText(Shapes("describe.json")), "describe.json");

        Assert.Empty(one.Diagnostics);
        var group = Assert.Single(one.Groups);
        Assert.Equal("default", group.GroupName);
        Assert.Equal(Lines(all.Groups.Where(g => g.GroupId == group.GroupId)), Lines(one.Groups));
    }

    [Fact]
    public void A_group_naming_itself_lets_its_instances_reach_each_other()
    {
        // The default group as AWS creates it: all traffic from its own members, all traffic out.
        var flows = Flows(Json(Group("sg-d", "default", ingress: """{"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": "sg-d"}]}""",
            egress: """{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}""")));

        var (allowed, reasons) = flows.Between(FlowPeer.Of("default"), FlowPeer.Of("default"));
        Assert.True(allowed.IsAll);
        Assert.Contains(reasons, r => r.StartsWith("security group 'default' (sg-d) ingress all traffic", StringComparison.Ordinal));
    }

    [Fact]
    public void A_self_reference_allows_its_own_ports_and_needs_egress_too()
    {
        var withEgress = Flows(Json(Group("sg-1", "app", ingress: Tcp(5432, FromGroup("sg-1")), egress: Tcp(5432, FromGroup("sg-1")))));
        var withoutEgress = Flows(Json(Group("sg-1", "app", ingress: Tcp(5432, FromGroup("sg-1")))));

        Assert.Equal(ConnectionSet.Of(Protocol.TCP, PortSet.Single(5432)), Between(withEgress, "app", "app"));
        Assert.True(Between(withoutEgress, "app", "app").IsEmpty);
    }

    [Fact]
    public void Groups_sharing_a_name_are_told_apart_by_id()
    {
        // Every VPC has its own group named "default"; one VPC's members do not reach the other's.
        const string self = """{"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": "ID"}]}""";
        const string all = """{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}""";
        var flows = Flows(Json(Group("sg-a", "default", self.Replace("ID", "sg-a", StringComparison.Ordinal), all),
            Group("sg-b", "default", self.Replace("ID", "sg-b", StringComparison.Ordinal), all)));

        Assert.True(Between(flows, "default (sg-a)", "default (sg-a)").IsAll);
        Assert.True(Between(flows, "default (sg-a)", "default (sg-b)").IsEmpty);
        Assert.True(Between(flows, "default", "default").IsEmpty);
    }

    [Fact]
    public void A_malformed_single_group_is_an_error_at_its_line_and_column()
    {
        var read = Read("{\n  \"GroupId\": \"sg-1\",\n  \"IpPermissions\": [{\"IpProtocol\": \"tcp\", \"FromPort\": 22, \"ToPort\": \"22\"}]\n}\n");

        var d = Assert.Single(read.Diagnostics);
        Assert.Equal(new SourceSpan("groups.json", 3, 69), d.Span);
        Assert.Equal("'ToPort' must be a port number 0-65535 (or -1 for all)", d.Message);
    }

    [Fact]
    public void A_list_item_that_is_no_group_is_an_error_and_the_other_groups_are_read()
    {
        var read = Read($"[\n  {Group("sg-1", "app")},\n  {{\"GroupName\": \"db\", \"IpPermissions\": []}}\n]");

        var d = Assert.Single(read.Diagnostics);
        Assert.Equal(new SourceSpan("groups.json", 3, 3), d.Span);
        Assert.Equal("a security group has no 'GroupId'", d.Message);
        Assert.Equal("app", Assert.Single(read.Groups).GroupName);
    }

    [Fact]
    public void A_bare_list_of_groups_is_read_too()
    {
        var read = Read($"[{Group("sg-1", "app")}]");

        Assert.Empty(read.Diagnostics);
        Assert.Equal("app", Assert.Single(read.Groups).GroupName);
    }
}
