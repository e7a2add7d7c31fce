using Netpact.Tests;

namespace Netpact.Cli.Tests;

/// <summary>
/// istio.io's "Authorization for HTTP traffic" task on Bookinfo: the viewer policies allow GET requests, and the page
/// works (tests/testdata/istio-bookinfo/README.md). verify must count what they let through, never prove less.
/// </summary>
public sealed class IstioHttpVerifyTests
{
    private static string Data(string file) => Path.Combine(TestPaths.TestData, "istio-bookinfo", file);

    [Fact]
    public void With_an_intent_of_internet_to_productpage_only_the_viewer_policies_flows_are_extra()
    {
        // Once 'proven, with named approximations' with 0 extra: an ALLOW rule with methods was read as matching nothing.
        var r = CliRunner.Run("verify", Data("intent-productpage-only.yaml"), Data("authz-http.yaml"));

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("DIFFERS", r.Stdout, StringComparison.Ordinal);
        var extra = Section(r.Stdout, "  extra (allowed, not intended):", "  approximation:");
        foreach (var pair in new[] { "productpage => details", "productpage => reviews", "reviews => ratings", "details => productpage" })
            Assert.Contains($"    {pair} : TCP", extra, StringComparison.Ordinal);
        // The allow-nothing policy still holds where no viewer policy admits the caller.
        Assert.DoesNotContain("details => ratings", extra, StringComparison.Ordinal);
        Assert.DoesNotContain("productpage => ratings", extra, StringComparison.Ordinal);
    }

    [Fact]
    public void With_the_full_bookinfo_intent_the_page_s_flows_are_not_missing_and_rest_on_a_named_approximation()
    {
        var r = CliRunner.Run("verify", Data("intent-full.yaml"), Data("authz-http.yaml"), "-v");

        Assert.DoesNotContain("missing (intended, not allowed)", r.Stdout, StringComparison.Ordinal);
        var named = Section(r.Stdout, "  approximation: Istio decides these by HTTP request fields", "  note:");
        foreach (var pair in new[] { "productpage => details", "productpage => reviews", "reviews => ratings" })
            Assert.Contains($"      {pair} : TCP 1-65535", named, StringComparison.Ordinal);
        Assert.Contains("details-viewer rule 1 (", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_verbose_each_approximation_says_how_many_flows_rest_on_it_and_verbose_lists_them()
    {
        var brief = CliRunner.Run("verify", Data("intent-full.yaml"), Data("authz-http.yaml"));
        var full = CliRunner.Run("verify", Data("intent-full.yaml"), Data("authz-http.yaml"), "--verbose");

        Assert.Equal(full.ExitCode, brief.ExitCode);
        var line = brief.Stdout.Split('\n').Single(l => l.StartsWith("  approximation: Istio decides these by HTTP request fields", StringComparison.Ordinal));
        var listed = Section(full.Stdout, "  approximation: Istio decides these by HTTP request fields", "  note:")
            .Split('\n').Count(l => l.StartsWith("      ", StringComparison.Ordinal));
        Assert.EndsWith($" ({listed} flows; -v lists them)", line, StringComparison.Ordinal);
        Assert.DoesNotContain("      productpage => details : TCP 1-65535", brief.Stdout, StringComparison.Ordinal);
        // The table is the same either way.
        Assert.Equal(full.Stdout[..full.Stdout.IndexOf("\n\n", 30, StringComparison.Ordinal)], brief.Stdout[..brief.Stdout.IndexOf("\n\n", 30, StringComparison.Ordinal)]);
    }

    private static string Section(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"no '{start}' in:\n{text}");
        var to = text.IndexOf(end, from + start.Length, StringComparison.Ordinal);
        return to < 0 ? text[from..] : text[from..to];
    }
}
