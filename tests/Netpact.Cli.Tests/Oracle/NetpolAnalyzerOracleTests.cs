using Netpact.Tests;
using System.Text.Json;

namespace Netpact.Cli.Tests.Oracle;

/// <summary>
/// The conformance suite: np-guard/netpol-analyzer's own expected `list` outputs (groups A, C and D of
/// cases_connlist.json; D is AdminNetworkPolicy and BaselineAdminNetworkPolicy) must come out of `netpact analyze` unchanged. Compared as upstream compares:
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
            if (group is not ("A" or "C" or "D")) continue;
            var focus = entry.GetProperty("focusWorkloads").EnumerateArray().Select(f => f.GetString()!).ToArray();
            foreach (var output in entry.GetProperty("expectedOutputs").EnumerateObject())
            {
                if (output.Name == "svg") continue;
                // Group C: only the plain list before the exposure section is in scope. Its dot mixes
                // exposure nodes into the graph, so there is no plain part to compare.
                if (group == "C" && output.Name == "dot") continue;
                yield return new OracleCase(index, entry.GetProperty("testDirName").GetString()!, group, output.Name, output.Value.GetString()!, focus);
            }
        }
    }

    /// <summary>The plain connectivity list of an exposure output, and ours in the same shape.</summary>
    private static (string Expected, string Actual) PlainListOfExposureOutput(string expected, string actual, string format)
    {
        switch (format)
        {
            case "json":
                // {"connlist_results": [...], "exposure_results": {...}}: compare the list, re-serialised alike.
                using (var doc = JsonDocument.Parse(expected))
                using (var ours = JsonDocument.Parse(actual))
                {
                    return (Canonical(doc.RootElement.GetProperty("connlist_results")), Canonical(ours.RootElement));
                }
            case "csv":
                return (expected.Split("Exposure Analysis Result:,,")[0], actual);
            case "md":
                return (expected.Split("## Exposure Analysis Result:")[0], actual);
            default:
                return (expected.Split("Exposure Analysis Result:")[0], actual);
        }
    }

    private static string Canonical(JsonElement list) => JsonSerializer.Serialize(list.EnumerateArray()
        .Select(e => $"{e.GetProperty("src").GetString()}|{e.GetProperty("dst").GetString()}|{e.GetProperty("conn").GetString()}"));

    private static string Strip(string s) => s.Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal);

    [Fact]
    public void Analyze_prints_exactly_what_netpol_analyzer_expects_for_groups_A_C_and_D()
    {
        Assert.True(Directory.Exists(TestPaths.NetpolAnalyzerOracle),
            $"the oracle is expected at {TestPaths.NetpolAnalyzerOracle} (../shared beside the repository)");
        var cases = Cases().ToList();
        var failures = new List<string>();
        foreach (var c in cases)
        {
            var expected = File.ReadAllText(Path.Combine(TestPaths.NetpolAnalyzerOracle, "test_outputs", "connlist", c.ExpectedFile));
            string[] args = ["analyze", Path.Combine(TestPaths.NetpolAnalyzerOracle, "tests", c.Case), "--format", c.Format];
            var result = CliRunner.Run([.. args, .. c.Focus.SelectMany(f => new[] { "--focus-workload", f })]);
            var actual = result.Stdout;
            if (c.Group == "C") (expected, actual) = PlainListOfExposureOutput(expected, actual, c.Format);
            if (result.ExitCode != 0 || Strip(actual) != Strip(expected))
                failures.Add($"{c.Case} ({c.Group}, {c.Format}): exit {result.ExitCode} {result.Stderr.Split('\n')[0]}");
        }
        var message = $"netpol-analyzer oracle: {cases.Count - failures.Count} of {cases.Count} expected outputs match ({cases.Select(c => c.Entry).Distinct().Count()} cases of groups A, C and D)";
        TestContext.Current.SendDiagnosticMessage(message);
        Console.Error.WriteLine(message);
        var entries = cases.Select(c => c.Entry).Distinct().Count();
        Assert.True(entries == 155, $"expected the 155 cases of groups A (42), C (59) and D (54) with comparable outputs, found {entries}");
        Assert.True(failures.Count == 0, message + ":\n" + string.Join("\n", failures));
    }
}
