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
    private sealed record OracleCase(string Case, string Group, string Format, string ExpectedFile);

    private static IEnumerable<OracleCase> Cases()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.NetpolAnalyzerOracle, "cases_connlist.json")));
        foreach (var entry in json.RootElement.EnumerateArray())
        {
            var group = entry.GetProperty("group").GetString()![..1];
            if (group is not ("A" or "C")) continue;
            // Focus options select a part of the connectivity; those variants belong to group B/E.
            if (entry.GetProperty("focusWorkloads").GetArrayLength() > 0) continue;
            foreach (var output in entry.GetProperty("expectedOutputs").EnumerateObject())
            {
                if (output.Name == "svg") continue;
                // Group C: only the plain list before the exposure section is in scope; its txt carries it.
                if (group == "C" && output.Name != "txt") continue;
                yield return new OracleCase(entry.GetProperty("testDirName").GetString()!, group, output.Name, output.Value.GetString()!);
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
            if (c.Group == "C") expected = expected.Split("Exposure Analysis Result:")[0];
            var result = CliRunner.Run("analyze", Path.Combine(TestPaths.NetpolAnalyzerOracle, "tests", c.Case), "--format", c.Format);
            if (result.ExitCode != 0 || Strip(result.Stdout) != Strip(expected))
                failures.Add($"{c.Case} ({c.Group}, {c.Format}): exit {result.ExitCode} {result.Stderr.Split('\n')[0]}");
        }
        var message = $"netpol-analyzer oracle: {cases.Count - failures.Count} of {cases.Count} case outputs match";
        TestContext.Current.SendDiagnosticMessage(message);
        Console.Error.WriteLine(message);
        Assert.True(cases.Count >= 101, $"expected at least the 101 cases of groups A and C, found {cases.Count}");
        Assert.True(failures.Count == 0, message + ":\n" + string.Join("\n", failures));
    }
}
