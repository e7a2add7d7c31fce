using Netpact.Tests;

namespace Netpact.Cli.Tests;

/// <summary>
/// analyze over NetworkPolicy and Istio at once on Bookinfo (tests/testdata/istio-bookinfo): what istio.io's tasks say
/// works is listed, what they say is refused is not. Istio governs TCP into workloads with a sidecar; UDP and SCTP stay
/// NetworkPolicy's (none here, so they stay open).
/// </summary>
public sealed class MeshAnalyzeTests
{
    private static string Data(string file) => Path.Combine(TestPaths.TestData, "istio-bookinfo", file);

    private static readonly string[] Bookinfo = [Data("bookinfo.yaml"), Data("namespaces.yaml")];

    private static string Line(string stdout, string source, string destination) =>
        stdout.Split('\n').SingleOrDefault(l => l.StartsWith($"{source} => {destination} : ", StringComparison.Ordinal)) is { } line
            ? line[(line.IndexOf(" : ", StringComparison.Ordinal) + 3)..]
            : "(none)";

    [Fact]
    public void The_http_authorization_task_lets_the_page_s_calls_through_and_stops_the_rest_of_tcp()
    {
        var r = CliRunner.Run(["analyze", .. Bookinfo, Data("authz-http.yaml")]);

        Assert.Equal(0, r.ExitCode);
        // The task's outcome: the page loads with details, reviews and ratings (GET requests).
        Assert.Equal("All Connections", Line(r.Stdout, "default/productpage-v1[Deployment]", "default/details-v1[Deployment]"));
        Assert.Equal("All Connections", Line(r.Stdout, "default/productpage-v1[Deployment]", "default/reviews-v2[Deployment]"));
        Assert.Equal("All Connections", Line(r.Stdout, "default/reviews-v3[Deployment]", "default/ratings-v1[Deployment]"));
        Assert.Equal("All Connections", Line(r.Stdout, "0.0.0.0-255.255.255.255[External]", "default/productpage-v1[Deployment]"));
        // allow-nothing holds elsewhere: no TCP, and Istio leaves UDP and SCTP alone.
        Assert.Equal("SCTP 1-65535,UDP 1-65535", Line(r.Stdout, "default/details-v1[Deployment]", "default/ratings-v1[Deployment]"));
        Assert.Equal("SCTP 1-65535,UDP 1-65535", Line(r.Stdout, "default/productpage-v1[Deployment]", "default/ratings-v1[Deployment]"));
        Assert.Equal("SCTP 1-65535,UDP 1-65535", Line(r.Stdout, "legacy/sleep[Deployment]", "default/details-v1[Deployment]"));
        // Nothing stands in front of the workload without a sidecar.
        Assert.Equal("All Connections", Line(r.Stdout, "default/details-v1[Deployment]", "legacy/sleep[Deployment]"));
        Assert.Contains("productpage-viewer uses HTTP-only fields", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Strict_mtls_cuts_off_a_caller_outside_the_mesh_and_keeps_callers_inside()
    {
        var permissive = CliRunner.Run(["analyze", .. Bookinfo, Data("authz-http.yaml")]);
        var strict = CliRunner.Run(["analyze", .. Bookinfo, Data("authz-http.yaml"), Data("strict-mtls.yaml")]);

        Assert.Equal(0, strict.ExitCode);
        // PERMISSIVE (Istio's default) takes plaintext from sleep and from outside; STRICT refuses it.
        Assert.Equal("All Connections", Line(permissive.Stdout, "legacy/sleep[Deployment]", "default/productpage-v1[Deployment]"));
        Assert.Equal("SCTP 1-65535,UDP 1-65535", Line(strict.Stdout, "legacy/sleep[Deployment]", "default/productpage-v1[Deployment]"));
        Assert.Equal("SCTP 1-65535,UDP 1-65535", Line(strict.Stdout, "0.0.0.0-255.255.255.255[External]", "default/productpage-v1[Deployment]"));
        Assert.Equal("All Connections", Line(strict.Stdout, "default/productpage-v1[Deployment]", "default/details-v1[Deployment]"));
    }

    [Fact]
    public void Without_injection_the_policies_decide_nothing_and_a_warning_says_why()
    {
        var r = CliRunner.Run("analyze", Data("bookinfo.yaml"), Data("authz-http.yaml"));

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("no workload runs a sidecar", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("All Connections", Line(r.Stdout, "default/details-v1[Deployment]", "default/ratings-v1[Deployment]"));
    }

    [Fact]
    public void Istio_policies_alone_are_refused_with_what_to_give()
    {
        var r = CliRunner.Run("analyze", Data("authz-http.yaml"));

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("give the manifests too", r.Stderr, StringComparison.Ordinal);
    }
}

/// <summary>report over both layers: the page counts Istio's policies and sidecars, and a flow's reasons include the sidecar's.</summary>
public sealed class MeshReportTests
{
    private static string Data(string file) => Path.Combine(TestPaths.TestData, "istio-bookinfo", file);

    [Fact]
    public void The_report_counts_the_mesh_and_explains_a_flow_with_the_viewer_policy()
    {
        var r = CliRunner.Run("report", "-o", "-", Data("bookinfo.yaml"), Data("namespaces.yaml"), Data("authz-http.yaml"));

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("\"mesh\":{\"authorizationPolicies\":5,\"sidecars\":6}", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("AuthorizationPolicy default/details-viewer rule 1 (", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_istio_resources_the_report_has_no_mesh_counts()
    {
        var r = CliRunner.Run("report", "-o", "-", Data("bookinfo.yaml"), Data("namespaces.yaml"));

        Assert.Equal(0, r.ExitCode);
        Assert.DoesNotContain("\"mesh\":", r.Stdout, StringComparison.Ordinal);
    }
}

/// <summary>diff compares each side over both layers: a PeerAuthentication added is a change in what connects.</summary>
public sealed class MeshDiffTests
{
    [Fact]
    public void Adding_strict_mtls_shows_the_callers_outside_the_mesh_losing_tcp()
    {
        var data = Path.Combine(TestPaths.TestData, "istio-bookinfo");
        var root = Path.Combine(Path.GetTempPath(), $"netpact-meshdiff-{Guid.NewGuid():N}");
        var (before, after) = (Path.Combine(root, "before"), Path.Combine(root, "after"));
        try
        {
            foreach (var side in new[] { before, after })
            {
                Directory.CreateDirectory(side);
                foreach (var f in new[] { "bookinfo.yaml", "namespaces.yaml", "authz-http.yaml" }) File.Copy(Path.Combine(data, f), Path.Combine(side, f));
            }
            File.Copy(Path.Combine(data, "strict-mtls.yaml"), Path.Combine(after, "strict-mtls.yaml"));

            var r = CliRunner.Run("diff", before, after);

            Assert.Equal(1, r.ExitCode);
            Assert.Contains("diff-type: changed, source: legacy/sleep[Deployment], destination: default/productpage-v1[Deployment], ref1: All Connections, ref2: SCTP 1-65535,UDP 1-65535", r.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("source: default/productpage-v1[Deployment], destination: default/details-v1[Deployment]", r.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}

/// <summary>Istio's ipBlocks on callers from outside the cluster: an address is admitted by its block, a range in part is named.</summary>
public sealed class MeshAddressTests
{
    private static string Data(string file) => Path.Combine(TestPaths.TestData, "istio-bookinfo", file);

    private static CliRunner.Result Explain(string source) =>
        CliRunner.Run("explain", Data("bookinfo.yaml"), Data("namespaces.yaml"), Data("allow-partner-block.yaml"),
            "--src", source, "--dst", "default/productpage-v1", "--port", "9080");

    [Fact]
    public void An_address_inside_the_block_is_admitted_and_one_outside_is_denied_by_istio()
    {
        Assert.StartsWith("ALLOWED:", Explain("203.0.113.7").Stdout, StringComparison.Ordinal);
        var outside = Explain("198.51.100.7");
        Assert.StartsWith("DENIED:", outside.Stdout, StringComparison.Ordinal);
        Assert.Contains("blocked by: Istio at default/productpage-v1[Deployment]", outside.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_whole_internet_range_is_counted_admitted_with_the_approximation_named()
    {
        var r = Explain("0.0.0.0");

        // explain names one address: exact. The listing's range (every address) overlaps the block only in part.
        Assert.StartsWith("DENIED:", r.Stdout, StringComparison.Ordinal);
        var listing = CliRunner.Run("explain", Data("bookinfo.yaml"), Data("namespaces.yaml"), Data("allow-partner-block.yaml"),
            "--src", "0.0.0.0/0", "--dst", "default/productpage-v1");
        Assert.Contains("admits part of", listing.Stdout + listing.Stderr, StringComparison.Ordinal);
    }
}
