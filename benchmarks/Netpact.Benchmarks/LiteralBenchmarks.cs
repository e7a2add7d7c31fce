using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Netpact.Analysis;
using Netpact.Model;

namespace Netpact.Benchmarks;

/// <summary>
/// The engine against literal evaluation, side by side on the same pairs. Literal evaluation is what `explain`
/// does (and what netpol-analyzer does per workload pair): for each pod pair, every policy is tested for whether
/// it selects either end, and the rules of those that do are read one by one. Evaluating all 4 million workload
/// pairs of M that way takes hours, so both sides answer the same fixed sample of pairs (every destination of
/// the first sources in workload order: 20 at S, 2 at M); the engine answers from a full analysis, whose cost is
/// counted, so per pair the engine's advantage is larger still (see docs/benchmarks.md).
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
[MemoryDiagnoser]
public class LiteralBenchmarks
{
    private Cluster _cluster = null!;
    private List<(Endpoint Source, Endpoint Destination)> _pairs = null!;

    [ParamsSource(nameof(Scales))]
    public string Scale { get; set; } = "S";

    public static IEnumerable<string> Scales => ["S", "M"];

    [GlobalSetup]
    public void Setup()
    {
        var scale = Benchmarks.Scale.Parse(Scale);
        BenchData.Ensure(scale);
        _cluster = BenchData.Load(scale);
        var workloads = _cluster.Workloads.Select(Endpoint.Of).ToList();
        _pairs = [.. workloads.Take(Sources(scale)).SelectMany(s => workloads.Where(d => d != s).Select(d => (s, d)))];
        // The same answer, or no measurement.
        var literal = Literal();
        var engine = Engine();
        for (var i = 0; i < _pairs.Count; i++)
        {
            if (!literal[i].Equals(engine[i]))
                throw new InvalidOperationException($"{_pairs[i].Source} => {_pairs[i].Destination}: literal {literal[i]}, engine {engine[i]}");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => PeakMemory.Record(this, nameof(Scale), Scale);

    public static int Sources(Scale scale) => scale == Benchmarks.Scale.S ? 20 : 2;

    [Benchmark(Baseline = true)]
    public ConnectionSet[] Literal() => [.. _pairs.Select(p => Explainer.Explain(_cluster, p.Source, p.Destination).Allowed)];

    [Benchmark]
    public ConnectionSet[] Engine()
    {
        var connectivity = ConnectivityEngine.Analyze(_cluster);
        return [.. _pairs.Select(p => connectivity.Allowed(p.Source, p.Destination))];
    }
}
