using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace Netpact.Benchmarks;

/// <summary>
/// `netpact analyze --format txt` as a user runs it: a new process (runtime start and JIT included) reading the
/// manifest files and writing the list. Runs the published CLI that the `netpact` launcher builds.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class EndToEndBenchmarks
{
    private string _cli = null!;

    [ParamsSource(nameof(Scales))]
    public string Scale { get; set; } = "M";

    public static IEnumerable<string> Scales => ["S", "M"];

    [GlobalSetup]
    public void Setup()
    {
        BenchData.Ensure(Benchmarks.Scale.Parse(Scale));
        // The launcher publishes the CLI when sources changed.
        Run(Path.Combine(BenchData.RepoRoot, "netpact"), "--help");
        _cli = Path.Combine(BenchData.RepoRoot, "artifacts", "cli", "Netpact.Cli.dll");
    }

    [GlobalCleanup]
    public void Cleanup() => PeakMemory.Record(this, nameof(Scale), Scale, PeakMemory.Children());

    [Benchmark]
    public int AnalyzeTxt() => Run("dotnet", $"{_cli} analyze {BenchData.Folder(Benchmarks.Scale.Parse(Scale))} --format txt -o /dev/null");

    private static int Run(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {arguments}: exit {process.ExitCode}\n{errors}");
        return process.ExitCode;
    }
}
