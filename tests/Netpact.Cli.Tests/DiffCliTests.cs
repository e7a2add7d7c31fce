using System.Diagnostics;
using System.Text.Json;
using Netpact.Tests;

namespace Netpact.Cli.Tests;

/// <summary>Tests that change the process's current directory run alone, after the parallel ones.</summary>
[CollectionDefinition(nameof(CurrentDirectoryCollection), DisableParallelization = true)]
public sealed class CurrentDirectoryCollection;

/// <summary>`netpact diff`: exit codes and --fail-on, JSON, git:REV:PATH inputs (relative to the current directory), bad input.</summary>
[Collection(nameof(CurrentDirectoryCollection))]
public sealed class DiffCliTests
{
    private static string Oracle(string folder) => Path.Combine(TestPaths.NetpolAnalyzerOracle, "tests", folder);

    [Fact]
    public void Identical_inputs_exit_0_with_no_output()
    {
        var result = CliRunner.Run("diff", Oracle("with_end_port_example"), Oracle("with_end_port_example"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void Fail_on_added_ignores_changes_that_only_close()
    {
        // netpol-diff-example-minimal widens frontend => backend to TCP 9090,UDP 53 and admits external sources to
        // backend; the reverse change only narrows and removes.
        var opened = CliRunner.Run("diff", Oracle("netpol-analysis-example-minimal"), Oracle("netpol-diff-example-minimal"), "--fail-on", "added");
        var closedOnly = CliRunner.Run("diff", Oracle("netpol-diff-example-minimal"), Oracle("netpol-analysis-example-minimal"), "--fail-on", "added");
        var any = CliRunner.Run("diff", Oracle("netpol-diff-example-minimal"), Oracle("netpol-analysis-example-minimal"));
        var none = CliRunner.Run("diff", Oracle("netpol-analysis-example-minimal"), Oracle("netpol-diff-example-minimal"), "--fail-on", "none");

        Assert.Equal(1, opened.ExitCode);
        Assert.Equal(0, closedOnly.ExitCode);
        Assert.Equal(1, any.ExitCode);
        Assert.Equal(0, none.ExitCode);
        Assert.Contains("diff-type: removed", closedOnly.Stdout, StringComparison.Ordinal);
        Assert.Contains("diff-type: changed, source: default/frontend[Deployment], destination: default/backend[Deployment], ref1: TCP 9090,UDP 53, ref2: TCP 9090",
            closedOnly.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_lists_added_and_removed_workloads_and_the_connections()
    {
        var result = CliRunner.Run("diff", Oracle("semanticDiff-different-topologies-policy-a"), Oracle("semanticDiff-different-topologies-policy-b"), "-f", "json");

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Contains("default/cog-agents-5[DaemonSet]", root.GetProperty("workloadsAdded").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("default/cog-agents-3[DaemonSet]", root.GetProperty("workloadsRemoved").EnumerateArray().Select(e => e.GetString()));
        var txtLines = CliRunner.Run("diff", Oracle("semanticDiff-different-topologies-policy-a"), Oracle("semanticDiff-different-topologies-policy-b")).Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1;
        Assert.Equal(txtLines, root.GetProperty("connections").GetArrayLength());
    }

    [Fact]
    public void Missing_side_is_bad_input_with_a_located_error()
    {
        var result = CliRunner.Run("diff", Oracle("ipblockstest"), "no-such-folder");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.StartsWith("no-such-folder: error: no such file or directory", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Both_sides_from_stdin_is_bad_usage()
    {
        var result = CliRunner.Run("diff", "-", "-");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("cannot both be '-'", result.Stderr, StringComparison.Ordinal);
    }

    private static void Git(string repo, params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = repo, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["-c", "user.name=netpact", "-c", "user.email=netpact@example.invalid", .. args]) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "git did not finish");
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', args)}: {error}");
    }

    [Fact]
    public void Git_revision_input_compares_a_path_at_a_commit_with_the_working_tree()
    {
        var repo = Path.Combine(Path.GetTempPath(), $"netpact-git-test-{Guid.NewGuid():N}");
        var deploy = Path.Combine(repo, "deploy");
        Directory.CreateDirectory(deploy);
        var previous = Directory.GetCurrentDirectory();
        try
        {
            Git(repo, "init", "-q");
            foreach (var f in Directory.GetFiles(Oracle("netpol-analysis-example-minimal"))) File.Copy(f, Path.Combine(deploy, Path.GetFileName(f)));
            Git(repo, "add", ".");
            Git(repo, "commit", "-q", "-m", "old");
            foreach (var f in Directory.GetFiles(deploy)) File.Delete(f);
            foreach (var f in Directory.GetFiles(Oracle("netpol-diff-example-minimal"))) File.Copy(f, Path.Combine(deploy, Path.GetFileName(f)));
            Directory.SetCurrentDirectory(repo);

            var result = CliRunner.Run("diff", "git:HEAD:deploy", "deploy");
            var badRevision = CliRunner.Run("diff", "git:no-such-branch:deploy", "deploy");
            var badPath = CliRunner.Run("diff", "git:HEAD:nowhere", "deploy");

            var expected = File.ReadAllText(Path.Combine(TestPaths.NetpolAnalyzerOracle, "test_outputs", "diff",
                "diff_between_netpol-diff-example-minimal_and_netpol-analysis-example-minimal.txt"));
            Assert.Equal(1, result.ExitCode);
            Assert.Equal(expected.TrimEnd('\n'), result.Stdout.TrimEnd('\n'));
            Assert.Equal(2, badRevision.ExitCode);
            Assert.StartsWith("git:no-such-branch:deploy: error: 'no-such-branch' is not a commit", badRevision.Stderr, StringComparison.Ordinal);
            Assert.Equal(2, badPath.ExitCode);
            Assert.StartsWith("git:HEAD:nowhere: error: 'nowhere' does not exist at HEAD", badPath.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
            Directory.Delete(repo, recursive: true);
        }
    }

    [Fact]
    public void Errors_in_a_git_revision_name_the_file_in_the_repository()
    {
        var repo = Path.Combine(Path.GetTempPath(), $"netpact-git-test-{Guid.NewGuid():N}");
        Directory.CreateDirectory(repo);
        var previous = Directory.GetCurrentDirectory();
        try
        {
            Git(repo, "init", "-q");
            File.WriteAllText(Path.Combine(repo, "np.yaml"), "kind: NetworkPolicy\nmetadata: {name: x}\nspec: {policyTypes: [Sideways]}\n");
            Git(repo, "add", ".");
            Git(repo, "commit", "-q", "-m", "broken");
            Directory.SetCurrentDirectory(repo);

            var result = CliRunner.Run("diff", "git:HEAD:.", "np.yaml");

            Assert.Equal(2, result.ExitCode);
            Assert.StartsWith("git:HEAD:np.yaml:3:22: error: 'Sideways' is not a policy type", result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
            Directory.Delete(repo, recursive: true);
        }
    }
}
