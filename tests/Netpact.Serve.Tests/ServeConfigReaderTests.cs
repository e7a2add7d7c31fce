using System.Net;
using Netpact.Cli;
using Netpact.Tests;

namespace Netpact.Serve.Tests;

public sealed class ServeConfigReaderTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("netpact-serve-config-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Write(string yaml)
    {
        var path = Path.Combine(_dir.FullName, "serve.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private static string Manifests => Path.Combine(TestPaths.Examples, "noa-server", "manifests");

    [Fact]
    public void A_full_configuration_is_read_with_paths_relative_to_the_file()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "lint.yaml"), "ignore: []\n");
        var path = Write($"""
            apiVersion: netpact/v1
            kind: Serve
            listen: 127.0.0.1:9800
            interval: 30s
            timeout: 2m
            analyze:
              manifests: [{Manifests}]
            intent: {Path.Combine(TestPaths.Examples, "noa-server", "intent.yaml")}
            lint:
              config: lint.yaml
            """);

        var read = ServeConfigReader.ReadFile(path);

        Assert.Empty(read.Diagnostics);
        var config = read.Config!;
        Assert.Equal(IPAddress.Loopback, config.ListenAddress);
        Assert.Equal(9800, config.Port);
        Assert.Equal(TimeSpan.FromSeconds(30), config.Interval);
        Assert.Equal(TimeSpan.FromMinutes(2), config.Timeout);
        Assert.Equal([Manifests], config.Manifests);
        Assert.Equal(Path.Combine(_dir.FullName, "lint.yaml"), config.LintConfig);
    }

    [Fact]
    public void Defaults_are_loopback_the_default_port_and_a_minute()
    {
        var read = ServeConfigReader.ReadText($"apiVersion: netpact/v1\nkind: Serve\nanalyze:\n  manifests: {Manifests}\n", Path.Combine(_dir.FullName, "s.yaml"));

        Assert.Empty(read.Diagnostics);
        Assert.Equal(IPAddress.Loopback, read.Config!.ListenAddress);
        Assert.Equal(ServeConfig.DefaultPort, read.Config.Port);
        Assert.Equal(TimeSpan.FromMinutes(1), read.Config.Interval);
    }

    [Theory]
    [InlineData("listen: 0.0.0.0:9742\n", 3, 9, "not a loopback address")]
    [InlineData("listen: 10.1.2.3:9742\n", 3, 9, "allowNonLoopback: true")]
    [InlineData("listen: example.org:9742\n", 3, 9, "not an IP address")]
    [InlineData("listen: 127.0.0.1\n", 3, 9, "ADDRESS:PORT")]
    [InlineData("listen: 2130706433:9742\n", 3, 9, "not an IP address")]
    [InlineData("interval: 5 minutes\n", 3, 11, "'interval' must be a duration")]
    [InlineData("interval: 1ms\n", 3, 11, "from 10ms to 24h")]
    [InlineData("intervall: 5m\n", 3, 1, "unknown field 'intervall'")]
    [InlineData("intent: nowhere.yaml\n", 3, 9, "is not a file")]
    [InlineData("analyze:\n  cluster: {contxt: prod}\n", 4, 13, "unknown field 'contxt' in 'cluster'")]
    [InlineData("analyze:\n  cluster: {kubeconfig: nowhere}\n", 4, 25, "is not a file")]
    [InlineData("analyze:\n  cluster: {namespaces: {a: b}}\n", 4, 25, "a namespace or a list of namespaces")]
    [InlineData("analyze:\n  cluster: yes\n", 4, 12, "must be true or a mapping")]
    [InlineData("analyze: {}\n", 3, 10, "needs 'manifests'")]
    public void Bad_settings_are_errors_at_their_line_and_column(string yaml, int line, int column, string message)
    {
        var path = Write("apiVersion: netpact/v1\nkind: Serve\n" + yaml + (yaml.StartsWith("analyze", StringComparison.Ordinal) ? "" : $"analyze:\n  manifests: [{Manifests}]\n"));

        var read = ServeConfigReader.ReadFile(path);

        Assert.Null(read.Config);
        var d = Assert.Single(read.Diagnostics);
        Assert.StartsWith($"{path}:{line}:{column}: error: ", d.ToString(), StringComparison.Ordinal);
        Assert.Contains(message, d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_live_cluster_is_read_with_its_context_kubeconfig_relative_to_the_file_and_namespaces()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "kubeconfig"), "apiVersion: v1\nkind: Config\n");
        var path = Write("apiVersion: netpact/v1\nkind: Serve\nanalyze:\n  cluster:\n    context: prod\n    kubeconfig: kubeconfig\n    namespaces: [shop, db]\n");

        var read = ServeConfigReader.ReadFile(path);

        Assert.Empty(read.Diagnostics);
        var live = read.Config!.Cluster!;
        Assert.Equal("prod", live.Context);
        Assert.Equal(Path.Combine(_dir.FullName, "kubeconfig"), live.Kubeconfig);
        Assert.Equal(["shop", "db"], live.Namespaces);
        Assert.Empty(read.Config.Manifests);
    }

    [Fact]
    public void Cluster_true_reads_the_current_context_and_cluster_beside_manifests_is_an_error()
    {
        var alone = ServeConfigReader.ReadText("apiVersion: netpact/v1\nkind: Serve\nanalyze:\n  cluster: true\n", "s.yaml");
        var both = ServeConfigReader.ReadText($"apiVersion: netpact/v1\nkind: Serve\nanalyze:\n  manifests: [{Manifests}]\n  cluster: true\n", "s.yaml");

        Assert.Empty(alone.Diagnostics);
        var live = alone.Config!.Cluster!;
        Assert.Null(live.Context);
        Assert.Null(live.Kubeconfig);
        Assert.Empty(live.Namespaces);
        Assert.Null(both.Config);
        Assert.StartsWith("s.yaml:5:12: error: 'analyze' reads either 'manifests' or a live 'cluster'", Assert.Single(both.Diagnostics).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_loopback_address_is_accepted_when_explicitly_allowed()
    {
        var read = ServeConfigReader.ReadText($"apiVersion: netpact/v1\nkind: Serve\nlisten: 0.0.0.0:9742\nallowNonLoopback: true\nanalyze:\n  manifests: [{Manifests}]\n", "s.yaml");

        Assert.Empty(read.Diagnostics);
        Assert.Equal(IPAddress.Any, read.Config!.ListenAddress);
    }

    [Fact]
    public void Serve_with_a_bad_configuration_exits_2_with_located_errors_and_no_stack_trace()
    {
        var path = Write("apiVersion: netpact/v1\nkind: Serve\nlisten: [1, 2\n");
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = NetpactCommand.Run(["serve", "--config", path], TextReader.Null, stdout, stderr);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.StartsWith($"{path}:", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains(": error: not valid YAML", stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal("", stdout.ToString());
    }

    [Fact]
    public void Serve_with_a_missing_configuration_file_exits_2()
    {
        var stderr = new StringWriter();

        var code = NetpactCommand.Run(["serve", "--config", Path.Combine(_dir.FullName, "none.yaml")], TextReader.Null, TextWriter.Null, stderr);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("error: cannot read the serve configuration", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_configuration_nested_100000_levels_deep_is_an_error_not_a_stack_overflow()
    {
        var path = Write("apiVersion: netpact/v1\nkind: Serve\n" + HostileFolder.DeepYaml(100_000));

        var read = ServeConfigReader.ReadFile(path);

        var error = Assert.Single(read.Diagnostics);
        // The top mapping is the first level: the 256th bracket opens the 257th.
        Assert.Equal(new Model.SourceSpan(path, 3, 4 + 255), error.Span);
        Assert.StartsWith("not valid YAML: the data nests more than 256 levels deep here", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_with_a_fifo_as_configuration_exits_2_naming_it()
    {
        using var folder = new HostileFolder();
        var fifo = folder.AddFifo("serve.yaml");
        var stderr = new StringWriter();

        var code = HostileFolder.Bounded(() => NetpactCommand.Run(["serve", "--config", fifo], TextReader.Null, TextWriter.Null, stderr));

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains($"{fifo}: error: cannot read the serve configuration: it is a named pipe (FIFO)", stderr.ToString(), StringComparison.Ordinal);
    }
}
