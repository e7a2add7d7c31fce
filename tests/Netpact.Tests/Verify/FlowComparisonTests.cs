using Netpact.Compilers;
using Netpact.Model;
using Netpact.Verify;

namespace Netpact.Tests.Verify;

public sealed class FlowComparisonTests
{
    private static readonly FlowPeer A = FlowPeer.Of("a");
    private static readonly FlowPeer B = FlowPeer.Of("b");
    private static readonly ConnectionSet Tcp80 = ConnectionSet.Of(Protocol.TCP, PortSet.Single(80));
    private static readonly ConnectionSet AllUdp = ConnectionSet.Of(Protocol.UDP, PortSet.All);

    private static FlowMatrix Matrix(params (FlowPeer, FlowPeer, ConnectionSet)[] flows)
    {
        var m = new FlowMatrix();
        foreach (var (s, d, c) in flows) m.Add(s, d, c, "test");
        return m;
    }

    [Fact]
    public void An_approximation_excuses_only_the_connections_it_names()
    {
        var intended = Matrix((A, B, Tcp80));
        var actual = Matrix((A, B, Tcp80.Union(AllUdp).Union(ConnectionSet.Of(Protocol.TCP, PortSet.Single(22)))));
        var layer = new LayerFlows(actual, [new Approximation("UDP is not governed", [(A, B)], AllUdp)], [], CoversExternal: false);

        var v = FlowComparison.Compare("test", "x", intended, layer);

        var extra = Assert.Single(v.Extra);
        Assert.Equal("TCP 22", extra.Connections.ToString());
        Assert.Equal("UDP 1-65535", Assert.Single(Assert.Single(v.Approximations).Flows).Connections.ToString());
        Assert.False(v.Proven);
    }

    [Fact]
    public void External_differences_are_cut_at_every_edge_and_merged_back_when_alike()
    {
        var internet = FlowPeer.Of(new IpRange(false, 0, Cidr.V4Max));
        var tenEight = Cidr.TryParse("10.0.0.0/8", out _, out _)!;
        var intended = Matrix((internet, A, Tcp80));
        var actual = Matrix((FlowPeer.Of(new IpRange(false, tenEight.First, tenEight.Last)), A, Tcp80));

        var v = FlowComparison.Compare("test", "x", intended, new LayerFlows(actual, [], [], CoversExternal: true));

        Assert.Empty(v.Extra);
        Assert.Equal(["0.0.0.0-9.255.255.255[External]", "11.0.0.0-255.255.255.255[External]"],
            v.Missing.Select(m => m.Source.ToString()).ToArray());
    }
}
