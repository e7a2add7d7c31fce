using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Netpact.Analysis;
using Netpact.Model;

namespace Netpact.Benchmarks;

/// <summary>
/// Model, full connectivity, one pair, and re-analysis after one change, at S, M and L. Few iterations: each case
/// is a process that first parses its cluster (a minute at L on a busy machine).
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private Cluster _cluster = null!;
    private Connectivity _connectivity = null!;
    private Endpoint _source = null!;
    private Endpoint _destination = null!;
    private NetworkPolicy _changed = null!;
    private NetworkPolicy _egressDeny = null!;

    [ParamsSource(nameof(Scales))]
    public string Scale { get; set; } = "S";

    public static IEnumerable<string> Scales => ["S", "M", "L"];

    [GlobalSetup]
    public void Setup()
    {
        var scale = Benchmarks.Scale.Parse(Scale);
        BenchData.Ensure(scale);
        _cluster = BenchData.Load(scale);
        _connectivity = ConnectivityEngine.Analyze(_cluster);
        var (source, destination) = BenchData.Pair(_cluster);
        (_source, _destination) = (Endpoint.Of(source), Endpoint.Of(destination));
        _changed = BenchData.ChangedPolicy(_cluster);
        _egressDeny = BenchData.NewEgressDeny(_cluster);
    }

    [GlobalCleanup]
    public void Cleanup() => PeakMemory.Record(this, nameof(Scale), Scale);

    /// <summary>Pods folded into identities, selectors on the label index, policies compiled to grants.</summary>
    [Benchmark]
    public int BuildModel()
    {
        var context = new AnalysisContext(_cluster);
        return context.Identities.Count + _cluster.Policies.Sum(p => context.Compile(p).Grants.Length);
    }

    /// <summary>From the model to a queryable result: every workload pair's connection computed and counted.</summary>
    [Benchmark]
    public long FullConnectivity() => ConnectivityEngine.Analyze(_cluster).Summary.AllowedPairs;

    /// <summary>`netpact explain` for one pair: every pod pair, every policy, rule by rule, with reasons.</summary>
    [Benchmark]
    public ConnectionSet ExplainOnePair() => Explainer.Explain(_cluster, _source, _destination).Allowed;

    /// <summary>One pair from an analysed result.</summary>
    [Benchmark]
    public ConnectionSet QueryOnePair() => _connectivity.Allowed(_source, _destination);

    /// <summary>An allow policy gains a port; the result re-analysed and recounted.</summary>
    [Benchmark]
    public long ChangeOnePolicy() => _connectivity.WithPolicy(_changed).Summary.AllowedPairs;

    /// <summary>A namespace gains default-deny egress: its sources' rows change in every column.</summary>
    [Benchmark]
    public long AddEgressDeny() => _connectivity.WithPolicy(_egressDeny).Summary.AllowedPairs;
}
