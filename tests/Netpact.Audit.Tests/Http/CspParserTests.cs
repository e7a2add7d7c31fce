using Netpact.Audit.Http;

namespace Netpact.Audit.Tests.Http;

public sealed class CspParserTests
{
    [Fact]
    public void Directives_are_lower_cased_and_an_empty_source_list_means_none()
    {
        var csp = CspParser.Parse(["Default-Src 'SELF'; img-src; report-uri /r"]);

        Assert.Equal(["'self'"], csp["default-src"]);
        Assert.Equal(["'none'"], csp["img-src"]);
        Assert.Equal(["/r"], csp["report-uri"]);
    }

    [Fact]
    public void A_repeated_directive_makes_the_policy_invalid_but_report_uri_may_repeat()
    {
        Assert.Throws<CspParser.InvalidPolicyException>(() => CspParser.Parse(["script-src 'self'; script-src https:"]));

        var csp = CspParser.Parse(["default-src 'self'; report-uri /a; report-uri /b"]);
        Assert.Contains("report-uri", csp[CspParser.DuplicateWarningsKey]);
    }

    [Fact]
    public void A_policy_shorter_than_a_directive_is_invalid()
    {
        Assert.Throws<CspParser.InvalidPolicyException>(() => CspParser.Parse(["a"]));
    }

    [Fact]
    public void With_two_policies_a_source_counts_only_when_both_allow_it()
    {
        var csp = CspParser.Parse(["default-src 'self' https://a.example", "default-src https://a.example"]);

        Assert.Equal(["https://a.example"], csp["default-src"]);
    }

    [Fact]
    public void Meta_policies_drop_directives_only_allowed_in_headers()
    {
        var csp = CspParser.ParseMeta(["default-src 'self'; frame-ancestors 'none'; sandbox"]);

        Assert.False(csp.ContainsKey("frame-ancestors"));
        Assert.False(csp.ContainsKey("sandbox"));
        Assert.True(csp.ContainsKey("default-src"));
    }
}
