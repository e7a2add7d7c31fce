using Netpact.Cloud;
using Netpact.Model;

namespace Netpact.Tests.Cloud;

/// <summary>Security groups from Terraform state: which resources add what, and what is said rather than dropped.</summary>
public sealed class TerraformSecurityGroupsTests
{
    private static SecurityGroupReadResult Read(string json) => SecurityGroupReader.ReadText(json, "state.json");

    /// <summary>'terraform show -json' of these root-module resources (type, address and values as JSON).</summary>
    private static string Show(params string[] resources) =>
        """{"format_version": "1.0", "terraform_version": "1.11.4", "values": {"root_module": {"resources": [""" + string.Join(",\n", resources) + "]}}}";

    private static string Resource(string type, string name, string values) =>
        $$"""{"address": "{{type}}.{{name}}", "mode": "managed", "type": "{{type}}", "name": "{{name}}", "values": {{values}}}""";

    private static string Group(string id, string name, string ingress = "", string egress = "") => Resource("aws_security_group", name,
        $$"""{"id": "{{id}}", "name": "{{name}}", "vpc_id": "vpc-1", "ingress": [{{ingress}}], "egress": [{{egress}}]}""");

    private const string Ssh = """{"protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": ["0.0.0.0/0"], "ipv6_cidr_blocks": [], "prefix_list_ids": [], "security_groups": [], "self": false}""";

    [Fact]
    public void A_rule_shown_inline_and_as_its_own_resource_counts_once()
    {
        // After a refresh the group's inline rules include those of aws_security_group_rule resources.
        var read = Read(Show(Group("sg-1", "web", ingress: Ssh),
            Resource("aws_security_group_rule", "ssh", """{"type": "ingress", "security_group_id": "sg-1", "protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": ["0.0.0.0/0"], "self": false, "source_security_group_id": null}""")));

        Assert.Empty(read.Diagnostics);
        var rule = Assert.Single(Assert.Single(read.Groups).Ingress);
        Assert.Equal("TCP 22", rule.Describe());
    }

    [Fact]
    public void The_golden_state_after_refresh_has_each_rule_once()
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.TestData, "security-group-shapes", "terraform-show.json"));

        var groups = SecurityGroupReader.ReadText(text, "terraform-show.json").Groups.ToDictionary(g => g.GroupName);

        Assert.Equal(2, groups["web"].Ingress.Length);
        Assert.Single(groups["db"].Ingress);
    }

    [Fact]
    public void Self_and_vpc_rule_resources_name_their_groups()
    {
        var read = Read(Show(
            Resource("aws_default_security_group", "default", """{"id": "sg-d", "name": "default", "vpc_id": "vpc-1", "ingress": [{"protocol": "-1", "from_port": 0, "to_port": 0, "self": true}], "egress": []}"""),
            Group("sg-2", "db"),
            Resource("aws_vpc_security_group_egress_rule", "db_out", """{"security_group_id": "sg-2", "ip_protocol": "-1", "from_port": null, "to_port": null, "cidr_ipv4": null, "cidr_ipv6": "::/0", "prefix_list_id": null, "referenced_security_group_id": null}"""),
            Resource("aws_vpc_security_group_ingress_rule", "db_in", """{"security_group_id": "sg-2", "ip_protocol": "tcp", "from_port": 5432, "to_port": 5432, "referenced_security_group_id": "123456789012/sg-d"}""")));

        Assert.Empty(read.Diagnostics);
        var byName = read.Groups.ToDictionary(g => g.GroupName);
        Assert.Equal("sg-d", Assert.Single(Assert.Single(byName["default"].Ingress).Groups).GroupId);
        Assert.Equal("::/0", Assert.Single(Assert.Single(byName["db"].Egress).Cidrs).Cidr.ToString());
        var ingress = Assert.Single(byName["db"].Ingress);
        Assert.Equal(("TCP 5432", "sg-d"), (ingress.Describe(), Assert.Single(ingress.Groups).GroupId));
    }

    [Fact]
    public void A_state_file_reads_module_resources_and_instances()
    {
        var read = Read("""
            {"version": 4, "terraform_version": "1.11.4", "serial": 1, "lineage": "x", "outputs": {}, "resources": [
              {"module": "module.data", "mode": "managed", "type": "aws_security_group", "name": "db", "instances": [
                {"index_key": 0, "attributes": {"id": "sg-1", "name": "db-0", "ingress": [], "egress": []}},
                {"index_key": 1, "attributes": {"id": "sg-2", "name": "db-1", "ingress": [], "egress": []}}]},
              {"mode": "data", "type": "aws_security_group", "name": "elsewhere", "instances": [{"attributes": {"id": "sg-9", "name": "x"}}]}
            ]}
            """);

        Assert.Empty(read.Diagnostics);
        Assert.Equal(["db-0", "db-1"], read.Groups.Select(g => g.GroupName));
    }

    [Fact]
    public void A_rule_for_a_group_the_state_does_not_manage_is_read_with_a_warning()
    {
        var read = Read(Show(Resource("aws_security_group_rule", "ssh",
            """{"type": "ingress", "security_group_id": "sg-7", "protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": ["0.0.0.0/0"]}""")));

        var d = Assert.Single(read.Diagnostics);
        Assert.Equal(Severity.Warning, d.Severity);
        Assert.Contains("aws_security_group_rule.ssh adds a rule to security group sg-7, which this state does not manage", d.Message, StringComparison.Ordinal);
        Assert.Equal("sg-7", Assert.Single(read.Groups).GroupName);
    }

    [Fact]
    public void Network_acls_and_prefix_lists_are_warnings()
    {
        var read = Read(Show(Group("sg-1", "web", egress: """{"protocol": "tcp", "from_port": 443, "to_port": 443, "prefix_list_ids": ["pl-1"]}"""),
            Resource("aws_network_acl", "main", """{"id": "acl-1"}""")));

        Assert.All(read.Diagnostics, d => Assert.Equal(Severity.Warning, d.Severity));
        Assert.Contains(read.Diagnostics, d => d.Message.Contains("managed prefix list", StringComparison.Ordinal));
        Assert.Contains(read.Diagnostics, d => d.Message.StartsWith("this state also holds network ACLs (aws_network_acl.main)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"format_version": "1.2", "terraform_version": "1.11.4", "planned_values": {}, "resource_changes": []}""", "this is a Terraform plan")]
    [InlineData("""{"format_version": "1.0", "terraform_version": "1.11.4", "values": {"root_module": {"resources": []}}}""", "this Terraform state holds no security groups")]
    [InlineData("""{"version": 3, "terraform_version": "0.11.14", "modules": []}""", "this Terraform JSON has neither 'values'")]
    public void Terraform_json_without_groups_to_read_is_an_error(string json, string message)
    {
        var d = Assert.Single(Read(json).Diagnostics);

        Assert.Equal(Severity.Error, d.Severity);
        Assert.Equal(new SourceSpan("state.json", 1, 1), d.Span);
        Assert.StartsWith(message, d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_rule_is_an_error_at_its_value_and_the_rest_is_read()
    {
        var read = Read(Show(Group("sg-1", "web", ingress: "{\"protocol\": \"tcp\",\n \"from_port\": 22, \"to_port\": 22, \"cidr_blocks\": [\"10.0.0.300/8\"]}, " + Ssh)));

        var d = Assert.Single(read.Diagnostics);
        Assert.Equal(2, d.Span.Line);
        Assert.Equal(50, d.Span.Column);
        Assert.StartsWith("invalid CIDR in 'cidr_blocks'", d.Message, StringComparison.Ordinal);
        Assert.Single(Assert.Single(read.Groups).Ingress);
    }
}
