using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Netpact.Flows;
using Netpact.Intents;
using Netpact.Model;

namespace Netpact.Benchmarks;

/// <summary>
/// netpact flows on a generated day of Noa Server VPC Flow Logs, gzip: reading and aggregating (the part that grows
/// with the log), then the classification against the intent. Records per second = Records / mean time.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
[MemoryDiagnoser]
public class FlowsBenchmarks
{
    [Params(1_000_000)]
    public int Records { get; set; }

    private string _log = "";
    private Intent _intent = Intent.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _intent = IntentReader.ReadFile(Path.Combine(BenchData.RepoRoot, "examples", "noa-server", "intent.yaml")).Intent!;
        var folder = Path.Combine(BenchData.RepoRoot, "artifacts", "bench-data", "flows");
        Directory.CreateDirectory(folder);
        _log = Path.Combine(folder, $"noa-day-{Records}.log.gz");
        if (!File.Exists(_log)) FlowLogGenerator.WriteFile(_intent, new FlowLogPlan { Records = Records, Seed = BenchData.Seed, ScanPorts = 25, Knocks = 100 }, _log);
    }

    [GlobalCleanup]
    public void Cleanup() => PeakMemory.Record(this, nameof(Records), Records.ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Benchmark]
    public FlowsResult? ReadAndClassify() =>
        FlowCheck.Run(new FlowsRequest([_log], _intent, "intent.yaml", [], FlowWindow.All), TextReader.Null, new List<Diagnostic>());
}
