using System.Net;
using System.Security.Cryptography;
using System.Text;
using Netpact.Audit.Tests.Lab;

namespace Netpact.Audit.Tests.Safety;

/// <summary>
/// Issue 19: no outbound traffic but to the named targets. A redirect to a host nobody named is reported
/// and not followed; a certificate's AIA URL is never fetched and nothing lands in the user's certificate
/// stores; a slow-drip TLS server cannot hold the audit beyond its deadline; a chain of any size is read.
/// Every server here listens on 127.0.0.x and lives only for its test.
/// </summary>
public sealed class NoUnnamedHostTests
{
    private const string RedirectingAddress = "127.0.0.6";
    private const string UnnamedAddress = "127.0.0.9";
    private const string IssuerUrlAddress = "127.0.0.10";
    private const string TlsAddress = "127.0.0.11";
    private const string DripAddress = "127.0.0.12";

    private static AuditJsonView Json(AuditLab.CliResult run) => new(run.Stdout);

    private static (LoopbackListener Redirecting, LoopbackListener Unnamed) RedirectPair()
    {
        LoopbackListener? unnamed = null;
        unnamed = new LoopbackListener(UnnamedAddress, async (stream, ct) =>
        {
            await unnamed!.ReadRequestAsync(stream, ct);
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"), ct);
        });
        LoopbackListener? redirecting = null;
        var location = $"http://{UnnamedAddress}:{unnamed.Port}/stolen";
        redirecting = new LoopbackListener(RedirectingAddress, async (stream, ct) =>
        {
            await redirecting!.ReadRequestAsync(stream, ct);
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), ct);
        });
        return (redirecting, unnamed);
    }

    [Fact]
    public async Task A_redirect_to_a_host_nobody_named_is_reported_and_that_host_sees_no_request()
    {
        var (redirecting, unnamed) = RedirectPair();
        await using var _ = redirecting;
        await using var __ = unnamed;
        var refused = AuditLab.FreePort(RedirectingAddress);

        var run = await Task.Run(() => AuditLab.Audit("--http", $"http://{RedirectingAddress}:{redirecting.Port}/", "--http", $"https://{RedirectingAddress}:{refused}/", "--format", "json"),
            TestContext.Current.CancellationToken);

        var reported = Json(run).Findings.Where(f => f.Id == "redirect_not_followed").Select(f => f.Text).ToList();
        Assert.Contains(reported, t => t.Contains($"http://{RedirectingAddress}:{redirecting.Port}/ (302) -> http://{UnnamedAddress}:{unnamed.Port}/stolen", StringComparison.Ordinal)
            && t.Contains("--follow-redirects-to 127.0.0.9", StringComparison.Ordinal));
        Assert.Contains("GET / ", redirecting.Received, StringComparison.Ordinal);
        Assert.Equal(0, unnamed.Connections);
        Assert.Equal("", unnamed.Received);
    }

    [Fact]
    public async Task A_redirect_to_a_host_named_with_follow_redirects_to_is_followed()
    {
        var (redirecting, unnamed) = RedirectPair();
        await using var _ = redirecting;
        await using var __ = unnamed;
        var refused = AuditLab.FreePort(RedirectingAddress);

        var run = await Task.Run(() => AuditLab.Audit("--http", $"http://{RedirectingAddress}:{redirecting.Port}/", "--http", $"https://{RedirectingAddress}:{refused}/",
            "--follow-redirects-to", UnnamedAddress, "--format", "json"), TestContext.Current.CancellationToken);

        Assert.DoesNotContain(Json(run).Findings, f => f.Id == "redirect_not_followed");
        Assert.Contains("GET /stolen ", unnamed.Received, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_issuer_url_is_not_fetched_the_chain_is_incomplete_and_the_certificate_stores_are_unchanged()
    {
        var dir = Directory.CreateTempSubdirectory("netpact-aia-").FullName;
        try
        {
            using var root = TestCertificates.Root("netpact AIA test root");
            using var intermediate = TestCertificates.Intermediate("netpact AIA test intermediate", root);
            var served = 0;
            LoopbackListener? issuerHost = null;
            // Would serve the missing intermediate, as a real CA's AIA URL does, if anyone asked.
            issuerHost = new LoopbackListener(IssuerUrlAddress, async (stream, ct) =>
            {
                await issuerHost!.ReadRequestAsync(stream, ct);
                var der = intermediate.RawData;
                Interlocked.Increment(ref served);
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/pkix-cert\r\nContent-Length: {der.Length}\r\nConnection: close\r\n\r\n"), ct);
                await stream.WriteAsync(der, ct);
            });
            await using var _ = issuerHost;
            var baseUrl = $"http://{IssuerUrlAddress}:{issuerHost.Port}";
            using var leaf = TestCertificates.Leaf(IPAddress.Parse(TlsAddress), intermediate, $"{baseUrl}/intermediate.crt", $"{baseUrl}/ocsp", $"{baseUrl}/root.crl");
            TestCertificates.WritePem(Path.Combine(dir, "leaf.crt"), leaf);
            TestCertificates.WriteKey(Path.Combine(dir, "leaf.key"), leaf);
            TestCertificates.WritePem(Path.Combine(dir, "ca.crt"), root);
            // The intermediate is missing from what the server sends: only the leaf.
            await using var server = await OpenSslServer.StartAsync(TlsAddress, "-quiet", "-www", "-cert", Path.Combine(dir, "leaf.crt"), "-key", Path.Combine(dir, "leaf.key"));
            var refused = AuditLab.FreePort(TlsAddress);
            var before = CertificateStores();

            var run = await Task.Run(() => AuditLab.Audit("--tls", server.Endpoint, "--http", $"https://{server.Endpoint}/", "--http", $"http://{TlsAddress}:{refused}/",
                "--ca", Path.Combine(dir, "ca.crt"), "--format", "json"), TestContext.Current.CancellationToken);

            var audit = Json(run);
            Assert.Equal(0, issuerHost.Connections);
            Assert.Equal(0, served);
            Assert.Equal(before, CertificateStores());
            var incomplete = audit.One("cert_chain_incomplete");
            Assert.Equal("HIGH", incomplete.Severity);
            Assert.Contains("CN=netpact AIA test intermediate", incomplete.Text, StringComparison.Ordinal);
            Assert.Contains($"{baseUrl}/intermediate.crt (not fetched", incomplete.Text, StringComparison.Ordinal);
            Assert.StartsWith("failed (chain incomplete", audit.One("cert_chain_of_trust").Text, StringComparison.Ordinal);
            Assert.Equal("B", audit.Tls.GetProperty("grade").GetString());
            Assert.Equal($"{baseUrl}/root.crl", audit.One("cert_crlDistributionPoints").Text);
            Assert.Equal($"{baseUrl}/ocsp", audit.One("cert_ocspURL").Text);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_complete_chain_with_a_named_root_is_trusted_without_any_download()
    {
        var dir = Directory.CreateTempSubdirectory("netpact-aia-").FullName;
        try
        {
            using var root = TestCertificates.Root("netpact AIA test root");
            using var intermediate = TestCertificates.Intermediate("netpact AIA test intermediate", root);
            await using var issuerHost = new LoopbackListener(IssuerUrlAddress, (_, _) => Task.CompletedTask);
            using var leaf = TestCertificates.Leaf(IPAddress.Parse(TlsAddress), intermediate, $"http://{IssuerUrlAddress}:{issuerHost.Port}/intermediate.crt");
            TestCertificates.WritePem(Path.Combine(dir, "leaf.crt"), leaf);
            TestCertificates.WritePem(Path.Combine(dir, "chain.crt"), intermediate);
            TestCertificates.WriteKey(Path.Combine(dir, "leaf.key"), leaf);
            TestCertificates.WritePem(Path.Combine(dir, "ca.crt"), root);
            await using var server = await OpenSslServer.StartAsync(TlsAddress, "-quiet", "-cert", Path.Combine(dir, "leaf.crt"), "-key", Path.Combine(dir, "leaf.key"),
                "-cert_chain", Path.Combine(dir, "chain.crt"));

            var run = await Task.Run(() => AuditLab.Audit("--tls", server.Endpoint, "--ca", Path.Combine(dir, "ca.crt"), "--format", "json"), TestContext.Current.CancellationToken);

            var audit = Json(run);
            Assert.Equal("passed", audit.One("cert_chain_of_trust").Text);
            Assert.Equal("OK", audit.One("cert_chain_incomplete").Severity);
            Assert.Equal(0, issuerHost.Connections);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_slow_drip_tls_server_gives_a_finding_within_twice_the_timeout()
    {
        // A handshake record header announcing 16 KiB, then one byte every 300 ms: no single read ever
        // waits as long as the timeout, so only a deadline on the whole read ends it. At most 400 bytes.
        await using var drip = new LoopbackListener(DripAddress, async (stream, ct) =>
        {
            _ = await stream.ReadAsync(new byte[4096], ct);
            await stream.WriteAsync(new byte[] { 0x16, 0x03, 0x03, 0x40, 0x00 }, ct);
            for (var i = 0; i < 400; i++)
            {
                await Task.Delay(300, ct);
                await stream.WriteAsync(new byte[] { 0x02 }, ct);
            }
        });
        const double timeout = 2;
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var run = await Task.Run(() => AuditLab.Audit("--tls", $"{DripAddress}:{drip.Port}", "--timeout", "2", "--format", "json"), TestContext.Current.CancellationToken);

        clock.Stop();
        Assert.Contains("timeout", Json(run).One("scanProblem").Text, StringComparison.Ordinal);
        Assert.True(clock.Elapsed.TotalSeconds < 2 * timeout, $"the audit took {clock.Elapsed.TotalSeconds:F1} s, more than twice the timeout of {timeout} s");
    }

    [Fact]
    public async Task A_chain_of_121_certificates_is_read()
    {
        var dir = Directory.CreateTempSubdirectory("netpact-bigchain-").FullName;
        try
        {
            using var key = RSA.Create(2048);
            var certificates = Enumerable.Range(0, 121).Select(i => TestCertificates.Filler(i, key)).ToArray();
            TestCertificates.WritePem(Path.Combine(dir, "leaf.crt"), certificates[0]);
            TestCertificates.WriteKey(Path.Combine(dir, "leaf.key"), certificates[0]);
            TestCertificates.WritePem(Path.Combine(dir, "chain.crt"), certificates[1..]);
            var bytes = certificates.Sum(c => c.RawData.Length);
            foreach (var c in certificates) c.Dispose();
            Assert.InRange(bytes, 160_000, 200_000);
            await using var server = await OpenSslServer.StartAsync(TlsAddress, "-quiet", "-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384",
                "-cert", Path.Combine(dir, "leaf.crt"), "-key", Path.Combine(dir, "leaf.key"), "-cert_chain", Path.Combine(dir, "chain.crt"));

            var run = await Task.Run(() => AuditLab.Audit("--tls", server.Endpoint, "--format", "json"), TestContext.Current.CancellationToken);

            var audit = Json(run);
            Assert.Equal("121", audit.One("certs_countServer").Text);
            Assert.Equal("CN=netpact filler certificate 0, O=netpact test", audit.One("cert_commonName").Text);
            Assert.Equal("OK", audit.One("cipherlist_aNULL").Severity);
            Assert.Equal("ECDHE-RSA-AES128-GCM-SHA256 ECDHE-RSA-AES256-GCM-SHA384", audit.One("supportedciphers_TLSv1_2").Text);
            Assert.DoesNotContain("anonymous", audit.One("overall_grade").Text, StringComparison.Ordinal);
            Assert.DoesNotContain(audit.Findings, f => f.Id == "host_certificate_Problem");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Every file of .NET's per-user certificate stores on Linux, with its size and content hash.</summary>
    private static string CertificateStores()
    {
        var stores = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "corefx", "cryptography", "x509stores");
        if (!Directory.Exists(stores)) return "(no stores)";
        return string.Join("\n", Directory.EnumerateFiles(stores, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => $"{Path.GetRelativePath(stores, f)} {new FileInfo(f).Length} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))}"));
    }
}
