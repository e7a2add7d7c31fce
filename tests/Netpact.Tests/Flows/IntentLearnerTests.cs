using Netpact.Benchmarks;
using Netpact.Flows;
using Netpact.Intents;
using Netpact.Model;

namespace Netpact.Tests.Flows;

/// <summary>netpact learn: the intent proposed from accepted flows is valid, lets through exactly what was seen, and names what the logs name.</summary>
public sealed class IntentLearnerTests
{
    private static string Data(string name) => Path.Combine(TestPaths.TestData, "flows", name);

    private static Intent Learned(IReadOnlyList<string> logs, IReadOnlyList<string> paths, LearnOptions? options = null, string stdin = "")
    {
        var diagnostics = new List<Diagnostic>();
        var yaml = FlowCheck.Learn(logs, paths, FlowWindow.All, options ?? new LearnOptions(), new StringReader(stdin), diagnostics);
        Assert.DoesNotContain(diagnostics, d => d.Severity == Severity.Error);
        var read = IntentReader.ReadText(yaml!, "learned.yaml");
        Assert.True(!read.HasErrors, string.Join("\n", read.Diagnostics) + "\n" + yaml);
        return read.Intent!;
    }

    private static FlowsResult Check(string log, Intent intent)
    {
        var diagnostics = new List<Diagnostic>();
        return FlowCheck.Run(new FlowsRequest([log], intent, "learned.yaml", [], FlowWindow.All), TextReader.Null, diagnostics)!;
    }

    [Fact]
    public void An_intent_learned_from_a_clean_day_intends_every_flow_of_that_day_and_nothing_unused()
    {
        var noa = IntentReader.ReadFile(Path.Combine(TestPaths.Examples, "noa-server", "intent.yaml")).Intent!;
        var dir = Directory.CreateTempSubdirectory("netpact-learn-");
        try
        {
            var log = Path.Combine(dir.FullName, "day.log.gz");
            FlowLogGenerator.WriteFile(noa, new FlowLogPlan { Records = 20_000 }, log);

            var learned = Learned([log], []);
            var result = Check(log, learned);

            Assert.Empty(result.Of(FlowClass.AllowedNotIntended));
            Assert.Empty(result.Unused);
            Assert.Equal(noa.Workloads.Length, learned.Workloads.Length);
            Assert.Contains(learned.Flows, f => f.From.Kind == FlowEndKind.Cidr && f.From.Text == "0.0.0.0/0");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_learned_intent_is_least_privilege_a_flow_not_seen_is_not_intended()
    {
        var noa = IntentReader.ReadFile(Path.Combine(TestPaths.Examples, "noa-server", "intent.yaml")).Intent!;
        var dir = Directory.CreateTempSubdirectory("netpact-learn-");
        try
        {
            var day = Path.Combine(dir.FullName, "day.log");
            FlowLogGenerator.WriteFile(noa, new FlowLogPlan { Records = 2_000, Dropped = [new InjectedFlow("noa-server", "mongodb", 27017)] }, day);
            var learned = Learned([day], []);
            var later = Path.Combine(dir.FullName, "later.log");
            File.WriteAllText(later, "2 1 eni-1 10.0.2.1 10.0.4.3 41000 27017 6 5 500 1765152000 1765152060 ACCEPT OK\n");

            var result = Check(later, learned);

            Assert.Single(result.Of(FlowClass.AllowedNotIntended));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Hubble_identities_become_workloads_in_their_namespaces_with_their_app_label()
    {
        var learned = Learned([Data("hubble.json")], []);

        var postgres = Assert.Single(learned.Workloads, w => w.Name == "postgresql");
        Assert.Equal("databases", learned.NamespaceOf(postgres));
        Assert.Equal("postgresql", postgres.Labels["app"]);
        Assert.Contains(postgres.Ports, p => p.Port == 5432 && p.Protocol == Protocol.TCP);
        Assert.Contains(learned.Flows, f => f.From.Text == "noa-server" && f.To.Text == "postgresql");
        // The flow Hubble dropped was not seen going through: it is not learned.
        Assert.DoesNotContain(learned.Flows, f => f.From.Text == "mcp-github");
        // One outside client: named by its address, not the whole internet.
        Assert.Contains(learned.Flows, f => f.From.Text == "192.0.2.50/32");
    }

    [Fact]
    public void Pod_addresses_of_the_manifests_name_the_learned_workloads()
    {
        var learned = Learned([Data("cluster.log")], [Path.Combine(TestPaths.TestData, "flows", "cluster")]);

        Assert.Equal(["batch", "db", "web"], learned.Workloads.Select(w => w.Name).Order(StringComparer.Ordinal));
        Assert.All(learned.Workloads, w => Assert.Equal("shop", learned.NamespaceOf(w)));
        Assert.Equal(["batch-to-db", "web-to-db"], learned.Flows.Select(f => f.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Many_outside_clients_are_learned_as_their_address_family_and_few_as_their_addresses()
    {
        var many = string.Concat(Enumerable.Range(1, 5).Select(i => $"2 1 eni-1 203.0.113.{i} 10.0.1.1 50000 443 6 1 60 1765152000 1765152060 ACCEPT OK\n"));
        var few = "2 1 eni-1 203.0.113.9 10.0.1.1 50000 22 6 1 60 1765152000 1765152060 ACCEPT OK\n";

        var learned = Learned(["-"], [], new LearnOptions { MaxNamedPeers = 3 }, stdin: many + few);

        Assert.Contains(learned.Flows, f => f.From.Text == "0.0.0.0/0" && f.Ports.Single().Port == 443);
        Assert.Contains(learned.Flows, f => f.From.Text == "203.0.113.9/32" && f.Ports.Single().Port == 22);
    }
}
