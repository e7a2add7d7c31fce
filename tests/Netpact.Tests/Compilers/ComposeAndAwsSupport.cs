using System.Text;
using Netpact.Compilers;
using Netpact.Intents;
using Netpact.Model;
using Netpact.Verify;

namespace Netpact.Tests.Compilers;

/// <summary>What the Compose and AWS tests share: the reference intent, golden files, and comparing a layer with its intent.</summary>
internal static class ComposeAndAwsSupport
{
    private const string IntentPath = "examples/noa-server/intent.yaml";

    public static Intent NoaServer() => ReadIntent(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, IntentPath)), IntentPath);

    public static Intent ReadIntent(string yaml, string file = "intent.yaml")
    {
        var result = IntentReader.ReadText(yaml, file);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Intent!;
    }

    /// <summary>
    /// Compares generated files with the expected ones under <paramref name="expectedRoot"/>, byte for byte. To
    /// accept a deliberate change, run with NETPACT_WRITE_GOLDEN=1: the files are rewritten and the test fails,
    /// so nothing passes silently.
    /// </summary>
    public static void AssertGolden(string expectedRoot, IReadOnlyList<TextFile> files)
    {
        if (Environment.GetEnvironmentVariable("NETPACT_WRITE_GOLDEN") == "1")
        {
            if (Directory.Exists(expectedRoot)) Directory.Delete(expectedRoot, recursive: true);
            foreach (var f in files)
            {
                var path = Path.Combine(expectedRoot, f.Path);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, f.Content);
            }
            Assert.Fail($"NETPACT_WRITE_GOLDEN=1: wrote {files.Count} expected files under {expectedRoot}; review them with git diff");
        }
        var expected = Directory.EnumerateFiles(expectedRoot, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(expectedRoot, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(expected, files.Select(f => f.Path).Order(StringComparer.Ordinal).ToList());
        foreach (var f in files) Assert.Equal(File.ReadAllText(Path.Combine(expectedRoot, f.Path)), f.Content);
    }

    /// <summary>Compares a text with an expected file (same NETPACT_WRITE_GOLDEN rule as <see cref="AssertGolden"/>).</summary>
    public static void AssertGoldenText(string expectedPath, string actual)
    {
        if (Environment.GetEnvironmentVariable("NETPACT_WRITE_GOLDEN") == "1")
        {
            File.WriteAllText(expectedPath, actual);
            Assert.Fail($"NETPACT_WRITE_GOLDEN=1: wrote {expectedPath}; review it with git diff");
        }
        Assert.Equal(File.ReadAllText(expectedPath), actual);
    }

    /// <summary>The hand-written layer cases of one kind under tests/testdata/layers/ (folders named '&lt;prefix&gt;-...').</summary>
    public static TheoryData<string> LayerCases(string prefix) =>
        [.. Directory.EnumerateDirectories(Path.Combine(TestPaths.TestData, "layers")).Select(d => Path.GetFileName(d)!)
            .Where(n => n.StartsWith(prefix + "-", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    /// <summary>
    /// Reads a hand-written layer case (tests/testdata/layers/&lt;name&gt;/) against the Noa Server intent and
    /// compares the flows, reasons, approximations and diagnostics with expected.txt beside the input.
    /// </summary>
    public static void AssertLayerCase(string name, ILayerCompiler target)
    {
        var folder = Path.Combine(TestPaths.TestData, "layers", name);
        var files = Directory.EnumerateFiles(folder).Where(f => Path.GetFileName(f) != "expected.txt").Order(StringComparer.Ordinal)
            .Select(f => new TextFile($"layers/{name}/{Path.GetFileName(f)}", File.ReadAllText(f)))
            .ToList();

        var layer = LayerReaders.Find(target.Layer).Read(files, NoaServer());

        AssertGoldenText(Path.Combine(folder, "expected.txt"), Describe(layer));
    }

    /// <summary>A layer's flows, approximations and diagnostics as lines, for golden files of reader cases.</summary>
    public static string Describe(LayerFlows layer)
    {
        var sb = new StringBuilder();
        sb.Append("flows:\n");
        foreach (var e in layer.Flows.Entries)
        {
            sb.Append($"  {e.Source} -> {e.Destination}: {e.Allowed}\n");
            foreach (var reason in e.Reasons) sb.Append($"    because {reason}\n");
        }
        sb.Append("approximations:\n");
        foreach (var a in layer.Approximations)
        {
            sb.Append($"  {a.Text}\n");
            foreach (var (src, dst) in a.Pairs) sb.Append($"    {src} -> {dst}\n");
        }
        sb.Append("diagnostics:\n");
        foreach (var d in layer.Diagnostics) sb.Append($"  {d}\n");
        return sb.ToString();
    }

    /// <summary>
    /// Every difference between a layer and the intent, by meaning: each ordered pair of workloads, and each
    /// workload against every piece of the address space cut at both sides' range edges, both ways. Extra flows
    /// that an approximation names are left out when <paramref name="allowApproximations"/>.
    /// </summary>
    public static (List<string> Extra, List<string> Missing) Differences(FlowMatrix intended, LayerFlows layer, bool allowApproximations)
    {
        var extra = new List<string>();
        var missing = new List<string>();
        void Compare(FlowPeer src, FlowPeer dst)
        {
            var want = intended.Between(src, dst).Allowed;
            var have = layer.Flows.Between(src, dst).Allowed;
            var more = have.Subtract(want);
            var less = want.Subtract(have);
            if (!more.IsEmpty && !(allowApproximations && layer.Approximations.Any(a => a.Pairs.Any(p => Covers(p.Source, src) && Covers(p.Destination, dst)))))
                extra.Add($"{src} -> {dst}: {more}");
            if (!less.IsEmpty) missing.Add($"{src} -> {dst}: {less}");
        }
        var workloads = intended.Workloads.Concat(layer.Flows.Workloads).Distinct().Order(StringComparer.Ordinal).ToList();
        foreach (var a in workloads)
        {
            foreach (var b in workloads.Where(b => b != a)) Compare(FlowPeer.Of(a), FlowPeer.Of(b));
        }
        foreach (var v6 in new[] { false, true })
        {
            foreach (var piece in IpRange.Pieces(intended.Ranges.Concat(layer.Flows.Ranges).Where(r => r.IsV6 == v6), v6))
            {
                foreach (var w in workloads)
                {
                    Compare(FlowPeer.Of(piece), FlowPeer.Of(w));
                    Compare(FlowPeer.Of(w), FlowPeer.Of(piece));
                }
            }
        }
        return (extra, missing);
    }

    private static bool Covers(FlowPeer pattern, FlowPeer peer) =>
        pattern.Workload is not null
            ? pattern.Workload == peer.Workload
            : peer.Range is { } r && pattern.Range!.IsV6 == r.IsV6 && pattern.Range.First <= r.First && r.Last <= pattern.Range.Last;
}
