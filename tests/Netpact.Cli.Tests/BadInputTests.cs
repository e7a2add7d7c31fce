using Netpact.Tests;
using System.Text.RegularExpressions;

namespace Netpact.Cli.Tests;

/// <summary>
/// Bad input must give `file:line:col: error: message` and exit code 2, never a stack trace.
/// tests/testdata/bad-input/&lt;case&gt;/ holds the input file(s) and expected.txt, the exact lines netpact
/// must print on stderr (paths relative to the repository root), and args.txt where the case needs options beyond
/// the folder (such as --strict). A case whose expected lines hold only
/// warnings must succeed (exit 0). The netpol-analyzer oracle's own error folders are checked the same way
/// against tests/testdata/reader/netpol-analyzer/&lt;folder&gt;/stderr.txt.
/// </summary>
public sealed partial class BadInputTests
{
    [GeneratedRegex(@"^\S.*?(:\d+:\d+)?: (error|warning): \S")]
    private static partial Regex DiagnosticLine();

    public static TheoryData<string> Cases() =>
        [.. Directory.GetDirectories(Path.Combine(TestPaths.TestData, "bad-input")).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_input_prints_the_expected_diagnostics_and_exit_code(string testCase)
    {
        var dir = Path.Combine(TestPaths.TestData, "bad-input", testCase);
        var expected = File.ReadAllText(Path.Combine(dir, "expected.txt"));
        var argsFile = Path.Combine(dir, "args.txt");
        string[] options = File.Exists(argsFile) ? File.ReadAllText(argsFile).Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries) : [];

        var result = CliRunner.Run(["analyze", dir, .. options]);

        var stderr = RelativeToRepository(result.Stderr);
        Assert.Equal(expected, stderr);
        Assert.Equal(expected.Contains(": error: ", StringComparison.Ordinal) ? 2 : 0, result.ExitCode);
        AssertDiagnosticsOnly(stderr);
    }

    [Fact]
    public void Every_bad_input_case_has_an_input_and_expected_lines()
    {
        foreach (var dir in Directory.GetDirectories(Path.Combine(TestPaths.TestData, "bad-input")))
        {
            Assert.True(File.Exists(Path.Combine(dir, "expected.txt")), $"{dir} has no expected.txt");
            Assert.True(Directory.GetFiles(dir).Length >= 2, $"{dir} has no input file beside expected.txt");
            Assert.NotEqual("", File.ReadAllText(Path.Combine(dir, "expected.txt")));
        }
    }

    /// <summary>Folders of np-guard/netpol-analyzer's tests that it rejects, or that hold something wrong or irrelevant (read with --strict).</summary>
    public static TheoryData<string> OracleFolders() =>
    [
        "document_with_syntax_error", "np_bad_path_test_1", "np_bad_path_test_2",
        "bad_netpols", "bad_netpols/subdir1", "bad_netpols/subdir2", "bad_netpols/subdir3", "bad_netpols/subdir4",
        "bad_netpols/subdir5", "bad_netpols/subdir6", "bad_netpols/subdir7",
        "bad_yamls", "bad_yamls/subdir", "bad_yamls/subdir2", "bad_yamls/subdir4",
        "bad_path_namespace_with_same_name", "onlineboutique_with_pods_severe_error",
        // AdminNetworkPolicy and BaselineAdminNetworkPolicy. anp_bad_path_test_1 (two ANPs with one priority) is a
        // warning here: the API allows it and leaves the order undefined; netpol-analyzer rejects it.
        .. new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 15, 16, 17, 18, 19, 20 }.Select(i => $"anp_bad_path_test_{i}"),
        .. Enumerable.Range(1, 15).Select(i => $"banp_bad_path_test_{i}"),
        "anp_test_with_empty_port_range", "anp_banp_test_multiple_warnings", "anp_and_banp_using_networks_and_nodes_test",
    ];

    [Theory]
    [MemberData(nameof(OracleFolders))]
    public void Oracle_folder_prints_the_reviewed_diagnostics(string folder)
    {
        var tests = Path.Combine(TestPaths.NetpolAnalyzerOracle, "tests");
        Assert.SkipUnless(Directory.Exists(tests), $"the netpol-analyzer oracle is not at {TestPaths.NetpolAnalyzerOracle}");
        var expected = File.ReadAllText(Path.Combine(TestPaths.TestData, "reader", "netpol-analyzer", folder, "stderr.txt"));

        // As netpol-analyzer reads them: these are its own rejections.
        var result = CliRunner.Run("analyze", Path.Combine(tests, folder), "--strict");

        var stderr = result.Stderr.Replace(tests + Path.DirectorySeparatorChar, "", StringComparison.Ordinal);
        Assert.Equal(expected, stderr);
        Assert.Equal(expected.Contains(": error: ", StringComparison.Ordinal) ? 2 : 0, result.ExitCode);
        AssertDiagnosticsOnly(stderr);
    }

    /// <summary>
    /// Pods of one controller with labels a policy selector tells apart: not wrong to Kubernetes, but no
    /// per-workload report can be true, so under --strict they are rejected, as netpol-analyzer does.
    /// </summary>
    [Theory]
    [InlineData("semanticDiff-same-topologies-illegal-podlist", "demo/cog-agents[DaemonSet]")]
    [InlineData("example_pods_w_same_owner_and_labels_gap_with_bad_match_expression", "default/internal-security[Pod]")]
    [InlineData("example_w_err_pods_w_same_owner_and_labels_gap_anp", "default/internal-security[Pod]")]
    public void Under_strict_an_oracle_folder_whose_policy_tells_pods_of_one_workload_apart_is_rejected(string folder, string workload)
    {
        var tests = Path.Combine(TestPaths.NetpolAnalyzerOracle, "tests");

        var result = CliRunner.Run("analyze", Path.Combine(tests, folder), "--strict");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Contains(Lines(result.Stderr), l => Regex.IsMatch(l, @":\d+:\d+: error: ") && l.Contains(workload, StringComparison.Ordinal));
        AssertDiagnosticsOnly(result.Stderr);
    }

    /// <summary>
    /// Without --strict the same folders are analyzed: the workload is reported per group of pods the policies treat
    /// alike. (semanticDiff-same-topologies-illegal-podlist's DaemonSet pods are all on the host network, where no
    /// selector matches them, so nothing tells them apart there: see the test after this one.)
    /// </summary>
    [Theory]
    [InlineData("example_pods_w_same_owner_and_labels_gap_with_bad_match_expression", "default/internal-security[Pod]")]
    [InlineData("example_w_err_pods_w_same_owner_and_labels_gap_anp", "default/internal-security[Pod]")]
    public void An_oracle_folder_whose_policy_tells_pods_of_one_workload_apart_is_analyzed_per_group(string folder, string workload)
    {
        var tests = Path.Combine(TestPaths.NetpolAnalyzerOracle, "tests");

        var result = CliRunner.Run("analyze", Path.Combine(tests, folder));

        Assert.Equal(0, result.ExitCode);
        var warning = Assert.Single(Lines(result.Stderr), l => l.Contains($"the pods of workload {workload} are not alike", StringComparison.Ordinal));
        Assert.Matches(@":\d+:\d+: warning: ", warning);
        var (ns, name) = (workload[..workload.IndexOf('/')], workload[(workload.IndexOf('/') + 1)..workload.IndexOf('[')]);
        Assert.Contains($"{ns}/{name}~", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(workload, result.Stdout, StringComparison.Ordinal);
        AssertDiagnosticsOnly(result.Stderr);
    }

    [Fact]
    public void Pods_of_one_workload_all_on_the_host_network_are_alike_whatever_their_labels()
    {
        var folder = Path.Combine(TestPaths.NetpolAnalyzerOracle, "tests", "semanticDiff-same-topologies-illegal-podlist");

        var result = CliRunner.Run("analyze", folder);

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("are not alike", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("demo/cog-agents[DaemonSet]", result.Stdout, StringComparison.Ordinal);
        AssertDiagnosticsOnly(result.Stderr);
    }

    private static string RelativeToRepository(string text) =>
        text.Replace(TestPaths.RepoRoot + Path.DirectorySeparatorChar, "", StringComparison.Ordinal);

    private static IEnumerable<string> Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Every line is a diagnostic: no stack trace, no exception dump.</summary>
    private static void AssertDiagnosticsOnly(string stderr)
    {
        Assert.DoesNotContain("Unhandled exception", stderr, StringComparison.Ordinal);
        foreach (var line in Lines(stderr))
        {
            Assert.False(line.StartsWith("   at ", StringComparison.Ordinal), $"stack trace line: {line}");
            Assert.Matches(DiagnosticLine(), line);
        }
    }
}
