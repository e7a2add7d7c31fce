using System.Collections.Immutable;
using CsCheck;
using Netpact.Compilers;
using Netpact.Compilers.Aws;
using Netpact.Compilers.Compose;
using Netpact.Intents;
using Netpact.Model;
using Netpact.Verify;
using static Netpact.Tests.Compilers.ComposeAndAwsSupport;

namespace Netpact.Tests.Compilers;

/// <summary>
/// Compile-then-read against the intent on random intents: security groups allow exactly the intended flows
/// but for what they cannot say (named); Compose allows every intended flow, and each extra one is named.
/// </summary>
public sealed class ComposeAndAwsMatchIntentTests
{
    private const int Iterations = 300;

    private static readonly string[] ZoneNames = ["edge", "app", "data"];

    private static readonly string[] WorkloadNames = ["web", "api", "worker", "db", "cache", "resolver"];

    private static readonly IntentPort[] PortVocabulary =
    [
        new("http", 8080, Protocol.TCP, SourceSpan.None), new("https", 443, Protocol.TCP, SourceSpan.None),
        new("db", 5432, Protocol.TCP, SourceSpan.None), new("dns", 53, Protocol.UDP, SourceSpan.None),
        new("dns-tcp", 53, Protocol.TCP, SourceSpan.None), new("diameter", 3868, Protocol.SCTP, SourceSpan.None),
    ];

    private static readonly string[] Ranges = ["internet", "10.0.0.0/8", "10.1.1.0/24", "203.0.113.0/24", "2001:db8::/32"];

    /// <summary>
    /// Random intents, built as model records: 1-3 zones (half the time each with a subnet, so that rules for
    /// ranges may hold workloads), 2-6 workloads with ports over TCP, UDP and SCTP, flows between workloads,
    /// zones, the internet and CIDRs with all, named or numbered ports, and sometimes a DNS resolver.
    /// </summary>
    private static readonly Gen<Intent> Intents =
        from zones in Gen.Int[1, 3]
        from subnets in Gen.Bool
        from workloads in Gen.Select(Gen.Int[0, zones - 1], Gen.Int[0, 63]).Array[2, 6]
        from resolver in Gen.Int[-3, workloads.Length - 1]
        from flows in Gen.Select(Gen.Int[0, 9], Gen.Int[0, 99], Gen.Int[0, 9], Gen.Int[0, 99], Gen.Int[0, 2], Gen.Int[1, 15]).Array[0, 7]
        select Build(zones, subnets, workloads, resolver, flows);

    private static Intent Build(int zoneCount, bool subnets, (int Zone, int Ports)[] shapes, int resolver, (int FromKind, int From, int ToKind, int To, int Style, int Mask)[] flowShapes)
    {
        var zones = Enumerable.Range(0, zoneCount)
            .Select(i => new Zone(ZoneNames[i], ZoneNames[i], subnets ? Cidr.TryParse($"10.1.{i}.0/24", out _, out _) : null, true, [], null, SourceSpan.None))
            .ToImmutableArray();
        var workloads = shapes.Select((shape, i) =>
        {
            var ports = PortVocabulary.Where((_, p) => (shape.Ports & (1 << p)) != 0 || (i == resolver && p is 3 or 4)).ToImmutableArray();
            return new IntentWorkload(WorkloadNames[i], ZoneNames[shape.Zone], null, ImmutableSortedDictionary<string, string>.Empty, WorkloadNames[i], ports, null, SourceSpan.None);
        }).ToImmutableArray();

        FlowEnd End(int kind, int index) => kind switch
        {
            <= 5 => new FlowEnd(FlowEndKind.Workload, workloads[index % workloads.Length].Name, null, SourceSpan.None),
            <= 7 => new FlowEnd(FlowEndKind.Zone, zones[index % zones.Length].Name, null, SourceSpan.None),
            _ when Ranges[index % Ranges.Length] is "internet" => new FlowEnd(FlowEndKind.Internet, "internet", null, SourceSpan.None),
            _ => new FlowEnd(FlowEndKind.Cidr, Ranges[index % Ranges.Length], Cidr.TryParse(Ranges[index % Ranges.Length], out _, out _), SourceSpan.None),
        };
        var flows = flowShapes.Select((f, k) =>
        {
            var from = End(f.FromKind, f.From);
            var to = End(f.ToKind, f.To);
            if (from.IsExternal && to.IsExternal) to = End(0, f.To);
            // Style 0: every port the destination declares; 1: by name; 2: by number (443/TCP, 53/UDP outside).
            var ports = f.Style switch
            {
                0 => ImmutableArray<FlowPort>.Empty,
                _ when to.IsExternal => [.. new[] { new FlowPort(null, 443, Protocol.TCP, SourceSpan.None), new FlowPort(null, 53, Protocol.UDP, SourceSpan.None) }.Where((_, i) => (f.Mask & (1 << i)) != 0)],
                _ => [.. PortVocabulary.Where((_, i) => (f.Mask & (1 << (i % 4))) != 0)
                    .Select(p => f.Style == 1 ? new FlowPort(p.Name, null, Protocol.TCP, SourceSpan.None) : new FlowPort(null, p.Port, p.Protocol, SourceSpan.None))],
            };
            return new Flow($"f{k}", from, to, ports, null, SourceSpan.None);
        }).ToImmutableArray();
        return new Intent("random", zones, workloads, flows,
            new IntentDefaults(true, resolver >= 0 ? WorkloadNames[resolver] : null, SourceSpan.None), TargetOptions.Default, SourceSpan.None);
    }

    private static string Print(Intent intent) =>
        string.Join("\n", intent.Zones.Select(z => $"zone {z.Name} {z.Subnet}")
            .Concat(intent.Workloads.Select(w => $"workload {w.Name} in {w.Zone}: {string.Join(", ", w.Ports)}"))
            .Concat(intent.Flows.Select(f => $"flow {f.Id}: {f}"))
            .Append($"dns: {intent.Defaults.DnsResolver}"));

    private static void AssertMatches(ILayerCompiler target, Intent intent)
    {
        var layer = LayerReaders.Find(target.Layer).Read(target.Compile(intent), intent);

        Assert.Empty(layer.Diagnostics);
        var (extra, missing) = Differences(IntendedFlows.Of(intent), layer, allowApproximations: true);
        Assert.True(missing.Count == 0, "missing:\n" + string.Join("\n", missing));
        Assert.True(extra.Count == 0, "extra, not named as approximation:\n" + string.Join("\n", extra));
    }

    [Fact]
    public void Security_groups_compiled_from_random_intents_allow_the_intended_flows_and_nothing_unnamed()
    {
        Intents.Sample(intent => AssertMatches(new AwsLayerCompiler(), intent), iter: Iterations, print: Print);
    }

    [Fact]
    public void Security_groups_compiled_from_random_intents_without_sctp_or_ranges_allow_exactly_the_intended_flows()
    {
        var target = new AwsLayerCompiler();
        Intents.Where(i => i.Flows.All(f => !f.From.IsExternal && !f.To.IsExternal)).Sample(
            intent =>
            {
                var layer = LayerReaders.Find(target.Layer).Read(target.Compile(intent), intent);
                var sctp = IntendedFlows.Of(intent).Entries.Any(e => !e.Allowed[Protocol.SCTP].IsEmpty);
                if (!sctp) Assert.Empty(layer.Approximations);
                Assert.Empty(Differences(IntendedFlows.Of(intent), layer, allowApproximations: sctp).Extra);
            },
            iter: Iterations,
            print: Print);
    }

    [Fact]
    public void Compose_compiled_from_random_intents_allows_the_intended_flows_and_names_every_extra_one()
    {
        Intents.Sample(intent => AssertMatches(new ComposeLayerCompiler(), intent), iter: Iterations, print: Print);
    }

    [Fact]
    public void Compose_compiled_from_random_intents_never_joins_two_workloads_that_have_no_flow_between_them()
    {
        var target = new ComposeLayerCompiler();
        Intents.Sample(
            intent =>
            {
                var intended = IntendedFlows.Of(intent);
                var layer = LayerReaders.Find(target.Layer).Read(target.Compile(intent), intent);
                var names = intent.Workloads.Select(w => w.Name).ToImmutableArray();
                foreach (var a in names)
                {
                    foreach (var b in names.Where(b => b != a))
                    {
                        var talk = !intended.Between(FlowPeer.Of(a), FlowPeer.Of(b)).Allowed.IsEmpty || !intended.Between(FlowPeer.Of(b), FlowPeer.Of(a)).Allowed.IsEmpty;
                        if (!talk) Assert.True(layer.Flows.Between(FlowPeer.Of(a), FlowPeer.Of(b)).Allowed.IsEmpty, $"{a} -> {b}");
                    }
                }
            },
            iter: Iterations,
            print: Print);
    }
}
