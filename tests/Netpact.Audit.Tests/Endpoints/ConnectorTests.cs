using Netpact.Audit.Net;
using Netpact.Audit.Targets;

namespace Netpact.Audit.Tests.Endpoints;

/// <summary>The connector: one allow-list for every connection, and a bound on the probes in flight per target.</summary>
public sealed class ConnectorTests
{
    [Fact]
    public async Task A_host_not_on_the_allow_list_is_neither_resolved_nor_connected()
    {
        var connector = new Connector(ResolveOverrides.None, TimeSpan.FromSeconds(1), TargetAllowList.Of("127.0.0.2"));

        var (socket, failure) = await connector.ConnectAsync(new NetworkEndpoint("127.0.0.9", 80), TestContext.Current.CancellationToken);
        var address = await connector.ResolveAsync("localhost", 80, TestContext.Current.CancellationToken);

        Assert.Null(socket);
        Assert.Equal(ConnectFailure.NotNamed, failure);
        Assert.Null(address);
    }

    [Fact]
    public void Names_and_addresses_are_compared_in_their_canonical_form()
    {
        var list = TargetAllowList.Of("Shop.Example.", "[0:0::1]");

        Assert.True(list.Allows("shop.example"));
        Assert.True(list.Allows("::1"));
        Assert.False(list.Allows("www.shop.example"));
    }

    [Fact]
    public async Task A_probe_beyond_the_targets_connection_slots_waits_until_one_is_given_back()
    {
        var connector = new Connector(ResolveOverrides.None, TimeSpan.FromSeconds(1), TargetAllowList.Of("127.0.0.2")) { ConnectionsPerTarget = 2 };
        var endpoint = new NetworkEndpoint("127.0.0.2", 443);
        var other = new NetworkEndpoint("127.0.0.3", 443);
        var ct = TestContext.Current.CancellationToken;

        var first = await connector.WaitForSlotAsync(endpoint, ct);
        using var second = await connector.WaitForSlotAsync(endpoint, ct);
        var third = connector.WaitForSlotAsync(endpoint, ct);
        var elsewhere = connector.WaitForSlotAsync(other, ct);

        Assert.False(third.IsCompleted);
        Assert.True(elsewhere.IsCompleted);
        first.Dispose();
        first.Dispose();   // giving a slot back twice gives back one
        using var granted = await third;
        Assert.False(connector.WaitForSlotAsync(endpoint, ct).IsCompleted);
    }
}
