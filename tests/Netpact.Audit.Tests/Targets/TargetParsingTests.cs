using Netpact.Audit.Targets;
using Netpact.Audit.Tls;

namespace Netpact.Audit.Tests.Targets;

public sealed class TargetParsingTests
{
    [Theory]
    [InlineData("example.org:443", "example.org", 443)]
    [InlineData("127.0.0.1:8443", "127.0.0.1", 8443)]
    [InlineData("[::1]:443", "::1", 443)]
    public void Endpoints_parse(string text, string host, int port)
    {
        var endpoint = NetworkEndpoint.TryParse(text, out _);

        Assert.Equal(new NetworkEndpoint(host, port), endpoint);
    }

    [Theory]
    [InlineData("example.org")]
    [InlineData("::1:443")]
    [InlineData("exa mple:443")]
    [InlineData("example.org:0")]
    public void Bad_endpoints_are_refused_with_a_reason(string text)
    {
        Assert.Null(NetworkEndpoint.TryParse(text, out var error));
        Assert.NotEmpty(error);
    }

    [Fact]
    public void Port_lists_expand_ranges_and_format_back_compactly()
    {
        var ports = PortList.TryParse("443, 80,8000-8003,22", out _);

        Assert.Equal([22, 80, 443, 8000, 8001, 8002, 8003], ports!.Value);
        Assert.Equal("22,80,443,8000-8003", PortList.Format(ports.Value));
    }

    [Fact]
    public void Resolve_pins_a_name_and_port_to_an_address()
    {
        var overrides = new ResolveOverrides();

        Assert.True(overrides.TryAdd("Weak.Test:443:127.0.0.2", out _));
        Assert.True(overrides.TryAdd("v6.test:443:[::1]", out _));
        Assert.Equal("127.0.0.2", overrides.Find("weak.test", 443)?.ToString());
        Assert.Equal("::1", overrides.Find("v6.test", 443)?.ToString());
        Assert.Null(overrides.Find("weak.test", 80));
    }

    [Fact]
    public void The_cipher_table_has_unique_codes_and_the_tls13_suites()
    {
        Assert.Equal(CipherSuites.All.Count, CipherSuites.All.Select(s => s.Code).Distinct().Count());
        Assert.Equal(5, CipherSuites.For(TlsVersion.Tls13).Count);
        Assert.Contains(CipherSuites.All, s => s.IsExport && s.IsRc4);
        Assert.True(CipherSuites.Find(0xC02F)!.IsForwardSecret);
        Assert.False(CipherSuites.Find(0x009C)!.IsForwardSecret);
        Assert.True(CipherSuites.Find(0xC018)!.IsAnonymous);
    }
}
