using Netpact.Kubernetes;
using Netpact.Model;

namespace Netpact.Benchmarks;

/// <summary>Where the synthetic clusters live (artifacts/bench-data/S|M|L, written by `benchmarks/run`), and loading them.</summary>
public static class BenchData
{
    public const int Seed = 1;

    public static string RepoRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "netpact.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException("netpact.slnx not found above " + AppContext.BaseDirectory);
    }

    public static string Folder(Scale scale) => Path.Combine(RepoRoot, "artifacts", "bench-data", scale.Name);

    /// <summary>Writes the scale's manifests unless a file of the same seed is there.</summary>
    public static void Ensure(Scale scale)
    {
        var stamp = Path.Combine(Folder(scale), ".seed");
        if (File.Exists(stamp) && File.ReadAllText(stamp) == $"{Seed}") return;
        SyntheticCluster.Write(scale, Seed, Folder(scale));
        File.WriteAllText(stamp, $"{Seed}");
    }

    public static long Bytes(Scale scale) => Directory.EnumerateFiles(Folder(scale), "*.yaml").Sum(f => new FileInfo(f).Length);

    public static Cluster Load(Scale scale)
    {
        var read = ManifestReader.Read([Folder(scale)]);
        if (read.HasErrors) throw new InvalidOperationException(string.Join("\n", read.Diagnostics));
        return read.Cluster;
    }

    /// <summary>A source and destination that policies govern: a frontend and a backend of one namespace with both.</summary>
    public static (Workload Source, Workload Destination) Pair(Cluster cluster)
    {
        var byNamespace = cluster.Workloads.GroupBy(w => w.Namespace).First(g =>
            g.Any(w => w.Pods[0].Labels.GetValueOrDefault("tier") == "frontend") && g.Any(w => w.Pods[0].Labels.GetValueOrDefault("tier") == "backend"));
        return (byNamespace.First(w => w.Pods[0].Labels["tier"] == "frontend"), byNamespace.First(w => w.Pods[0].Labels.GetValueOrDefault("tier") == "backend"));
    }

    /// <summary>An allow policy of the cluster with one more port: the kind of edit a CI gate re-checks.</summary>
    public static NetworkPolicy ChangedPolicy(Cluster cluster)
    {
        var p = cluster.Policies.Where(p => p.Name.StartsWith("allow-", StringComparison.Ordinal) && !p.Ingress.IsEmpty).Skip(cluster.Policies.Length / 40).First();
        return p with { Ingress = [.. p.Ingress.Select(r => r with { Ports = [.. r.Ports, new PolicyPort(Protocol.TCP, 7777, null, null, SourceSpan.None)] })] };
    }

    /// <summary>A new default-deny-egress policy in a namespace that has none: isolates sources, changing their rows everywhere.</summary>
    public static NetworkPolicy NewEgressDeny(Cluster cluster)
    {
        var ns = cluster.Workloads.Select(w => w.Namespace).Distinct()
            .First(n => cluster.Policies.Any(p => p.Namespace == n) && !cluster.Policies.Any(p => p.Namespace == n && p.AffectsEgress));
        return new NetworkPolicy(ns, "benchmark-deny-egress", LabelSelector.Everything, false, true, [], [], SourceSpan.None);
    }
}
