using Netpact.Tests;

namespace Netpact.Cli.Tests;

/// <summary>
/// A repository's root as input (tests/testdata/repository-root/repo/): kustomizations, a Helm chart, CI files and a
/// package.json beside the manifests are skipped with one warning each, a release copy of the manifests (image tags
/// aside the same) is read once with a warning, the analysis is that of the manifests alone,
/// and --strict makes the skipped files errors. The warnings are golden (expected.stderr.txt beside the root).
/// </summary>
public sealed class RepositoryRootCliTests
{
    private static readonly string Case = Path.Combine(TestPaths.TestData, "repository-root");
    private static readonly string Root = Path.Combine(Case, "repo");

    private static string RelativeToRepository(string text) =>
        text.Replace(TestPaths.RepoRoot + Path.DirectorySeparatorChar, "", StringComparison.Ordinal);

    [Fact]
    public void Analyze_on_the_root_skips_what_is_no_manifest_with_a_warning_each_and_lists_what_the_manifests_alone_give()
    {
        var root = CliRunner.Run("analyze", Root);
        var manifests = CliRunner.Run("analyze", Path.Combine(Root, "deploy", "base", "shop.yaml"), Path.Combine(Root, "deploy", "base", "network-policies.yaml"));

        Assert.Equal(0, root.ExitCode);
        Assert.Equal(File.ReadAllText(Path.Combine(Case, "expected.stderr.txt")), RelativeToRepository(root.Stderr));
        Assert.Equal(0, manifests.ExitCode);
        Assert.Equal("", manifests.Stderr);
        Assert.Contains("shop/storefront[Deployment] => shop/orders[Deployment] : TCP 9000", manifests.Stdout, StringComparison.Ordinal);
        Assert.Equal(manifests.Stdout, root.Stdout);
    }

    [Fact]
    public void Strict_makes_every_skipped_file_an_error_and_exits_2()
    {
        var result = CliRunner.Run("analyze", Root, "--strict");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Equal(File.ReadAllText(Path.Combine(Case, "expected-strict.stderr.txt")), RelativeToRepository(result.Stderr));
    }

    [Theory]
    [InlineData("lint")]
    [InlineData("report")]
    public void Other_verbs_read_the_root_the_same_way(string verb)
    {
        // report writes its page to stdout with -o - (report.html in the current directory without it).
        var result = verb == "report" ? CliRunner.Run(verb, "-o", "-", Root) : CliRunner.Run(verb, Root);

        Assert.NotEqual(2, result.ExitCode);
        Assert.Equal(File.ReadAllText(Path.Combine(Case, "expected.stderr.txt")), RelativeToRepository(result.Stderr));
    }

    [Fact]
    public void A_ci_workflow_named_explicitly_is_skipped_with_a_warning()
    {
        var workflow = Path.Combine(Root, ".github", "workflows", "ci.yml");

        var result = CliRunner.Run("analyze", workflow);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Equal($"{workflow}:1:1: warning: this document has no 'kind', so it is no Kubernetes object; skipped\n", result.Stderr);
    }

    [Fact]
    public void A_helm_template_on_stdin_is_skipped_with_the_helm_command_to_run_instead()
    {
        var template = File.ReadAllText(Path.Combine(Root, "chart", "templates", "deployment.yaml"));

        var result = CliRunner.RunWithInput(template, "analyze", "-");
        var strict = CliRunner.RunWithInput(template, "analyze", "-", "--strict");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^<stdin>:\d+:\d+: warning: this file holds Helm template actions and is no valid YAML from here on: a template, not a manifest; " +
                       @"skipped: analyze what the chart renders: helm template NAME CHART \| netpact analyze -\n$", result.Stderr);
        Assert.Equal(2, strict.ExitCode);
        Assert.Contains(": error: this file holds Helm template actions", strict.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Many_skipped_files_show_the_first_five_and_a_count_and_verbose_shows_them_all()
    {
        var dir = Directory.CreateTempSubdirectory("netpact-many-").FullName;
        try
        {
            for (var i = 0; i < 12; i++) File.WriteAllText(Path.Combine(dir, $"package{i:D2}.json"), "{\"name\": \"p\"}\n");
            File.WriteAllText(Path.Combine(dir, "pod.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: web, labels: {app: 'a b'}}\n");

            var result = CliRunner.Run("analyze", dir);
            var verbose = CliRunner.Run("analyze", dir, "-v");

            Assert.Equal(0, result.ExitCode);
            var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(7, lines.Length);
            Assert.All(lines[..5], l => Assert.EndsWith("this document has no 'kind', so it is no Kubernetes object; skipped", l, StringComparison.Ordinal));
            // Other warnings are never shortened.
            Assert.Contains("'a b' is not a valid value", lines[5], StringComparison.Ordinal);
            Assert.Equal("netpact: warning: 7 more warnings like these (inputs that are no Kubernetes objects, skipped; --strict makes them errors); --verbose lists every one", lines[6]);
            Assert.Equal(12, verbose.Stderr.Split('\n').Count(l => l.EndsWith("; skipped", StringComparison.Ordinal)));
            Assert.DoesNotContain("more inputs", verbose.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
