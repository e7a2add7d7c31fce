using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Netpact.Analysis;
using Netpact.Model;

namespace Netpact.Benchmarks;

/// <summary>
/// The engine at S, M and L with a third of the synthetic NetworkPolicies rewritten as CiliumNetworkPolicies of the same
/// meaning, and two clusterwide deny rules (ingress from the world to the data tier, SSH to the intranet), side by side
/// with the cluster as generated (<see cref="Cilium"/> false): issue 20 asks for at most twice the time.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
[MemoryDiagnoser]
public class CiliumBenchmarks
{
    private Cluster _cluster = null!;
    private Connectivity _connectivity = null!;
    private NetworkPolicy _changed = null!;

    [ParamsSource(nameof(Scales))]
    public string Scale { get; set; } = "S";

    public static IEnumerable<string> Scales => ["S", "M", "L"];

    [ParamsAllValues]
    public bool Cilium { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var scale = Benchmarks.Scale.Parse(Scale);
        BenchData.Ensure(scale);
        var plain = BenchData.Load(scale);
        _cluster = Cilium ? WithCilium(plain) : plain;
        _connectivity = ConnectivityEngine.Analyze(_cluster);
        _changed = BenchData.ChangedPolicy(_cluster);
    }

    [GlobalCleanup]
    public void Cleanup() => PeakMemory.Record(this, nameof(Scale), $"{Scale}{(Cilium ? "+cilium" : "")}");

    [Benchmark]
    public long FullConnectivity() => ConnectivityEngine.Analyze(_cluster).Summary.AllowedPairs;

    [Benchmark]
    public long ChangeOnePolicy() => _connectivity.WithPolicy(_changed).Summary.AllowedPairs;

    private static readonly IpBlock AllV4 = new(Cidr.TryParse("0.0.0.0/0", out _, out _)!, []);
    private static readonly IpBlock AllV6 = new(Cidr.TryParse("::/0", out _, out _)!, []);

    private static LabelSelector Is(string key, params string[] values) =>
        new([new LabelRequirement(key, SelectorOperator.In, [.. values])]);

    /// <summary>Every third NetworkPolicy as a CiliumNetworkPolicy (ipBlocks as CIDR sets), and the two clusterwide denies.</summary>
    private static Cluster WithCilium(Cluster cluster)
    {
        var converted = cluster.Policies.Where((_, i) => i % 3 == 0).ToList();
        var cilium = converted.Select(p => new CiliumPolicy(
            CiliumPolicy.NamespacedKind, p.Namespace, p.Name, 0,
            new CiliumSelector(Is(Namespace.NameLabel, p.Namespace), p.PodSelector, SourceSpan.None),
            p.AffectsIngress, p.AffectsEgress, Rules(p, p.Ingress), Rules(p, p.Egress), [], [], SourceSpan.None)).ToList();
        var intranet = new IpBlock(Cidr.TryParse("10.0.0.0/8", out _, out _)!, []);
        cilium.Add(new CiliumPolicy(CiliumPolicy.ClusterwideKind, "", "lockdown", 0, CiliumSelector.AllPods, true, true, [], [],
            [new CiliumRule([new CiliumPeer("world", null, [AllV4, AllV6], false, SourceSpan.None)], [], SourceSpan.None)],
            [new CiliumRule([new CiliumPeer("intranet", null, [intranet], false, SourceSpan.None)], [new PolicyPort(Protocol.TCP, 22, null, null, SourceSpan.None)], SourceSpan.None)],
            SourceSpan.None) with { Subject = new CiliumSelector(LabelSelector.Everything, Is("tier", "db"), SourceSpan.None) });
        return cluster with { Policies = [.. cluster.Policies.Except(converted)], CiliumPolicies = [.. cilium] };
    }

    private static ImmutableArray<CiliumRule> Rules(NetworkPolicy p, ImmutableArray<PolicyRule> rules) =>
        [.. rules.Select(r => new CiliumRule(
            r.AdmitsAllPeers
                ? [new CiliumPeer("all", CiliumSelector.AllPods, [AllV4, AllV6], true, SourceSpan.None)]
                : [.. r.Peers!.Value.Select(peer => peer.IpBlock is { } block
                    ? new CiliumPeer("cidr", null, [block], false, SourceSpan.None)
                    : new CiliumPeer("endpoints", new CiliumSelector(peer.NamespaceSelector ?? Is(Namespace.NameLabel, p.Namespace), peer.PodSelector ?? LabelSelector.Everything, SourceSpan.None), [], false, SourceSpan.None))],
            r.Ports, SourceSpan.None))];
}
