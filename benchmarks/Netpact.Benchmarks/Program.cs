using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Netpact.Benchmarks;

// netpact-benchmarks generate S|M|L DIR [SEED]   writes a synthetic cluster
// netpact-benchmarks flows INTENT RECORDS FILE [SEED]   writes a generated day of VPC Flow Logs (gzip when FILE ends in .gz)
// netpact-benchmarks run [--docs FILE] [--filter PATTERN ...]   runs the benchmarks, prints one table (and writes it to FILE)
switch (args.FirstOrDefault())
{
    case "generate":
    {
        var scale = Scale.Parse(args[1]);
        var seed = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : BenchData.Seed;
        var bytes = SyntheticCluster.Write(scale, seed, args[2]);
        Console.WriteLine($"{scale}: {bytes / 1e6:F1} MB in {args[2]}");
        return 0;
    }
    case "flows":
    {
        var read = Netpact.Intents.IntentReader.ReadFile(args[1]);
        if (read.HasErrors)
        {
            foreach (var d in read.Diagnostics) Console.Error.WriteLine(d);
            return 2;
        }
        var plan = new FlowLogPlan
        {
            Records = int.Parse(args[2], CultureInfo.InvariantCulture),
            Seed = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : BenchData.Seed,
            ScanPorts = 25,
            Knocks = 100,
        };
        var size = FlowLogGenerator.WriteFile(read.Intent!, plan, args[3]);
        Console.WriteLine($"{plan.Records} records: {size / 1e6:F1} MB in {args[3]}");
        return 0;
    }
    case "run":
    {
        var docs = args.SkipWhile(a => a != "--docs").Skip(1).FirstOrDefault();
        var bdnArgs = args.Skip(1).Where((a, i) => a != "--docs" && (i == 0 || args[i] != "--docs")).ToArray();
        foreach (var scale in Scale.All) BenchData.Ensure(scale);
        foreach (var folder in new[] { PeakMemory.Folder, AnswerCheck.Folder })
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, true);
        }
        // BenchmarkDotNet builds a project per run; its default two minutes are not enough on a busy machine.
        var config = DefaultConfig.Instance.WithOptions(ConfigOptions.DisableLogFile).WithBuildTimeout(TimeSpan.FromMinutes(10));
        var summaries = BenchmarkSwitcher
            .FromTypes([typeof(ParseBenchmarks), typeof(EngineBenchmarks), typeof(LiteralBenchmarks), typeof(EndToEndBenchmarks), typeof(AdminTierBenchmarks), typeof(FlowsBenchmarks), typeof(CiliumBenchmarks)])
            .Run(bdnArgs.Length == 0 ? ["--filter", "*"] : bdnArgs, config)
            .ToList();
        var table = ResultTable.Build(summaries);
        Console.WriteLine();
        Console.WriteLine(table);
        if (docs is not null) ResultTable.WriteDocs(docs, table);
        return 0;
    }
    default:
        Console.Error.WriteLine("usage: generate S|M|L DIR [SEED] | flows INTENT RECORDS FILE [SEED] | run [--docs FILE] [BenchmarkDotNet options]");
        return 2;
}
