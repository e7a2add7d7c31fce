using System.Text;
using CsCheck;
using Netpact.Compilers.Nftables;
using Netpact.Flows;
using Netpact.Intents;
using Netpact.Model;

namespace Netpact.Tests.Flows;

/// <summary>
/// The aggregating classifier against a literal one that judges each record on its own (orient it, name its ends by the
/// planned addresses, ask the intent): the records of each class add up the same, on random logs of the Noa Server.
/// </summary>
public sealed class FlowClassificationPropertyTests
{
    private static readonly Intent Noa = IntentReader.ReadFile(Path.Combine(TestPaths.Examples, "noa-server", "intent.yaml")).Intent!;

    private static readonly string[] Addresses =
        [.. AddressPlan.Default(Noa).Workloads.Values.Select(r => Cidr.FormatAddress(r.IsV6, r.First)), "203.0.113.7", "198.51.100.9"];

    private static readonly int[] Ports = [22, 53, 443, 3000, 5432, 6379, 8080, 9090, 9153, 27017, 40000, 50000];

    private static readonly Gen<(int Src, int Dst, int SrcPort, int DstPort, bool Udp, bool Accept)> Record =
        Gen.Select(Gen.Int[0, Addresses.Length - 1], Gen.Int[0, Addresses.Length - 1], Gen.Int[0, Ports.Length - 1], Gen.Int[0, Ports.Length - 1], Gen.Bool, Gen.Bool)
            .Select((s, d, sp, dp, udp, accept) => (s, d, Ports[sp], Ports[dp], udp, accept));

    [Fact]
    public void Records_per_class_match_a_record_by_record_classification()
    {
        var plan = AddressPlan.Default(Noa).Workloads.ToDictionary(w => Cidr.FormatAddress(w.Value.IsV6, w.Value.First), w => w.Key);
        var intended = IntendedFlows.Of(Noa);
        Record.Array[1, 60].Sample(records =>
        {
            var log = new StringBuilder();
            var expected = new Dictionary<FlowClass, long>();
            foreach (var r in records.Where(r => r.Src != r.Dst))
            {
                log.Append($"2 1 eni-1 {Addresses[r.Src]} {Addresses[r.Dst]} {r.SrcPort} {r.DstPort} {(r.Udp ? 17 : 6)} 1 60 1765152000 1765152060 {(r.Accept ? "ACCEPT" : "REJECT")} OK\n");
                var reply = r.SrcPort < 32768 && r.DstPort >= 32768;
                var (client, server, port) = reply ? (Addresses[r.Dst], Addresses[r.Src], r.SrcPort) : (Addresses[r.Src], Addresses[r.Dst], r.DstPort);
                FlowPeer Peer(string a) => plan.TryGetValue(a, out var w) ? FlowPeer.Of(w) : FlowPeer.Of(FlowAddress.Parse(a).Range);
                var isIntended = intended.Between(Peer(client), Peer(server)).Allowed.Allows(r.Udp ? Protocol.UDP : Protocol.TCP, port);
                var cls = (r.Accept, isIntended) switch
                {
                    (true, true) => FlowClass.IntendedAllowed,
                    (true, false) => FlowClass.AllowedNotIntended,
                    (false, true) => FlowClass.IntendedRejected,
                    _ => FlowClass.RejectedNotIntended,
                };
                expected[cls] = expected.GetValueOrDefault(cls) + 1;
            }
            var diagnostics = new List<Diagnostic>();

            var result = FlowCheck.Run(new FlowsRequest(["-"], Noa, "intent.yaml", [], FlowWindow.All), new StringReader(log.ToString()), diagnostics)!;

            Assert.DoesNotContain(diagnostics, d => d.Severity == Severity.Error);
            foreach (var cls in Enum.GetValues<FlowClass>())
                Assert.Equal(expected.GetValueOrDefault(cls), result.Of(cls).Sum(f => f.Records));
        }, iter: 200);
    }
}
