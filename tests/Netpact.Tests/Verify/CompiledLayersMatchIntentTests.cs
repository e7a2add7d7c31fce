using CsCheck;
using Netpact.Compilers;
using Netpact.Compilers.Istio;
using Netpact.Compilers.Kubernetes;
using Netpact.Intents;
using Netpact.Model;
using Netpact.Tests.Intents;
using Netpact.Verify;

namespace Netpact.Tests.Verify;

/// <summary>
/// The proof behind compile: random valid intents, compiled to a layer, read back and analyzed, allow exactly
/// the intended flows. Istio is compared where it governs (TCP between workloads); k8s everywhere, external
/// addresses included.
/// </summary>
public sealed class CompiledLayersMatchIntentTests
{
    private const int Iterations = 250;

    [Fact]
    public void Kubernetes_policies_compiled_from_random_intents_allow_exactly_the_intended_flows()
    {
        var target = new KubernetesLayerCompiler();
        RandomIntents.Intents.Sample(
            intent =>
            {
                var layer = LayerReaders.Find(target.Layer).Read(target.Compile(intent), intent);

                Assert.True(layer.CoversExternal);
                Assert.Empty(layer.Diagnostics);
                AssertSame(IntendedFlows.Of(intent), layer.Flows, external: true, c => c);
            },
            iter: Iterations,
            print: RandomIntents.ToYaml);
    }

    /// <summary>The cilium target is read back by the Kubernetes layer's reader, which reads Cilium policies with the manifests.</summary>
    [Fact]
    public void Cilium_policies_compiled_from_random_intents_allow_exactly_the_intended_flows()
    {
        var target = LayerCompilers.Find("cilium")!;
        RandomIntents.Intents.Sample(
            intent =>
            {
                var files = target.Compile(intent);
                var layer = LayerReaders.Find(target.Layer).Read(files, intent);

                Assert.All(files, f => Assert.Contains("kind: CiliumNetworkPolicy", f.Content, StringComparison.Ordinal));
                Assert.True(layer.CoversExternal);
                Assert.Empty(layer.Diagnostics);
                AssertSame(IntendedFlows.Of(intent), layer.Flows, external: true, c => c);
            },
            iter: Iterations,
            print: RandomIntents.ToYaml);
    }

    [Fact]
    public void Istio_policies_compiled_from_random_intents_allow_exactly_the_intended_tcp_flows_between_workloads()
    {
        var target = new IstioLayerCompiler();
        RandomIntents.Intents.Sample(
            intent =>
            {
                var layer = LayerReaders.Find(target.Layer).Read(target.Compile(intent), intent);

                Assert.False(layer.CoversExternal);
                Assert.Empty(layer.Diagnostics);
                AssertSame(IntendedFlows.Of(intent), layer.Flows, external: false, c => ConnectionSet.Of(Protocol.TCP, c[Protocol.TCP]));
                // TCP being exact, every ordered pair's only difference is the UDP and SCTP Istio does not govern, named.
                var pairs = intent.Workloads.Length * (intent.Workloads.Length - 1);
                Assert.Equal(pairs, Assert.Single(layer.Approximations).Pairs.Length);
            },
            iter: Iterations,
            print: RandomIntents.ToYaml);
    }

    [Fact]
    public void Noa_server_compiled_to_kubernetes_allows_exactly_the_intended_flows()
    {
        var intent = NoaServer();
        var target = new KubernetesLayerCompiler();

        var layer = LayerReaders.Find(target.Layer).Read(target.Compile(intent), intent);

        AssertSame(IntendedFlows.Of(intent), layer.Flows, external: true, c => c);
        Assert.Empty(layer.Approximations);
    }

    [Fact]
    public void Noa_server_compiled_to_cilium_allows_exactly_the_intended_flows()
    {
        var intent = NoaServer();
        var target = LayerCompilers.Find("cilium")!;

        var layer = LayerReaders.Find(target.Layer).Read(target.Compile(intent), intent);

        AssertSame(IntendedFlows.Of(intent), layer.Flows, external: true, c => c);
        Assert.Empty(layer.Approximations);
        Assert.Contains(layer.Flows.Between(FlowPeer.Of("noa-server"), FlowPeer.Of("postgresql")).Reasons,
            r => r.StartsWith("CiliumNetworkPolicy/databases/postgresql-ingress ingress rule 1 (", StringComparison.Ordinal));
    }

    [Fact]
    public void Noa_server_compiled_to_istio_allows_exactly_the_intended_tcp_flows_and_names_udp_as_ungoverned()
    {
        var intent = NoaServer();
        var target = new IstioLayerCompiler();

        var layer = LayerReaders.Find(target.Layer).Read(target.Compile(intent), intent);

        AssertSame(IntendedFlows.Of(intent), layer.Flows, external: false, c => ConnectionSet.Of(Protocol.TCP, c[Protocol.TCP]));
        var approximation = Assert.Single(layer.Approximations);
        Assert.Contains("UDP", approximation.Text, StringComparison.Ordinal);
        Assert.Contains((FlowPeer.Of("noa-server"), FlowPeer.Of("coredns")), approximation.Pairs);
        Assert.Equal(9 * 8, approximation.Pairs.Length);
    }

    [Fact]
    public void Random_intents_print_as_intent_files_the_reader_accepts_with_the_same_flows()
    {
        RandomIntents.Intents.Sample(
            intent =>
            {
                var read = IntentReader.ReadText(RandomIntents.ToYaml(intent), "random-intent.yaml");

                Assert.False(read.HasErrors, string.Join("\n", read.Diagnostics));
                AssertSame(IntendedFlows.Of(intent), IntendedFlows.Of(read.Intent!), external: true, c => c);
            },
            iter: 100,
            print: RandomIntents.ToYaml);
    }

    private static Intent NoaServer()
    {
        const string path = "examples/noa-server/intent.yaml";
        var result = IntentReader.ReadText(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, path)), path);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Intent!;
    }

    /// <summary>
    /// Compares two flow matrices by meaning: every ordered pair of workloads, and with external, every workload
    /// against every piece of the address space cut at both matrices' range edges, in both directions.
    /// </summary>
    private static void AssertSame(FlowMatrix expected, FlowMatrix actual, bool external, Func<ConnectionSet, ConnectionSet> scope)
    {
        var differences = new List<string>();
        void Compare(FlowPeer src, FlowPeer dst)
        {
            var want = scope(expected.Between(src, dst).Allowed);
            var (have, reasons) = actual.Between(src, dst);
            have = scope(have);
            if (!want.Equals(have))
                differences.Add($"{src} => {dst}: intended {want}, layer allows {have} ({string.Join("; ", reasons)})");
        }

        var workloads = expected.Workloads.Concat(actual.Workloads).Distinct().Order(StringComparer.Ordinal).ToList();
        foreach (var src in workloads)
        {
            foreach (var dst in workloads.Where(d => d != src)) Compare(FlowPeer.Of(src), FlowPeer.Of(dst));
        }
        if (external)
        {
            foreach (var v6 in new[] { false, true })
            {
                var ranges = expected.Ranges.Concat(actual.Ranges).Where(r => r.IsV6 == v6).ToList();
                if (ranges.Count == 0) continue;
                foreach (var piece in IpRange.Pieces(ranges, v6))
                {
                    foreach (var w in workloads)
                    {
                        Compare(FlowPeer.Of(piece), FlowPeer.Of(w));
                        Compare(FlowPeer.Of(w), FlowPeer.Of(piece));
                    }
                }
            }
        }
        if (differences.Count > 0) Assert.Fail($"{differences.Count} differences:\n{string.Join("\n", differences.Take(12))}");
    }
}
