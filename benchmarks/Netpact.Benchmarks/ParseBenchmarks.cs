using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Netpact.Kubernetes;
using Netpact.Model;

namespace Netpact.Benchmarks;

/// <summary>
/// Manifest files to the model the engine reads (YAML, validation, workloads from pods), at S, M and L (the figure
/// of 50 MB/s is at L).
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
[MemoryDiagnoser]
public class ParseBenchmarks
{
    [ParamsSource(nameof(Scales))]
    public string Scale { get; set; } = "S";

    public static IEnumerable<string> Scales => ["S", "M", "L"];

    [GlobalSetup]
    public void Setup() => BenchData.Ensure(Benchmarks.Scale.Parse(Scale));

    [GlobalCleanup]
    public void Cleanup() => PeakMemory.Record(this, nameof(Scale), Scale);

    [Benchmark]
    public Cluster Parse() => ManifestReader.Read([BenchData.Folder(Benchmarks.Scale.Parse(Scale))]).Cluster;
}
