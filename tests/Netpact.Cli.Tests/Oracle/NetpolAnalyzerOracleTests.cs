using Netpact.Tests;
using System.Text.Json;

namespace Netpact.Cli.Tests.Oracle;

/// <summary>
/// The conformance suite: np-guard/netpol-analyzer's own expected `list` outputs (groups A and C of
/// cases_connlist.json) must come out of `netpact analyze` unchanged. Compared as upstream compares:
/// equal after removing every \n and \r.
/// </summary>
public sealed class NetpolAnalyzerOracleTests
{
    private sealed record OracleCase(int Entry, string Case, string Group, string Format, string ExpectedFile, string[] Focus);

    private static IEnumerable<OracleCase> Cases()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.NetpolAnalyzerOracle, "cases_connlist.json")));
        var index = 0;
        foreach (var entry in json.RootElement.EnumerateArray())
        {
            index++;
            var group = entry.GetProperty("group").GetString()![..1];
            if (group is not ("A" or "C")) continue;
            var focus = entry.GetProperty("focusWorkloads").EnumerateArray().Select(f => f.GetString()!).ToArray();
            foreach (var output in entry.GetProperty("expectedOutputs").EnumerateObject())
            {
                if (output.Name == "svg") continue;
                // Group C is compared in full, exposure included (analyze --exposure), dot too.
                yield return new OracleCase(index, entry.GetProperty("testDirName").GetString()!, group, output.Name, output.Value.GetString()!, focus);
            }
        }
    }

    private static string Strip(string s) => s.Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal);

    [Fact]
    public void Analyze_prints_exactly_what_netpol_analyzer_expects_for_groups_A_and_C()
    {
        Assert.True(Directory.Exists(TestPaths.NetpolAnalyzerOracle),
            $"the oracle is expected at {TestPaths.NetpolAnalyzerOracle} (../shared beside the repository)");
        var cases = Cases().ToList();
        var failures = new List<string>();
        foreach (var c in cases)
        {
            var expected = File.ReadAllText(Path.Combine(TestPaths.NetpolAnalyzerOracle, "test_outputs", "connlist", c.ExpectedFile));
            string[] args = ["analyze", Path.Combine(TestPaths.NetpolAnalyzerOracle, "tests", c.Case), "--format", c.Format];
            if (c.Group == "C") args = [.. args, "--exposure"];
            var result = CliRunner.Run([.. args, .. c.Focus.SelectMany(f => new[] { "--focus-workload", f })]);
            var actual = result.Stdout;
            if (result.ExitCode != 0 || Strip(actual) != Strip(expected))
                failures.Add($"{c.Case} ({c.Group}, {c.Format}): exit {result.ExitCode} {result.Stderr.Split('\n')[0]}");
        }
        var message = $"netpol-analyzer oracle: {cases.Count - failures.Count} of {cases.Count} expected outputs match ({cases.Select(c => c.Entry).Distinct().Count()} cases of groups A and C)";
        TestContext.Current.SendDiagnosticMessage(message);
        Console.Error.WriteLine(message);
        var entries = cases.Select(c => c.Entry).Distinct().Count();
        Assert.True(entries == 102, $"expected the 102 cases of groups A (42) and C (60), found {entries}");
        Assert.True(failures.Count == 0, message + ":\n" + string.Join("\n", failures));
    }
}
