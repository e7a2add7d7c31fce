using Netpact.Kubernetes;
using Netpact.Sources.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Netpact.Tests.Kubernetes;

public sealed class YamlDotNetTreeTests
{
    private static YamlValue Convert(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return YamlDotNetTree.Convert(stream.Documents[0].RootNode);
    }

    [Fact]
    public void Keeps_values_styles_and_positions_in_order()
    {
        var root = Assert.IsType<YamlMapping>(Convert("a: 'x'\nb:\n  - \"y\"\n  - [1, z]\n"));

        Assert.Equal((1, 1), (root.Line, root.Column));
        var (a, x) = root.Children[0];
        Assert.Equal(("a", ScalarStyle.Plain, 1, 1), Scalar(a));
        Assert.Equal(("x", ScalarStyle.SingleQuoted, 1, 4), Scalar(x));
        var (b, list) = root.Children[1];
        Assert.Equal(("b", ScalarStyle.Plain, 2, 1), Scalar(b));
        var items = Assert.IsType<YamlSequence>(list);
        Assert.Equal((3, 3), (items.Line, items.Column));
        Assert.Equal(("y", ScalarStyle.DoubleQuoted, 3, 5), Scalar(items.Children[0]));
        var flow = Assert.IsType<YamlSequence>(items.Children[1]);
        Assert.Equal((4, 5), (flow.Line, flow.Column));
        Assert.Equal(("z", ScalarStyle.Plain, 4, 9), Scalar(flow.Children[1]));
    }

    [Fact]
    public void An_alias_is_the_node_its_anchor_names()
    {
        var root = Assert.IsType<YamlMapping>(Convert("a: &shared {k: v}\nb: *shared\n"));

        Assert.Same(root.Children[0].Value, root.Children[1].Value);
    }

    [Fact]
    public void A_null_value_is_an_empty_plain_scalar()
    {
        var root = Assert.IsType<YamlMapping>(Convert("a:\nb: ~\n"));

        Assert.Equal(("", ScalarStyle.Plain, 1, 3), Scalar(root.Children[0].Value));
        Assert.True(LocatedYaml.IsNull(root.Children[0].Value));
        Assert.True(LocatedYaml.IsNull(root.Children[1].Value));
    }

    [Fact]
    public void An_empty_mapping_stands_where_YamlDotNet_places_a_node_it_did_not_read()
    {
        var empty = new YamlMappingNode();

        Assert.Equal(((int)empty.Start.Line, (int)empty.Start.Column), (new YamlMapping().Line, new YamlMapping().Column));
    }

    private static (string Value, ScalarStyle Style, int Line, int Column) Scalar(YamlValue node)
    {
        var scalar = Assert.IsType<YamlScalar>(node);
        return (scalar.Value, scalar.Style, scalar.Line, scalar.Column);
    }
}
