using Netpact.Analysis;
using Netpact.Kubernetes;
using Netpact.Model;
using Netpact.Tests;

namespace Netpact.Cli.Tests.Conformance;

/// <summary>
/// The upstream Kubernetes NetworkPolicy e2e suite, translated: every folder of tests/testdata/kubernetes-e2e holds
/// the cluster and policies of one test (or one step of it) and the truth tables the suite expects. netpact must
/// answer every judged pod pair of every probe as the suite expects; a pod to itself is not judged, as in the suite
/// (ignoreLoopback). See tests/testdata/kubernetes-e2e/README.md and docs/kubernetes-e2e.md.
/// </summary>
public sealed class KubernetesE2eTests
{
    /// <summary>The 48 tests of network_policy.go; 10 of them change the cluster and are checked after each of 2 steps.</summary>
    private const int ExpectedCases = 58;

    private static string Root => Path.Combine(TestPaths.TestData, "kubernetes-e2e");

    [Fact]
    public void Netpact_answers_every_probe_of_the_upstream_e2e_suite_as_the_suite_expects()
    {
        var folders = Directory.GetDirectories(Root).Order(StringComparer.Ordinal).ToList();
        var mismatches = new List<string>();
        int cases = 0, matching = 0, probes = 0, pairs = 0;
        foreach (var folder in folders)
        {
            cases++;
            var found = Check(folder, ref probes, ref pairs);
            if (found.Count == 0) matching++;
            mismatches.AddRange(found);
        }

        var message = $"kubernetes e2e: {matching} of {cases} cases match ({probes} probes, {pairs} judged pod pairs)";
        TestContext.Current.SendDiagnosticMessage(message);
        Console.Error.WriteLine(message);
        Assert.True(cases == folders.Count, $"checked {cases} cases but found {folders.Count} folders");
        Assert.True(cases == ExpectedCases, $"expected the {ExpectedCases} cases listed in {Path.Combine(Root, "README.md")}, found {cases}");
        Assert.True(mismatches.Count == 0, message + ":\n" + string.Join("\n", mismatches));
    }

    /// <summary>Every mismatch of one case: case, probe, source -> destination, what the suite expects and what netpact says.</summary>
    private static List<string> Check(string folder, ref int probes, ref int pairs)
    {
        var name = Path.GetFileName(folder);
        string[] files = ["cluster.yaml", "policies.yaml", "expected.txt"];
        var missing = files.Where(f => !File.Exists(Path.Combine(folder, f))).ToList();
        if (missing.Count > 0) return [$"{name}: missing {string.Join(", ", missing)}"];

        var expectedFile = Path.Combine(folder, "expected.txt");
        var tables = TruthTableFile.Parse(File.ReadAllText(expectedFile), expectedFile);
        var read = ManifestReader.Read([Path.Combine(folder, "cluster.yaml"), Path.Combine(folder, "policies.yaml")]);
        if (read.HasErrors)
            return [.. read.Diagnostics.Where(d => d.Severity == Severity.Error).Select(d => $"{name}: netpact cannot read the case: {d}")];

        var pods = read.Cluster.Workloads.ToDictionary(w => $"{w.Namespace}/{w.Name}", StringComparer.Ordinal);
        var problems = new List<string>();
        var notPods = read.Cluster.Workloads.Where(w => w.Kind != "Pod").Select(w => w.Id).ToList();
        if (notPods.Count > 0) problems.Add($"{name}: cluster.yaml must hold bare pods only, found {string.Join(", ", notPods)}");
        var connectivity = ConnectivityEngine.Analyze(read.Cluster);
        foreach (var table in tables)
        {
            probes++;
            var unlisted = pods.Keys.Except(table.Pods, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var unknown = table.Pods.Except(pods.Keys, StringComparer.Ordinal).ToList();
            if (unlisted.Count > 0 || unknown.Count > 0)
            {
                problems.Add($"{name}: {table.Probe}: the table must list exactly the pods of cluster.yaml"
                    + (unknown.Count > 0 ? $"; not in cluster.yaml: {string.Join(", ", unknown)}" : "")
                    + (unlisted.Count > 0 ? $"; not in the table: {string.Join(", ", unlisted)}" : ""));
                continue;
            }
            for (var s = 0; s < table.Pods.Length; s++)
            {
                for (var d = 0; d < table.Pods.Length; d++)
                {
                    if (table.Expected[s][d] is not { } expected) continue;
                    pairs++;
                    var (source, destination) = (pods[table.Pods[s]], pods[table.Pods[d]]);
                    var actual = connectivity.Allowed(Endpoint.Of(source), Endpoint.Of(destination)).Allows(table.Protocol, table.Port);
                    if (actual != expected)
                        problems.Add($"{name}: {table.Probe} {table.Pods[s]} -> {table.Pods[d]}: the suite expects {Word(expected)}, netpact says {Word(actual)}");
                }
            }
        }
        return problems;
    }

    private static string Word(bool connected) => connected ? "connected" : "blocked";

    [Fact]
    public void The_truth_table_reader_reads_probes_pods_and_marks()
    {
        const string text = """
            # a comment
            TCP/80
            -    x/a  y/a
            x/a  -    X
            y/a  .    -

            UDP/81
            -    x/a  y/a
            x/a  -    .
            y/a  .    -
            """;

        var tables = TruthTableFile.Parse(text, "expected.txt");

        Assert.Equal(["TCP/80", "UDP/81"], tables.Select(t => t.Probe));
        Assert.Equal(["x/a", "y/a"], tables[0].Pods);
        Assert.Equal<bool?>([null, false], tables[0].Expected[0]);
        Assert.Equal<bool?>([true, null], tables[0].Expected[1]);
        Assert.Equal([2, 7], tables.Select(t => t.Line));
    }

    [Theory]
    [InlineData("TCP/80\n-    x/a  y/a\nx/a  -    X\ny/a  .\n", "has 1 cells; expected 2")]
    [InlineData("TCP/80\n-    x/a  y/a\nx/a  -    X\n", "ends after 1 rows; expected 2")]
    [InlineData("TCP/80\n-    x/a  y/a\ny/a  .    -\nx/a  -    X\n", "row 1 must be the pod 'x/a'")]
    [InlineData("TCP/80\n-    x/a  y/a\nx/a  -    -\ny/a  .    -\n", "'-' belongs only on the diagonal")]
    [InlineData("TCP/80\n-    x/a  y/a\nx/a  .    X\ny/a  .    -\n", "x/a -> itself must be '-'")]
    [InlineData("TCP/80\n-    x/a  y/a\nx/a  -    Y\ny/a  .    -\n", "unknown mark 'Y'")]
    [InlineData("TCP/80\n-    x/a  y/a\nx/a  -    X\ny/a  .    -\nz/a  .    .\n", "more rows than pods")]
    [InlineData("tcp/80\n-    x/a  y/a\nx/a  -    X\ny/a  .    -\n", "expected a probe like TCP/80")]
    [InlineData("TCP/0\n-    x/a  y/a\nx/a  -    X\ny/a  .    -\n", "expected a probe like TCP/80")]
    [InlineData("TCP/80\nx/a  y/a\nx/a  -    X\ny/a  .    -\n", "must start with '-'")]
    [InlineData("TCP/80\n-    x/a  y/a\nx/a  -    X\ny/a  .    -\n\nTCP/80\n-    x/a  y/a\nx/a  -    X\ny/a  .    -\n", "appears twice")]
    [InlineData("# only a comment\n", "no probe")]
    public void The_truth_table_reader_rejects_a_malformed_table(string text, string reason)
    {
        var error = Assert.Throws<FormatException>(() => TruthTableFile.Parse(text, "expected.txt"));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("expected.txt:", error.Message, StringComparison.Ordinal);
    }
}
