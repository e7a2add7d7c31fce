using Netpact.Kubernetes;

namespace Netpact.LiveCluster.Tests;

/// <summary>The live reader on its own: kubeconfig rules, the objects it hands on, its bounds.</summary>
public sealed class LiveClusterReaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("netpact-cluster-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Objects_are_manifests_with_kind_api_version_and_a_cluster_source_name()
    {
        await using var server = new FakeApiServer("noa-server");
        var options = new LiveClusterOptions { Kubeconfig = server.WriteKubeconfig(_folder) };

        var result = await LiveClusterReader.ReadAsync(options, TestContext.Current.CancellationToken);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(14, result.Objects.Count(o => o.Source.StartsWith("cluster:fake/networkpolicies/", StringComparison.Ordinal)));
        var postgres = Assert.Single(result.Objects, o => o.Source == "cluster:fake/statefulsets/databases/postgresql");
        Assert.StartsWith("{\n  \"apiVersion\": \"apps/v1\",\n  \"kind\": \"StatefulSet\",", postgres.Text, StringComparison.Ordinal);
        Assert.Contains(result.Objects, o => o.Source == "cluster:fake/namespaces/databases");
    }

    [Fact]
    public async Task Kubeconfig_variable_with_several_files_is_merged_first_one_winning()
    {
        await using var server = new FakeApiServer("noa-server");
        var real = server.WriteKubeconfig(_folder);
        var first = Path.Combine(_folder, "first");
        // The first file names the current context; the second defines it (and a context of the same name is ignored there).
        File.WriteAllText(first, """
            apiVersion: v1
            kind: Config
            current-context: fake
            """);
        var env = new Dictionary<string, string> { ["KUBECONFIG"] = $"{Path.Combine(_folder, "missing")}{Path.PathSeparator}{first}{Path.PathSeparator}{real}" };
        var options = new LiveClusterOptions { Environment = env.GetValueOrDefault };

        var result = await LiveClusterReader.ReadAsync(options, TestContext.Current.CancellationToken);

        Assert.Empty(result.Diagnostics);
        Assert.NotEmpty(result.Objects);
    }

    [Fact]
    public async Task Unknown_context_names_the_known_ones()
    {
        await using var server = new FakeApiServer("noa-server");
        var options = new LiveClusterOptions { Kubeconfig = server.WriteKubeconfig(_folder), Context = "prod" };

        var result = await LiveClusterReader.ReadAsync(options, TestContext.Current.CancellationToken);

        Assert.Equal("cluster: error: the kubeconfig has no context 'prod'; it has fake", Assert.Single(result.Diagnostics).ToString());
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_list_longer_than_the_page_bound_is_an_error_not_an_endless_loop()
    {
        await using var server = new FakeApiServer("test_with_named_ports");
        var options = new LiveClusterOptions { Kubeconfig = server.WriteKubeconfig(_folder), MaxPages = 3 };

        var result = await LiveClusterReader.ReadAsync(options, TestContext.Current.CancellationToken);

        Assert.Equal("cluster:fake: error: the list of pods goes on past 3 pages of 500; narrow it with --namespace",
            Assert.Single(result.Diagnostics).ToString());
        Assert.Empty(result.Objects);
        Assert.Equal(3, server.Requests.Count(r => r.StartsWith("/api/v1/pods?", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_server_that_never_answers_is_given_up_on_after_the_request_timeout()
    {
        await using var server = new FakeApiServer("noa-server");
        server.NeverAnswer("api/v1/namespaces");
        var options = new LiveClusterOptions { Kubeconfig = server.WriteKubeconfig(_folder), RequestTimeout = TimeSpan.FromSeconds(1) };

        var result = await LiveClusterReader.ReadAsync(options, TestContext.Current.CancellationToken);

        Assert.Equal($"cluster:fake: error: the API server at {server.Url} did not answer within 1s (while trying to list namespaces); check that it is reachable",
            Assert.Single(result.Diagnostics).ToString());
        Assert.Empty(result.Objects);
    }

    [Fact]
    public async Task Objects_read_into_the_same_cluster_as_the_files()
    {
        await using var server = new FakeApiServer("test_with_named_ports");
        var options = new LiveClusterOptions { Kubeconfig = server.WriteKubeconfig(_folder) };

        var live = await LiveClusterReader.ReadAsync(options, TestContext.Current.CancellationToken);
        var fromCluster = ManifestReader.Read([], null, live.Objects);
        var fromFiles = ManifestReader.Read([Path.Combine(Netpact.Tests.TestPaths.NetpolAnalyzerOracle, "tests", "test_with_named_ports")]);

        Assert.False(fromCluster.HasErrors);
        Assert.Equal(Names(fromFiles), Names(fromCluster));
    }

    private static List<string> Names(ReadResult read) =>
        [.. read.Cluster.Workloads.Select(w => $"{w.Namespace}/{w.Name}[{w.Kind}] {w.Pods.Length}").Concat(read.Cluster.Policies.Select(p => p.Id)).Order(StringComparer.Ordinal)];
}
