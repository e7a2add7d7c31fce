using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Netpact.Analysis;
using Netpact.Model;

namespace Netpact.Benchmarks;

/// <summary>
/// The engine at S and M with the Admin and Baseline tiers on top of the synthetic NetworkPolicies: four
/// AdminNetworkPolicies (monitoring allowed everywhere, prod denied from dev with a pass for staging, SSH to the
/// intranet denied, a named-port rule) and a BaselineAdminNetworkPolicy, side by side with the same cluster
/// without them (<see cref="Tiers"/> false).
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
[MemoryDiagnoser]
public class AdminTierBenchmarks
{
    private Cluster _cluster = null!;
    private Connectivity _connectivity = null!;
    private NetworkPolicy _changed = null!;
    private NetworkPolicy _egressDeny = null!;

    [ParamsSource(nameof(Scales))]
    public string Scale { get; set; } = "S";

    public static IEnumerable<string> Scales => ["S", "M"];

    [ParamsAllValues]
    public bool Tiers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var scale = Benchmarks.Scale.Parse(Scale);
        BenchData.Ensure(scale);
        var plain = BenchData.Load(scale);
        _cluster = Tiers ? plain with { AdminPolicies = Policies() } : plain;
        _connectivity = ConnectivityEngine.Analyze(_cluster);
        _changed = BenchData.ChangedPolicy(_cluster);
        _egressDeny = BenchData.NewEgressDeny(_cluster);
    }

    [GlobalCleanup]
    public void Cleanup() => PeakMemory.Record(this, nameof(Scale), $"{Scale}{(Tiers ? "+tiers" : "")}");

    [Benchmark]
    public long FullConnectivity() => ConnectivityEngine.Analyze(_cluster).Summary.AllowedPairs;

    [Benchmark]
    public long ChangeOnePolicy() => _connectivity.WithPolicy(_changed).Summary.AllowedPairs;

    [Benchmark]
    public long AddEgressDeny() => _connectivity.WithPolicy(_egressDeny).Summary.AllowedPairs;

    private static LabelSelector Is(string key, params string[] values) =>
        new([new LabelRequirement(key, SelectorOperator.In, [.. values])]);

    private static AdminPeer Namespaces(LabelSelector s) => new(new AdminSelector(s, null, SourceSpan.None), [], null, SourceSpan.None);

    private static AdminRule Rule(string name, AdminAction action, AdminPeer peer, params AdminPort[] ports) =>
        new(name, action, [peer], ports.Length == 0 ? null : [.. ports], SourceSpan.None);

    private static ImmutableArray<AdminNetworkPolicy> Policies()
    {
        var everyone = new AdminSelector(LabelSelector.Everything, null, SourceSpan.None);
        var intranet = new AdminPeer(null, [Cidr.TryParse("10.0.0.0/8", out _, out _)!], null, SourceSpan.None);
        AdminNetworkPolicy Anp(string name, int priority, AdminSelector subject, AdminRule[] ingress, AdminRule[] egress) =>
            new(AdminNetworkPolicy.AdminKind, name, AdminTier.Admin, priority, subject, [.. ingress], [.. egress], SourceSpan.None);
        return
        [
            Anp("allow-monitoring", 10, everyone,
                [Rule("from-monitoring", AdminAction.Allow, Namespaces(Is(Namespace.NameLabel, "monitoring")), new AdminPort(Protocol.TCP, 0, 0, "metrics", SourceSpan.None))], []),
            Anp("isolate-prod", 20, new AdminSelector(Is("env", "prod"), null, SourceSpan.None),
                [Rule("pass-staging", AdminAction.Pass, Namespaces(Is("env", "staging"))), Rule("deny-dev", AdminAction.Deny, Namespaces(Is("env", "dev")))],
                [Rule("deny-to-dev", AdminAction.Deny, Namespaces(Is("env", "dev")))]),
            Anp("no-ssh-to-intranet", 30, everyone, [],
                [Rule("deny-ssh", AdminAction.Deny, intranet, new AdminPort(Protocol.TCP, 22, 22, null, SourceSpan.None))]),
            Anp("frontends-web-only", 40, new AdminSelector(LabelSelector.Everything, Is("tier", "frontend"), SourceSpan.None),
                [Rule("web", AdminAction.Allow, Namespaces(Is(Namespace.NameLabel, "ingress-nginx")), new AdminPort(Protocol.TCP, 8000, 8999, null, SourceSpan.None))], []),
            new(AdminNetworkPolicy.BaselineKind, "default", AdminTier.Baseline, int.MaxValue, everyone,
                [Rule("deny-from-system", AdminAction.Deny, Namespaces(Is("role", "system")))],
                [Rule("deny-internet-udp", AdminAction.Deny, new AdminPeer(null, [Cidr.TryParse("0.0.0.0/0", out _, out _)!], null, SourceSpan.None),
                    new AdminPort(Protocol.UDP, 1, 65535, null, SourceSpan.None))], SourceSpan.None),
        ];
    }
}
