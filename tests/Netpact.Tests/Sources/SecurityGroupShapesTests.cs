using Netpact.Cloud;
using Netpact.Compilers;
using Netpact.Model;
using Netpact.Sources;

namespace Netpact.Tests.Sources;

/// <summary>Which files are security groups, by structure: each shape is recognised, Kubernetes JSON never is.</summary>
public sealed class SecurityGroupShapesTests
{
    private static string Shapes(string file) => Path.Combine(TestPaths.TestData, "security-group-shapes", file);

    [Theory]
    [InlineData("describe.json", SecurityGroupShape.Describe)]
    [InlineData("list.json", SecurityGroupShape.List)]
    [InlineData("group.json", SecurityGroupShape.Group)]
    [InlineData("terraform-show.json", SecurityGroupShape.Terraform)]
    [InlineData("terraform.tfstate", SecurityGroupShape.Terraform)]
    public void Each_shape_is_recognised_and_its_file_is_of_the_aws_layer(string file, SecurityGroupShape shape)
    {
        var text = File.ReadAllText(Shapes(file));

        Assert.Equal(shape, SecurityGroupShapes.Sniff(text));
        Assert.Equal(Layer.Aws, InputSet.LayerOf(file, text));
    }

    [Fact]
    public void A_kubernetes_list_whose_configmap_has_keys_named_like_security_groups_is_kubernetes()
    {
        // The file holds "SecurityGroups" and "IpPermissions" as keys: the substring the aws layer was once told by.
        var text = File.ReadAllText(Shapes("kubernetes-list.json"));

        Assert.Contains("\"SecurityGroups\"", text, StringComparison.Ordinal);
        Assert.Equal(SecurityGroupShape.None, SecurityGroupShapes.Sniff(text));
        Assert.Equal(Layer.Kubernetes, InputSet.LayerOf("cluster.json", text));
    }

    [Theory]
    [InlineData("""{"kind": "List", "items": [{"GroupId": "sg-1", "IpPermissions": []}]}""")]
    [InlineData("""{"IpPermissions": [], "apiVersion": "example.com/v1", "kind": "Group"}""")]
    [InlineData("""[{"apiVersion": "v1", "kind": "Pod", "IpPermissions": []}]""")]
    // describe-instances shows an instance's groups as {"GroupName", "GroupId"}: not groups with their rules.
    [InlineData("""[{"GroupName": "web", "GroupId": "sg-1"}]""")]
    [InlineData("""[]""")]
    [InlineData("""{"Reservations": []}""")]
    [InlineData("SecurityGroups:\n  - GroupId: sg-1\n    IpPermissions: []\n")]
    public void Objects_with_a_kind_or_without_the_keys_of_a_shape_are_not_security_groups(string text) =>
        Assert.Equal(SecurityGroupShape.None, SecurityGroupShapes.Sniff(text));

    [Fact]
    public void Large_files_are_decided_whether_or_not_their_beginning_holds_the_deciding_keys()
    {
        var longText = new string('x', 100_000);
        var group = $$"""[{"Description": "{{longText}}", "GroupId": "sg-1", "IpPermissions": []}]""";
        var pod = $$"""{"kind": "Pod", "metadata": {"name": "{{longText}}"} }""";
        var pods = $$"""{"apiVersion": "v1", "items": [{{pod}}], "kind": "List"}""";
        var late = $$"""{"items": [{{pod}}], "kind": "List", "SecurityGroups": []}""";

        Assert.Equal(SecurityGroupShape.List, SecurityGroupShapes.Sniff(group));
        Assert.Equal(SecurityGroupShape.None, SecurityGroupShapes.Sniff(pods));
        Assert.Equal(SecurityGroupShape.None, SecurityGroupShapes.Sniff(late));
    }

    [Fact]
    public void A_syntax_error_after_the_deciding_key_leaves_the_file_with_the_aws_reader_which_reports_it()
    {
        var text = "\uFEFF\n  {\"SecurityGroups\": [\n    {\"GroupId\": \"sg-1\",}\n  ]}\n";

        Assert.Equal(SecurityGroupShape.Describe, SecurityGroupShapes.Sniff(text));
        var d = Assert.Single(SecurityGroupReader.ReadText(text, "groups.json").Diagnostics);
        Assert.Equal(3, d.Span.Line);
        Assert.StartsWith("invalid JSON", d.Message, StringComparison.Ordinal);
    }
}
