using Netpact.Audit.Tests.Lab;

namespace Netpact.Audit.Tests.Safety;

/// <summary>
/// DNS_CAArecord: a DNS query is a contact, so it is made only with --dns and only to that resolver
/// (a tiny DNS server on 127.0.0.20 written for the test); the TLS endpoint is openssl s_server on 127.0.0.21.
/// </summary>
public sealed class CaaDnsTests(AuditLab lab)
{
    private const string DnsAddress = "127.0.0.20";
    private const string TlsAddress = "127.0.0.21";

    private static readonly Dictionary<string, (string Tag, string Value)[]> Zone = new()
    {
        ["caa.test"] = [("issue", "ca.example"), ("iodef", "mailto:security@caa.test")],
    };

    private async Task<(AuditJsonView Audit, IReadOnlyList<string> Asked)> AuditAsync(string name, bool withDns)
    {
        await using var dns = new TinyDnsServer(DnsAddress, Zone);
        await using var server = await OpenSslServer.StartAsync(TlsAddress, "-quiet", "-cert", Path.Combine(lab.Dir, "strong.crt"), "-key", Path.Combine(lab.Dir, "strong.key"));
        string[] args = ["--tls", $"{name}:{server.Port}", "--resolve", $"{name}:{server.Port}:{TlsAddress}", "--format", "json", .. withDns ? (string[])["--dns", dns.Endpoint] : []];
        var run = await Task.Run(() => AuditLab.Audit(args), TestContext.Current.CancellationToken);
        return (new AuditJsonView(run.Stdout), dns.Asked);
    }

    [Fact]
    public async Task With_dns_the_records_of_the_closest_name_that_has_any_are_reported()
    {
        var (audit, asked) = await AuditAsync("www.caa.test", withDns: true);

        Assert.Equal(["www.caa.test", "caa.test"], asked);
        Assert.Equal(("OK", "iodef=mailto:security@caa.test, issue=ca.example"), (audit.One("DNS_CAArecord").Severity, audit.One("DNS_CAArecord").Text));
    }

    [Fact]
    public async Task With_dns_and_no_records_up_to_the_root_it_is_LOW()
    {
        var (audit, asked) = await AuditAsync("host.nocaa.test", withDns: true);

        Assert.Equal(["host.nocaa.test", "nocaa.test", "test"], asked);
        Assert.Equal(("LOW", "--"), (audit.One("DNS_CAArecord").Severity, audit.One("DNS_CAArecord").Text));
    }

    [Fact]
    public async Task Without_dns_no_query_is_made()
    {
        var (audit, asked) = await AuditAsync("www.caa.test", withDns: false);

        Assert.Empty(asked);
        Assert.Equal("INFO", audit.One("DNS_CAArecord").Severity);
        Assert.StartsWith("check skipped", audit.One("DNS_CAArecord").Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_audit_file_names_the_resolver_with_dns()
    {
        await using var dns = new TinyDnsServer(DnsAddress, Zone);
        await using var server = await OpenSslServer.StartAsync(TlsAddress, "-quiet", "-cert", Path.Combine(lab.Dir, "strong.crt"), "-key", Path.Combine(lab.Dir, "strong.key"));
        var file = Path.Combine(lab.Dir, "caa-audit.yaml");
        await File.WriteAllTextAsync(file, $"""
            apiVersion: netpact/v1
            kind: Audit
            dns: {dns.Endpoint}
            resolve: [caa.test:{server.Port}:{TlsAddress}]
            endpoints:
              - tls: caa.test:{server.Port}
            """, TestContext.Current.CancellationToken);

        var run = await Task.Run(() => AuditLab.Audit(file, "--format", "json"), TestContext.Current.CancellationToken);

        Assert.Equal(["caa.test"], dns.Asked);
        Assert.Equal("iodef=mailto:security@caa.test, issue=ca.example", new AuditJsonView(run.Stdout).One("DNS_CAArecord").Text);
    }

    [Fact]
    public void A_resolver_that_is_not_an_address_is_bad_usage()
    {
        var run = AuditLab.Audit("--tls", $"{TlsAddress}:443", "--dns", "resolver.example");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--dns", run.Stderr, StringComparison.Ordinal);
    }
}
