using Netpact.Model;

namespace Netpact.Tests.Model;

public sealed class PortSetTests
{
    [Fact]
    public void Adjacent_ranges_merge_in_the_notation()
    {
        var set = PortSet.Range(80, 80).Union(PortSet.Range(81, 90)).Union(PortSet.Single(443));

        Assert.Equal("80-90,443", set.ToString());
    }
}
