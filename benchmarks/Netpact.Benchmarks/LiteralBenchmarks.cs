using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Netpact.Analysis;
using Netpact.Model;

namespace Netpact.Benchmarks;

/// <summary>
/// The engine against literal evaluation, side by side, both answering every ordered pair of distinct workloads
/// (39,800 at S, about 4 million at M). Literal evaluation is what `explain` does (and what netpol-analyzer does per
/// workload pair): for each pod pair, every policy is tested for whether it selects either end, and the rules of
/// those that do are read one by one; it runs on every core, sources shared out among them. The engine analyses
/// the cluster and lists its connections (what `analyze` prints), read into the same per-pair form.
/// Both return one answer per pair; after the literal run, its process compares every pair with the engine's and
/// records the outcome (<see cref="AnswerCheck"/>), so the table only claims the figure for the same answer.
/// The literal evaluator takes minutes at M, so that case is measured once, without warmup.
/// </summary>
[Config(typeof(Jobs))]
[MemoryDiagnoser]
public class LiteralBenchmarks
{
    private Cluster _cluster = null!;
    private Endpoint[] _workloads = null!;
    private Dictionary<Workload, int> _index = null!;
    private ConnectionSet[]? _literal;

    [ParamsSource(nameof(Scales))]
    public string Scale { get; set; } = "S";

    public static IEnumerable<string> Scales => ["S", "M"];

    /// <summary>Repeated measurement for every case but the literal evaluator at M, which is measured once.</summary>
    private sealed class Jobs : ManualConfig
    {
        public Jobs()
        {
            var repeated = Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3).WithId("Repeated");
            var once = Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(0).WithIterationCount(1).WithId("Once");
            AddJob(repeated, once);
            AddFilter(new SimpleFilter(c => (c.Job.Id == "Once") == OnceOnly(c)));
        }

        private static bool OnceOnly(BenchmarkCase c) =>
            c.Descriptor.WorkloadMethod.Name == nameof(Literal) && c.Parameters["Scale"] as string == "M";
    }

    [GlobalSetup]
    public void Setup()
    {
        var scale = Benchmarks.Scale.Parse(Scale);
        BenchData.Ensure(scale);
        _cluster = BenchData.Load(scale);
        _workloads = [.. _cluster.Workloads.Select(Endpoint.Of)];
        _index = Enumerable.Range(0, _workloads.Length).ToDictionary<int, Workload>(i => _cluster.Workloads[i], ReferenceEqualityComparer.Instance);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        PeakMemory.Record(this, nameof(Scale), Scale);
        // Only the process that ran the literal evaluator holds its answers; the engine's are cheap to recompute.
        if (_literal is null) return;
        var engine = Engine();
        var n = _workloads.Length;
        for (var s = 0; s < n; s++)
        {
            for (var d = 0; d < n; d++)
            {
                if (s == d) continue;
                var (l, e) = (_literal[s * n + d], engine[s * n + d]);
                if (ReferenceEquals(l, e) || l.Equals(e)) continue;
                var difference = $"{_workloads[s]} => {_workloads[d]}: literal {l}, engine {e}";
                AnswerCheck.Record(Scale, difference);
                throw new InvalidOperationException($"the engine and the literal evaluator differ: {difference}");
            }
        }
        AnswerCheck.Record(Scale, $"{AnswerCheck.Same} {(long)n * (n - 1)}");
    }

    /// <summary>Every ordered pair of distinct workloads at [source * n + destination]; the diagonal stays null.</summary>
    [Benchmark]
    public ConnectionSet[] Literal()
    {
        var n = _workloads.Length;
        var answers = new ConnectionSet[n * n];
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, s =>
        {
            for (var d = 0; d < n; d++)
            {
                if (d != s) answers[s * n + d] = Explainer.Explain(_cluster, _workloads[s], _workloads[d]).Allowed;
            }
        });
        return _literal = answers;
    }

    /// <summary>
    /// The same pairs from one analysis: its listing holds every allowed connection, so a pair it leaves out is
    /// allowed nothing (connections with external ranges, which the literal side does not ask about, are skipped).
    /// </summary>
    [Benchmark]
    public ConnectionSet[] Engine()
    {
        var n = _workloads.Length;
        var answers = new ConnectionSet[n * n];
        Array.Fill(answers, ConnectionSet.Empty);
        foreach (var c in ConnectivityEngine.Analyze(_cluster).EnumerateConnections())
        {
            if (c.Source.Workload is { } s && c.Destination.Workload is { } d) answers[_index[s] * n + _index[d]] = c.Allowed;
        }
        return answers;
    }
}
