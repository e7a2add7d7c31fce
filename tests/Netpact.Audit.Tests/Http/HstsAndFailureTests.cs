using Netpact.Audit.Tests.Lab;

namespace Netpact.Audit.Tests.Http;

/// <summary>testssl.sh 3.2.3's HSTS_time, HSTS_subdomains and HSTS_preload; the reasons a side of a site failed.</summary>
public sealed class HstsAndFailureTests(AuditLab lab)
{
    public static TheoryData<string, string, string, string> HstsVariants => new()
    {
        { "v1", "MEDIUM", "max-age too short. 0 days (=300 seconds) < 15552000 seconds", "INFO" },
        { "v2", "MEDIUM", "misconfiguration, specified not a number for max-age", "INFO" },
        { "v3", "OK", "365 days (=31536000 seconds) > 15552000 seconds", "INFO" },
    };

    [Theory]
    [MemberData(nameof(HstsVariants))]
    public async Task Hsts_max_age_below_180_days_is_medium_as_testssl_3_2_3_says(string variant, string severity, string text, string subdomainsAndPreload)
    {
        var run = await lab.AuditOnceAsync("--http", $"http://localhost:{lab.VariantsHttp}/{variant}", "--http", $"https://localhost:{lab.VariantsHttps}/{variant}",
            "--ca", lab.CaFile, "--format", "json");

        var audit = new AuditJsonView(run.Stdout);
        Assert.Equal((severity, text), (audit.One("HSTS_time").Severity, audit.One("HSTS_time").Text));
        Assert.Equal(subdomainsAndPreload, audit.One("HSTS_subdomains").Severity);
        Assert.Equal(subdomainsAndPreload, audit.One("HSTS_preload").Severity);
    }

    [Fact]
    public async Task Two_years_with_subdomains_is_ok_and_not_marked_for_preloading()
    {
        var run = await lab.AuditOnceAsync(lab.StrongArgs("json"));

        var audit = new AuditJsonView(run.Stdout);
        Assert.Equal(("OK", "730 days (=63072000 seconds) > 15552000 seconds"), (audit.One("HSTS_time").Severity, audit.One("HSTS_time").Text));
        Assert.Equal(("OK", "includes subdomains"), (audit.One("HSTS_subdomains").Severity, audit.One("HSTS_subdomains").Text));
        Assert.Equal(("INFO", "domain is NOT marked for preloading"), (audit.One("HSTS_preload").Severity, audit.One("HSTS_preload").Text));
    }

    [Fact]
    public async Task The_servers_clock_is_compared_with_the_local_one()
    {
        var run = await lab.AuditOnceAsync(lab.StrongArgs("json"));

        var audit = new AuditJsonView(run.Stdout);
        var skew = System.Text.RegularExpressions.Regex.Match(audit.One("HTTP_clock_skew").Text, @"^([+-]?\d+) seconds from localtime$");
        Assert.True(skew.Success, audit.One("HTTP_clock_skew").Text);
        // nginx on this machine reads the same clock: within a second of rounding either way.
        Assert.InRange(int.Parse(skew.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), -2, 2);
        Assert.EndsWith(" GMT", audit.One("HTTP_headerTime").Text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_age_that_is_no_number_is_low()
    {
        var response = new Netpact.Audit.Http.HttpResponseData(new Uri("https://x/"), 200, [new("date", "Mon, 07 Dec 2026 22:00:00 GMT"), new("age", "soon")], [], "", true)
        {
            ReceivedAt = new DateTimeOffset(2026, 12, 7, 22, 0, 30, TimeSpan.Zero),
        };

        var lines = Netpact.Audit.Http.HttpFindings.ClockLines("t", response).ToList();

        Assert.Equal("-30 seconds from localtime", lines[0].Text);
        Assert.Equal(("HTTP_headerAge", Netpact.Audit.Findings.AuditSeverity.Low), (lines[2].Id, lines[2].Severity));
    }

    [Fact]
    public void A_max_age_of_zero_disables_hsts_and_is_low()
    {
        var lines = Netpact.Audit.Http.HttpFindings.HstsLines("t", "max-age=0").ToList();

        Assert.Equal(("LOW", "0. HSTS is disabled"), (Netpact.Audit.Findings.AuditFindings.SeverityName(lines[0].Severity), lines[0].Text));
    }

    /// <summary>Answers anything with bytes that are no HTTP response.</summary>
    private static LoopbackListener Garbage() => new("127.0.0.13", async (stream, ct) =>
    {
        _ = await stream.ReadAsync(new byte[4096], ct);
        await stream.WriteAsync("\u0000\u0001\u0002 not http at all\r\n\r\n"u8.ToArray(), ct);
    });

    [Fact]
    public async Task A_broken_http_side_beside_a_working_https_side_is_reported_with_its_reason()
    {
        await using var garbage = Garbage();

        var run = await Task.Run(() => AuditLab.Audit("--resolve", $"strong.test:{lab.StrongHttps}:{AuditLab.StrongAddress}", "--resolve", $"strong.test:{garbage.Port}:{garbage.Address}",
            "--http", $"https://strong.test:{lab.StrongHttps}/", "--http", $"http://strong.test:{garbage.Port}/", "--ca", lab.CaFile, "--format", "json"), TestContext.Current.CancellationToken);

        var failure = new AuditJsonView(run.Stdout).One("http_failure");
        Assert.Equal("LOW", failure.Severity);
        Assert.StartsWith($"http://strong.test:{garbage.Port}/ failed: ", failure.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_both_sides_fail_both_reasons_are_given()
    {
        await using var garbage = Garbage();
        var refused = AuditLab.FreePort(garbage.Address);

        var run = await Task.Run(() => AuditLab.Audit("--http", $"http://{garbage.Address}:{garbage.Port}/", "--http", $"https://{garbage.Address}:{refused}/", "--format", "json"),
            TestContext.Current.CancellationToken);

        var problem = new AuditJsonView(run.Stdout).One("scanProblem").Text;
        Assert.Contains("HTTPS: ", problem, StringComparison.Ordinal);
        Assert.Contains("connection refused", problem, StringComparison.Ordinal);
        Assert.Contains("; HTTP: ", problem, StringComparison.Ordinal);
    }
}
