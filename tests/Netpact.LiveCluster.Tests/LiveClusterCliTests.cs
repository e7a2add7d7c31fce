using Netpact.Cli.Tests;
using Netpact.Tests;

namespace Netpact.LiveCluster.Tests;

/// <summary>The verbs with --cluster against a fake API server serving recorded answers on 127.0.0.1.</summary>
public sealed class LiveClusterCliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("netpact-cluster-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("txt")]
    [InlineData("summary")]
    [InlineData("dot")]
    public async Task Analyze_cluster_equals_analyze_on_the_same_objects_as_files(string format)
    {
        await using var server = new FakeApiServer("noa-server");
        var kubeconfig = server.WriteKubeconfig(_folder);

        var live = CliRunner.Run("analyze", "--cluster", "--kubeconfig", kubeconfig, "--format", format);
        var files = CliRunner.Run("analyze", Path.Combine(TestPaths.Examples, "noa-server", "manifests"), "--format", format);

        Assert.Equal(0, live.ExitCode);
        Assert.Equal("", live.Stderr);
        Assert.Equal(files.Stdout, live.Stdout);
        if (format == "summary") Assert.Contains("policies:         14", live.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_cluster_of_an_oracle_case_equals_analyze_on_its_files_and_the_expected_output()
    {
        const string format = "txt";
        await using var server = new FakeApiServer("test_with_named_ports");
        var kubeconfig = server.WriteKubeconfig(_folder);

        var live = CliRunner.Run("analyze", "--cluster", "--kubeconfig", kubeconfig, "--format", format);
        var files = CliRunner.Run("analyze", Path.Combine(TestPaths.NetpolAnalyzerOracle, "tests", "test_with_named_ports"), "--format", format);
        var expected = File.ReadAllText(Path.Combine(TestPaths.NetpolAnalyzerOracle, "test_outputs", "connlist", $"test_with_named_ports_connlist_output.{format}"));

        Assert.Equal(0, live.ExitCode);
        Assert.Equal(files.Stdout, live.Stdout);
        Assert.Equal(Flat(expected), Flat(live.Stdout));
    }

    [Theory]
    [InlineData("txt")]
    [InlineData("json")]
    public async Task Analyze_cluster_with_istio_reads_its_policies_and_services_as_the_files_are_read(string format)
    {
        await using var server = new FakeApiServer("istio-bookinfo");
        var kubeconfig = server.WriteKubeconfig(_folder);
        string Data(string file) => Path.Combine(TestPaths.TestData, "istio-bookinfo", file);

        var live = CliRunner.Run("analyze", "--cluster", "--kubeconfig", kubeconfig, "--layers", "--format", format);
        var files = CliRunner.Run("analyze", Data("bookinfo.yaml"), Data("namespaces.yaml"), Data("authz-http.yaml"), "--layers", "--format", format);

        Assert.Equal(0, live.ExitCode);
        Assert.Contains(server.Requests, r => r.StartsWith("/apis/security.istio.io/v1/authorizationpolicies?", StringComparison.Ordinal));
        Assert.Contains(server.Requests, r => r.StartsWith("/api/v1/services?", StringComparison.Ordinal));
        // The rules are named where they were read: files there, cluster:CONTEXT/... here.
        Assert.Equal(Located(files.Stdout), Located(live.Stdout));
        Assert.Contains(format == "txt" ? "no TCP" : "\"decides\": true", live.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lint_cluster_lints_the_istio_policies_it_reads_there()
    {
        await using var server = new FakeApiServer("istio-bookinfo");
        var kubeconfig = server.WriteKubeconfig(_folder);

        var live = CliRunner.Run("lint", "--cluster", "--kubeconfig", kubeconfig);

        Assert.Contains("cluster:fake/authorizationpolicies/default/", live.Stdout, StringComparison.Ordinal);
        Assert.Contains(" ZT020 namespace default has AuthorizationPolicies but no PeerAuthentication sets its mTLS mode", live.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("not modelled", live.Stderr, StringComparison.Ordinal);
    }

    /// <summary>The output with every location (a file's or a cluster object's) reduced to a marker.</summary>
    private static string Located(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, @"\((?:cluster:[^)]*|[^()]*\.yaml:\d+(?::\d+)?)\)", "(at)");

    [Fact]
    public async Task A_refused_list_of_services_or_istio_policies_is_a_warning_and_the_analysis_goes_on()
    {
        await using var server = new FakeApiServer("istio-bookinfo");
        server.Refuse("apis/security.istio.io/v1/authorizationpolicies", 403, "forbidden-pods.json");
        server.Refuse("api/v1/services", 403, "forbidden-pods.json");
        var kubeconfig = server.WriteKubeconfig(_folder);

        var live = CliRunner.Run("analyze", "--cluster", "--kubeconfig", kubeconfig);

        Assert.Equal(0, live.ExitCode);
        Assert.Contains("needs 'list' on 'authorizationpolicies.security.istio.io' in every namespace", live.Stderr, StringComparison.Ordinal);
        Assert.Contains("(no Istio policy narrows what NetworkPolicy allows)", live.Stderr, StringComparison.Ordinal);
        Assert.Contains("needs 'list' on 'services' in every namespace", live.Stderr, StringComparison.Ordinal);
        Assert.Contains("default/productpage-v1[Deployment] => default/ratings-v1[Deployment] : All Connections", live.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_are_followed_through_continue_tokens()
    {
        await using var server = new FakeApiServer("test_with_named_ports");
        var kubeconfig = server.WriteKubeconfig(_folder);

        var live = CliRunner.Run("analyze", "--cluster", "--kubeconfig", kubeconfig);

        Assert.Equal(0, live.ExitCode);
        var pods = server.Requests.Where(r => r.StartsWith("/api/v1/pods?", StringComparison.Ordinal)).ToList();
        Assert.Equal(8, pods.Count);
        Assert.DoesNotContain("continue=", pods[0], StringComparison.Ordinal);
        for (var page = 2; page <= 8; page++) Assert.Contains($"continue=page-{page}", pods[page - 1], StringComparison.Ordinal);
        Assert.All(pods, r => Assert.Contains("limit=500", r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Missing_admin_policy_resources_are_not_installed_and_not_an_error()
    {
        await using var server = new FakeApiServer("noa-server");
        var kubeconfig = server.WriteKubeconfig(_folder);

        var live = CliRunner.Run("analyze", "--cluster", "--kubeconfig", kubeconfig);

        Assert.Equal(0, live.ExitCode);
        Assert.Equal("", live.Stderr);
        Assert.Contains(server.Requests, r => r.StartsWith("/apis/policy.networking.k8s.io/v1alpha1/adminnetworkpolicies?", StringComparison.Ordinal));
        Assert.Contains(server.Requests, r => r.StartsWith("/apis/policy.networking.k8s.io/v1alpha1/baselineadminnetworkpolicies?", StringComparison.Ordinal));
        Assert.Contains(server.Requests, r => r.StartsWith("/apis/policy.networking.k8s.io/v1alpha2/clusternetworkpolicies?", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Forbidden_list_names_the_missing_verb_and_resource()
    {
        await using var server = new FakeApiServer("noa-server");
        server.Refuse("api/v1/pods", 403, "forbidden-pods.json");
        var kubeconfig = server.WriteKubeconfig(_folder);

        var live = CliRunner.Run("analyze", "--cluster", "--kubeconfig", kubeconfig);

        Assert.Equal(2, live.ExitCode);
        Assert.Equal("", live.Stdout);
        Assert.Equal(
            "cluster:fake: error: cannot list pods: the user of context 'fake' needs 'list' on 'pods' in every namespace (see docs/cluster.md)",
            live.Stderr.TrimEnd());
    }

    [Fact]
    public async Task Forbidden_list_in_one_namespace_names_the_namespace()
    {
        await using var server = new FakeApiServer("noa-server");
        server.Refuse("api/v1/namespaces/databases/pods", 403, "forbidden-pods.json");
        server.Refuse("apis/apps/v1/namespaces/databases/deployments", 403, "forbidden-pods.json");
        var kubeconfig = server.WriteKubeconfig(_folder);

        var live = CliRunner.Run("lint", "--cluster", "--kubeconfig", kubeconfig, "--namespace", "databases");

        Assert.Equal(2, live.ExitCode);
        Assert.Equal(
            [
                "cluster:fake: error: cannot list pods in namespace databases: the user of context 'fake' needs 'list' on 'pods' (see docs/cluster.md)",
                "cluster:fake: error: cannot list deployments in namespace databases: the user of context 'fake' needs 'list' on 'deployments.apps' (see docs/cluster.md)",
            ],
            Lines(live.Stderr));
    }

    [Fact]
    public async Task Namespace_option_reads_only_those_namespaces()
    {
        await using var server = new FakeApiServer("noa-server");
        var kubeconfig = server.WriteKubeconfig(_folder);

        var live = CliRunner.Run("analyze", "--cluster", "--kubeconfig", kubeconfig, "-n", "databases", "-n", "noa-server", "--format", "dot");

        Assert.Equal(0, live.ExitCode);
        Assert.Contains("/api/v1/namespaces/databases", server.Requests);
        Assert.Contains(server.Requests, r => r.StartsWith("/apis/apps/v1/namespaces/noa-server/deployments?", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Requests, r => r.StartsWith("/api/v1/pods", StringComparison.Ordinal));
        var workloads = System.Text.RegularExpressions.Regex.Matches(live.Stdout, "\"([^\"/]+/[^\"]+)\" \\[label=").Select(m => m.Groups[1].Value).ToHashSet();
        Assert.NotEmpty(workloads);
        Assert.All(workloads, w => Assert.True(w.StartsWith("databases/", StringComparison.Ordinal) || w.StartsWith("noa-server/", StringComparison.Ordinal), w));
    }

    [Fact]
    public async Task Unknown_namespace_is_bad_input()
    {
        await using var server = new FakeApiServer("noa-server");
        var kubeconfig = server.WriteKubeconfig(_folder);

        var live = CliRunner.Run("analyze", "--cluster", "--kubeconfig", kubeconfig, "-n", "nowhere");

        Assert.Equal(2, live.ExitCode);
        Assert.Equal("cluster:fake: error: --namespace nowhere: the cluster has no namespace 'nowhere'", live.Stderr.TrimEnd());
    }

    [Fact]
    public async Task Connection_dropped_mid_list_is_one_line_error()
    {
        await using var server = new FakeApiServer("test_with_named_ports");
        server.DropMidAnswer("api/v1/pods", "page-3");
        var kubeconfig = server.WriteKubeconfig(_folder);

        var live = CliRunner.Run("analyze", "--cluster", "--kubeconfig", kubeconfig);

        Assert.Equal(2, live.ExitCode);
        Assert.Equal("", live.Stdout);
        var line = Assert.Single(Lines(live.Stderr));
        Assert.StartsWith($"cluster:fake: error: the connection to the API server at {server.Url} broke while reading the answer to list pods (page 3): ", line);
        Assert.EndsWith("; run netpact again", line);
    }

    [Fact]
    public async Task Rejected_credentials_are_one_line_error()
    {
        await using var server = new FakeApiServer("noa-server") { RequiredToken = "the-right-token" };
        var kubeconfig = server.WriteKubeconfig(_folder, token: "a-stale-token");

        var live = CliRunner.Run("analyze", "--cluster", "--kubeconfig", kubeconfig);

        Assert.Equal(2, live.ExitCode);
        Assert.Equal(
            $"cluster:fake: error: the API server at {server.Url} rejected the credentials of context 'fake' (401 Unauthorized); log in again, or renew the token or client certificate in the kubeconfig",
            live.Stderr.TrimEnd());
    }

    [Fact]
    public async Task Unreachable_server_is_one_line_error()
    {
        string url;
        await using (var closed = new FakeApiServer("noa-server")) url = closed.Url;
        await using var server = new FakeApiServer("noa-server");
        var kubeconfig = server.WriteKubeconfig(_folder, server: url);

        var live = CliRunner.Run("explain", "--cluster", "--kubeconfig", kubeconfig, "--src", "a/b", "--dst", "c/d");

        Assert.Equal(2, live.ExitCode);
        var line = Assert.Single(Lines(live.Stderr));
        Assert.StartsWith($"cluster:fake: error: cannot reach the API server at {url}: ", line);
    }

    [Fact]
    public async Task Tls_failure_is_one_line_error()
    {
        await using var server = new FakeApiServer("noa-server");
        var https = server.Url.Replace("http://", "https://", StringComparison.Ordinal);
        var kubeconfig = server.WriteKubeconfig(_folder, server: https);

        var live = CliRunner.Run("analyze", "--cluster", "--kubeconfig", kubeconfig);

        Assert.Equal(2, live.ExitCode);
        var line = Assert.Single(Lines(live.Stderr));
        Assert.StartsWith($"cluster:fake: error: TLS with the API server at {https} failed: ", line);
    }

    [Fact]
    public void Cluster_options_without_cluster_are_bad_usage()
    {
        var result = CliRunner.Run("analyze", Path.Combine(TestPaths.Examples, "noa-server", "manifests"), "--context", "prod");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("netpact: error: --context is for reading a live cluster; add --cluster", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Neither_paths_nor_cluster_is_bad_usage()
    {
        var result = CliRunner.Run("analyze");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("netpact: error: name the manifests to read (PATH...), or read a live cluster with --cluster", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_of_the_cluster_against_its_own_manifests_is_empty()
    {
        await using var server = new FakeApiServer("noa-server");
        var kubeconfig = server.WriteKubeconfig(_folder);

        var result = CliRunner.Run("diff", "cluster:", Path.Combine(TestPaths.Examples, "noa-server", "manifests"), "--kubeconfig", kubeconfig);

        Assert.Equal("", result.Stderr);
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task Lint_and_verify_of_the_cluster_find_what_they_find_in_the_files()
    {
        await using var server = new FakeApiServer("noa-server");
        var kubeconfig = server.WriteKubeconfig(_folder);
        var manifests = Path.Combine(TestPaths.Examples, "noa-server", "manifests");
        var intent = Path.Combine(TestPaths.Examples, "noa-server", "intent.yaml");

        var lintLive = CliRunner.Run("lint", "--cluster", "--kubeconfig", kubeconfig, "--format", "json", "--fail-on", "none");
        var lintFiles = CliRunner.Run("lint", manifests, "--format", "json", "--fail-on", "none");
        var verifyLive = CliRunner.Run("verify", intent, "--cluster", "--kubeconfig", kubeconfig, "--format", "json");
        var verifyFiles = CliRunner.Run("verify", intent, manifests, "--format", "json");

        Assert.Equal(0, lintLive.ExitCode);
        Assert.Equal(RuleIds(lintFiles.Stdout), RuleIds(lintLive.Stdout));
        Assert.Equal(verifyFiles.ExitCode, verifyLive.ExitCode);
        Assert.Equal(1, verifyLive.ExitCode);
    }

    private static List<string> RuleIds(string json) =>
        [.. System.Text.RegularExpressions.Regex.Matches(json, "\"(?:rule|ruleId)\": *\"(ZT\\d+)\"").Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal)];

    private static string Flat(string text) => text.Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal);

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
