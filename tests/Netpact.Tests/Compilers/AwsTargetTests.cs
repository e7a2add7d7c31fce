using System.Text.Json;
using System.Text.RegularExpressions;
using Netpact.Cloud;
using Netpact.Compilers;
using Netpact.Compilers.Aws;
using Netpact.Intents;
using Netpact.Model;
using Netpact.Verify;
using static Netpact.Tests.Compilers.ComposeAndAwsSupport;

namespace Netpact.Tests.Compilers;

public sealed class AwsTargetTests
{
    private readonly AwsLayerCompiler _target = new();

    private const string Header = """
        apiVersion: netpact/v1
        kind: Intent
        metadata: {name: small}
        zones:
          public: {namespace: web, subnet: 10.0.1.0/24, internal: false}
          data: {namespace: data, subnet: 10.0.2.0/24}
        workloads:
          web: {zone: public, labels: {app: web}, ports: [{name: https, port: 443}, {name: ssh, port: 22}]}
          db: {zone: data, labels: {app: db}, ports: [{name: pg, port: 5432}, {name: diameter, port: 3868, protocol: SCTP}]}

        """;

    private static IReadOnlyList<SecurityGroup> Groups(IReadOnlyList<TextFile> files)
    {
        var json = Assert.Single(files, f => f.Path == AwsLayerCompiler.JsonFile);
        var read = SecurityGroupReader.ReadText(json.Content, json.Path);
        Assert.Empty(read.Diagnostics);
        return read.Groups;
    }

    [Fact]
    public void Noa_server_compiles_to_the_expected_terraform_and_describe_json()
    {
        var files = _target.Compile(NoaServer());

        AssertGolden(Path.Combine(TestPaths.TestData, "compile-aws", "noa-server"), files);
    }

    [Fact]
    public void Compiled_noa_server_groups_allow_exactly_the_intended_flows()
    {
        var intent = NoaServer();

        var layer = LayerReaders.Find(_target.Layer).Read(_target.Compile(intent), intent);

        Assert.True(layer.CoversExternal);
        Assert.Empty(layer.Diagnostics);
        Assert.Empty(layer.Approximations);
        var (extra, missing) = Differences(IntendedFlows.Of(intent), layer, allowApproximations: false);
        Assert.Empty(extra);
        Assert.Empty(missing);
    }

    [Fact]
    public void Noa_server_groups_have_no_egress_to_any_address_range_and_admit_the_internet_only_on_443()
    {
        var groups = Groups(_target.Compile(NoaServer()));

        Assert.All(groups, g => Assert.All(g.Egress, r => Assert.Empty(r.Cidrs)));
        var open = groups.SelectMany(g => g.Ingress.Where(r => r.Cidrs.Any()).Select(r => (g.GroupName, r))).ToList();
        var (name, rule) = Assert.Single(open);
        Assert.Equal("ingress-nginx-controller", name);
        Assert.Equal(ConnectionSet.Of(Protocol.TCP, PortSet.Single(443)), rule.Connections);
        Assert.Equal(["0.0.0.0/0", "::/0"], rule.Cidrs.Select(c => c.Cidr.ToString()));
    }

    [Fact]
    public void Group_ids_are_stable_stand_ins_in_the_aws_format_and_references_resolve()
    {
        var groups = Groups(_target.Compile(NoaServer()));

        Assert.All(groups, g => Assert.Matches(new Regex("^sg-[0-9a-f]{17}$"), g.GroupId));
        Assert.Equal(groups.Count, groups.Select(g => g.GroupId).Distinct().Count());
        var ids = groups.Select(g => g.GroupId).ToHashSet();
        Assert.All(groups.SelectMany(g => g.Ingress.Concat(g.Egress)).SelectMany(r => r.Groups), r => Assert.Contains(r.GroupId, ids));
        Assert.Equal(SecurityGroupPlan.GroupId(NoaServer(), "noa-server"), groups.Single(g => g.GroupName == "noa-server").GroupId);
    }

    [Fact]
    public void Every_flow_has_a_rule_at_both_ends_naming_the_other_group()
    {
        var groups = Groups(_target.Compile(NoaServer()));
        var id = groups.ToDictionary(g => g.GroupName, g => g.GroupId);

        var egress = groups.Single(g => g.GroupName == "noa-server").Egress.Single(r => r.Connections.Allows(Protocol.TCP, 5432));
        var ingress = groups.Single(g => g.GroupName == "postgresql").Ingress.Single();

        Assert.Equal([id["postgresql"]], egress.Groups.Select(r => r.GroupId));
        Assert.Equal([id["noa-server"]], ingress.Groups.Select(r => r.GroupId));
        Assert.Equal(ConnectionSet.Of(Protocol.TCP, PortSet.Single(5432)), ingress.Connections);
    }

    [Fact]
    public void Json_has_the_shape_of_describe_security_groups()
    {
        var json = _target.Compile(NoaServer()).Single(f => f.Path == AwsLayerCompiler.JsonFile).Content;

        using var doc = JsonDocument.Parse(json);
        var group = doc.RootElement.GetProperty("SecurityGroups")[0];
        foreach (var key in new[] { "GroupId", "GroupName", "VpcId", "IpPermissions", "IpPermissionsEgress" }) Assert.True(group.TryGetProperty(key, out _), key);
        var permission = group.GetProperty("IpPermissions")[0];
        Assert.Equal("tcp", permission.GetProperty("IpProtocol").GetString());
        Assert.Equal(443, permission.GetProperty("FromPort").GetInt32());
        Assert.Equal("0.0.0.0/0", permission.GetProperty("IpRanges")[0].GetProperty("CidrIp").GetString());
        Assert.Equal("::/0", permission.GetProperty("Ipv6Ranges")[0].GetProperty("CidrIpv6").GetString());
    }

    [Fact]
    public void Terraform_uses_the_vpc_variable_by_default_and_a_given_vpc_id_literally()
    {
        var byDefault = _target.Compile(NoaServer()).Single(f => f.Path == AwsLayerCompiler.TerraformFile).Content;
        var given = _target.Compile(ReadIntent(Header + "flows: []\ntargets:\n  aws: {vpcId: vpc-0abc}\n")).Single(f => f.Path == AwsLayerCompiler.TerraformFile).Content;

        Assert.Contains("variable \"vpc_id\" {", byDefault, StringComparison.Ordinal);
        Assert.Contains("  vpc_id      = var.vpc_id\n", byDefault, StringComparison.Ordinal);
        Assert.DoesNotContain("variable \"vpc_id\"", given, StringComparison.Ordinal);
        Assert.Contains("  vpc_id      = \"vpc-0abc\"\n", given, StringComparison.Ordinal);
    }

    [Fact]
    public void Internet_flow_on_a_port_other_than_80_or_443_is_compiled_with_a_note()
    {
        var intent = ReadIntent(Header + "flows:\n  - {from: internet, to: web, ports: [ssh]}\n");

        var files = _target.Compile(intent);
        var layer = LayerReaders.Find(_target.Layer).Read(files, intent);

        Assert.Contains("# Note: the seed admits the internet on 80 and 443 only", files[0].Content, StringComparison.Ordinal);
        var (extra, missing) = Differences(IntendedFlows.Of(intent), layer, allowApproximations: false);
        Assert.Empty(extra);
        Assert.Empty(missing);
    }

    [Fact]
    public void Flow_to_a_cidr_is_an_egress_rule_for_that_cidr_only()
    {
        var intent = ReadIntent(Header + "flows:\n  - {from: db, to: 192.0.2.0/24, ports: [443]}\n");

        var files = _target.Compile(intent);
        var layer = LayerReaders.Find(_target.Layer).Read(files, intent);

        var rule = Assert.Single(Groups(files).Single(g => g.GroupName == "db").Egress, r => r.Cidrs.Any());
        Assert.Equal("192.0.2.0/24", Assert.Single(rule.Cidrs).Cidr.ToString());
        var (extra, missing) = Differences(IntendedFlows.Of(intent), layer, allowApproximations: false);
        Assert.Empty(extra);
        Assert.Empty(missing);
    }

    [Fact]
    public void An_sctp_port_opens_every_sctp_port_and_is_named_as_an_approximation()
    {
        var intent = ReadIntent(Header + "flows:\n  - {from: web, to: db, ports: [diameter]}\n");

        var layer = LayerReaders.Find(_target.Layer).Read(_target.Compile(intent), intent);

        var approximation = Assert.Single(layer.Approximations);
        Assert.Equal([(FlowPeer.Of("web"), FlowPeer.Of("db"))], approximation.Pairs);
        Assert.True(layer.Flows.Between(FlowPeer.Of("web"), FlowPeer.Of("db")).Allowed[Protocol.SCTP].IsAll);
        Assert.Empty(Differences(IntendedFlows.Of(intent), layer, allowApproximations: true).Extra);
    }

    [Fact]
    public void Egress_to_a_range_and_ingress_from_a_range_connect_the_workloads_inside_them_and_say_so()
    {
        var intent = ReadIntent(Header + "flows:\n  - {from: web, to: internet, ports: [5432]}\n  - {from: 10.0.0.0/16, to: db, ports: [pg]}\n");

        var layer = LayerReaders.Find(_target.Layer).Read(_target.Compile(intent), intent);

        Assert.True(layer.Flows.Between(FlowPeer.Of("web"), FlowPeer.Of("db")).Allowed.Allows(Protocol.TCP, 5432));
        var approximation = Assert.Single(layer.Approximations);
        Assert.Equal([(FlowPeer.Of("web"), FlowPeer.Of("db"))], approximation.Pairs);
        var (extra, missing) = Differences(IntendedFlows.Of(intent), layer, allowApproximations: true);
        Assert.Empty(extra);
        Assert.Empty(missing);
    }
}
