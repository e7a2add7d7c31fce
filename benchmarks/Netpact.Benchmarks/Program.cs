using System.Diagnostics;
using Netpact.Analysis;
using Netpact.Benchmarks;
using Netpact.Kubernetes;

// netpact-benchmarks generate S|M|L DIR [SEED]   writes a synthetic cluster
// netpact-benchmarks time S|M|L DIR              one quick, unrepeated pass (for development; not a benchmark)
switch (args.FirstOrDefault())
{
    case "generate":
    {
        var scale = Scale.Parse(args[1]);
        var seed = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 1;
        var bytes = SyntheticCluster.Write(scale, seed, args[2]);
        Console.WriteLine($"{scale}: {bytes / 1e6:F1} MB in {args[2]}");
        return 0;
    }
    case "time":
    {
        var sw = Stopwatch.StartNew();
        var read = ManifestReader.Read([args[2]]);
        Console.WriteLine($"read: {sw.Elapsed.TotalMilliseconds:F0} ms, {read.Cluster.Workloads.Length} workloads, {read.Cluster.Policies.Length} policies, {read.Diagnostics.Length} diagnostics");
        foreach (var d in read.Diagnostics.Take(5)) Console.WriteLine(d);
        sw.Restart();
        var c = ConnectivityEngine.Analyze(read.Cluster);
        Console.WriteLine($"analyze: {sw.Elapsed.TotalMilliseconds:F0} ms");
        Console.WriteLine(c.Summary);
        sw.Restart();
        var last = sw.Elapsed;
        var c2 = ConnectivityEngine.Analyze(read.Cluster, stage => { Console.WriteLine($"  {(sw.Elapsed - last).TotalMilliseconds:F1} ms, then {stage}"); last = sw.Elapsed; });
        Console.WriteLine($"analyze again: {sw.Elapsed.TotalMilliseconds:F0} ms");
        sw.Restart();
        var p = read.Cluster.Policies[read.Cluster.Policies.Length / 2];
        var changed = p with { Ingress = [.. p.Ingress.Select(r => r with { Ports = [.. r.Ports, new Netpact.Model.PolicyPort(Netpact.Model.Protocol.TCP, 7777, null, null, Netpact.Model.SourceSpan.None)] })] };
        var c3 = c2.WithPolicy(changed);
        _ = c3.Summary;
        Console.WriteLine($"incremental: {sw.Elapsed.TotalMilliseconds:F2} ms {p.Id}");
        if (args[1] != "L")
        {
            sw.Restart();
            Console.WriteLine($"connections: {c.Connections.Length} ({sw.Elapsed.TotalMilliseconds:F0} ms)");
        }
        return 0;
    }
    case "yaml":
    {
        var texts = Directory.GetFiles(args[1]).Select(File.ReadAllText).ToList();
        for (var round = 0; round < 2; round++)
        {
            var sw = Stopwatch.StartNew();
            long events = 0;
            foreach (var t in texts)
            {
                var parser = new YamlDotNet.Core.Parser(new StringReader(t));
                while (parser.MoveNext()) events++;
            }
            Console.WriteLine($"parser events: {sw.Elapsed.TotalMilliseconds:F0} ms ({events})");
            sw.Restart();
            foreach (var t in texts) new YamlDotNet.RepresentationModel.YamlStream().Load(new StringReader(t));
            Console.WriteLine($"yamlstream: {sw.Elapsed.TotalMilliseconds:F0} ms");
            sw.Restart();
            foreach (var t in texts) { var sc = new YamlDotNet.Core.Scanner(new StringReader(t)); while (sc.MoveNext()) { } }
            Console.WriteLine($"scanner: {sw.Elapsed.TotalMilliseconds:F0} ms");
            sw.Restart();
            ManifestReader.Read([args[1]]);
            Console.WriteLine($"reader: {sw.Elapsed.TotalMilliseconds:F0} ms");
        }
        return 0;
    }
    default:
        Console.Error.WriteLine("usage: generate S|M|L DIR [SEED] | time S|M|L DIR");
        return 2;
}
