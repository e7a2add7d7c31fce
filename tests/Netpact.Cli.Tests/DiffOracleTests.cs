using System.Text.Json;
using System.Text.RegularExpressions;
using Netpact.Tests;

namespace Netpact.Cli.Tests;

/// <summary>
/// The diff conformance suite: every netpol-analyzer diff case whose two folders hold only core NetworkPolicy
/// (no Route, Ingress, AdminNetworkPolicy, UDN, ...) must come out of `netpact diff A B` unchanged in each
/// format it has (txt, csv, md), read with --strict (netpol-analyzer's semantics; see NetpolAnalyzerOracleTests). The oracle
/// file diff_between_B_and_A is the diff from A (ref1) to B (ref2).
/// Compared as upstream compares: equal after removing every \n and \r.
/// </summary>
public sealed partial class DiffOracleTests
{
    private static string Oracle => TestPaths.NetpolAnalyzerOracle;

    /// <summary>Kinds outside core NetworkPolicy that netpol-analyzer's diff also analyses.</summary>
    private static readonly HashSet<string> NonCoreKinds =
    [
        "Route", "Ingress", "AdminNetworkPolicy", "BaselineAdminNetworkPolicy", "UserDefinedNetwork",
        "ClusterUserDefinedNetwork", "NetworkAttachmentDefinition", "MultiNetworkPolicy", "VirtualMachine",
    ];

    [GeneratedRegex("\"?kind\"?\\s*:\\s*\"?([A-Za-z]+)")]
    private static partial Regex KindField();

    private sealed record DiffCase(string Name, string Old, string New, string[] Formats, string[] NameOptions);

    private static readonly string[] AdminKinds = ["AdminNetworkPolicy", "BaselineAdminNetworkPolicy"];

    /// <summary>
    /// Whether a case folder holds only core NetworkPolicy (with <paramref name="admin"/>: also AdminNetworkPolicy and
    /// BaselineAdminNetworkPolicy, at least one of them): by cases_connlist.json's features, else by the kinds in its files.
    /// </summary>
    private static bool IsCore(string folder, Dictionary<string, HashSet<string>> features, bool admin = false)
    {
        string[] kinds = features.TryGetValue(folder, out var listed)
            ? [.. listed.Select(f => f switch { "NP" => "NetworkPolicy", "ANP" => AdminKinds[0], "BANP" => AdminKinds[1], _ => f })]
            : [.. Directory.EnumerateFiles(Path.Combine(Oracle, "tests", folder), "*", SearchOption.AllDirectories)
                .SelectMany(f => KindField().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))];
        if (!admin) return features.ContainsKey(folder) ? kinds.All(k => k == "NetworkPolicy") : !kinds.Any(NonCoreKinds.Contains);
        var other = kinds.Where(k => !AdminKinds.Contains(k));
        return kinds.Any(AdminKinds.Contains)
            && (features.ContainsKey(folder) ? other.All(k => k == "NetworkPolicy") : !other.Any(NonCoreKinds.Contains));
    }

    private static List<DiffCase> Cases(bool admin = false)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Oracle, "cases_connlist.json")));
        var features = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var entry in json.RootElement.EnumerateArray())
        {
            var set = features.TryGetValue(entry.GetProperty("testDirName").GetString()!, out var s) ? s : features[entry.GetProperty("testDirName").GetString()!] = [];
            set.UnionWith(entry.GetProperty("features").EnumerateArray().Select(f => f.GetString()!));
        }
        var folders = Directory.GetDirectories(Path.Combine(Oracle, "tests")).Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
        var cases = new List<DiffCase>();
        foreach (var group in Directory.GetFiles(Path.Combine(Oracle, "test_outputs", "diff")).GroupBy(Path.GetFileNameWithoutExtension))
        {
            var name = group.Key!;
            const string argNames = "TsetOutputWithArgNamesOption_";
            var names = name.StartsWith(argNames, StringComparison.Ordinal) ? new[] { "--old-name", "old", "--new-name", "new" } : [];
            var rest = name[(names.Length > 0 ? argNames.Length : 0)..]["diff_between_".Length..];
            // diff_between_<B>_and_<A>: find the split where both are case folders.
            var split = Regex.Matches(rest, "_and_").Select(m => (New: rest[..m.Index], Old: rest[(m.Index + 5)..]))
                .Single(x => folders.Contains(x.New) && folders.Contains(x.Old));
            bool WithAdmin(string folder) => IsCore(folder, features, admin: true);
            // With admin: both folders readable (core or core plus ANP/BANP) and at least one holds ANP/BANP.
            var wanted = admin
                ? (WithAdmin(split.Old) || WithAdmin(split.New))
                  && (IsCore(split.Old, features) || WithAdmin(split.Old)) && (IsCore(split.New, features) || WithAdmin(split.New))
                : IsCore(split.Old, features) && IsCore(split.New, features);
            if (!wanted) continue;
            var formats = group.Select(f => Path.GetExtension(f)[1..]).Where(f => f is "txt" or "csv" or "md").Order(StringComparer.Ordinal).ToArray();
            cases.Add(new DiffCase(name, split.Old, split.New, formats, names));
        }
        return cases;
    }

    private static string Strip(string s) => s.Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal);

    [Fact]
    public void Diff_prints_exactly_what_netpol_analyzer_expects_for_every_core_NetworkPolicy_case()
    {
        var (cases, checks, message) = Check(Cases(), "core NetworkPolicy");
        // 25 cases (the ArgNames variant included) whose folders hold only core NetworkPolicy, with 37 txt/csv/md files.
        Assert.True(cases.Count == 25 && checks == 37, $"expected 25 core cases with 37 outputs, found {cases.Count} with {checks}: " + string.Join(", ", cases.Select(c => c.Name)));
        Assert.True(message is null, message);
    }

    [Fact]
    public void Diff_prints_exactly_what_netpol_analyzer_expects_for_every_AdminNetworkPolicy_case()
    {
        var (cases, checks, message) = Check(Cases(admin: true), "AdminNetworkPolicy");
        Assert.True(checks == 48, $"expected the 48 txt/csv/md outputs of the AdminNetworkPolicy cases, found {cases.Count} with {checks}");
        Assert.True(message is null, message);
    }

    /// <summary>Runs every case's diff in every format; the message lists the mismatches, or is null when there are none.</summary>
    private static (List<DiffCase> Cases, int Checks, string? Failures) Check(List<DiffCase> cases, string what)
    {
        Assert.True(Directory.Exists(Oracle), $"the oracle is expected at {Oracle} (../shared beside the repository)");
        var checks = 0;
        var failures = new List<string>();
        foreach (var c in cases)
        {
            foreach (var format in c.Formats)
            {
                checks++;
                var expected = File.ReadAllText(Path.Combine(Oracle, "test_outputs", "diff", $"{c.Name}.{format}"));
                var result = CliRunner.Run(["diff", Path.Combine(Oracle, "tests", c.Old), Path.Combine(Oracle, "tests", c.New), "--format", format, "--strict", .. c.NameOptions]);
                var exit = expected.Length == 0 ? 0 : 1;
                if (result.ExitCode != exit || Strip(result.Stdout) != Strip(expected))
                    failures.Add($"{c.Name}.{format}: exit {result.ExitCode} (expected {exit}) {result.Stderr.Split('\n')[0]}");
            }
        }
        var message = $"netpol-analyzer diff oracle: {checks - failures.Count} of {checks} expected outputs match ({cases.Count} {what} cases)";
        TestContext.Current.SendDiagnosticMessage(message);
        return (cases, checks, failures.Count == 0 ? null : message + ":\n" + string.Join("\n", failures));
    }
}
