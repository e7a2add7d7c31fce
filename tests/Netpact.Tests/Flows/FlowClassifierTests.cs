using Netpact.Flows;
using Netpact.Intents;
using Netpact.Model;

namespace Netpact.Tests.Flows;

/// <summary>Observed flows against the pact: the four classes, scans, blocked attempts and unused intended flows, with the trail of each.</summary>
public sealed class FlowClassifierTests
{
    private static string Data(string name) => Path.Combine(TestPaths.TestData, "flows", name);

    private static string NoaIntent => Path.Combine(TestPaths.Examples, "noa-server", "intent.yaml");

    private static Intent ReadIntent()
    {
        var read = IntentReader.ReadFile(NoaIntent);
        Assert.False(read.HasErrors);
        return read.Intent!;
    }

    private static FlowsResult Run(IReadOnlyList<string> logs, Intent? intent, IReadOnlyList<string> paths, FlowsOptions? options = null, string stdin = "")
    {
        var diagnostics = new List<Diagnostic>();
        var result = FlowCheck.Run(new FlowsRequest(logs, intent, intent is null ? null : NoaIntent, paths, FlowWindow.All) { Options = options ?? new FlowsOptions() },
            new StringReader(stdin), diagnostics);
        Assert.DoesNotContain(diagnostics, d => d.Severity == Severity.Error);
        return result!;
    }

    private static string Line(ObservedFlow f) => $"{FlowPeers.Name(f.Source)} => {FlowPeers.Name(f.Destination)} : {f.Service}";

    [Fact]
    public void The_injected_violation_outage_and_scan_of_a_noa_server_log_are_found_and_nothing_else()
    {
        var result = Run([Data("noa-day.log")], ReadIntent(), []);

        Assert.Equal(["mcp-filesystem => postgresql : 5432/TCP"], result.Of(FlowClass.AllowedNotIntended).Select(Line));
        Assert.Equal(["noa-server => redis : 6379/TCP"], result.Of(FlowClass.IntendedRejected).Select(Line));
        var scan = Assert.Single(result.Scans);
        Assert.Equal("198.51.100.66", FlowPeers.Name(scan.Source));
        Assert.Equal(12, scan.Ports);
        Assert.Equal(
            ["0.0.0.0/0 => ingress-nginx-controller : 443/TCP", "ingress-nginx-controller => noa-server : 3000/TCP", "noa-server => postgresql : 5432/TCP"],
            result.Of(FlowClass.IntendedAllowed).Select(Line).Order(StringComparer.Ordinal));
        Assert.True(result.HasProblems);
    }

    [Fact]
    public void Each_problem_flow_says_why_with_the_intent_flow_and_the_log_line()
    {
        var result = Run([Data("noa-day.log")], ReadIntent(), []);

        var outage = Assert.Single(result.Of(FlowClass.IntendedRejected));
        Assert.Contains(outage.Reasons, r => r.Contains("intent flow 'noa-server-to-redis'", StringComparison.Ordinal));
        Assert.Equal(7, outage.FirstSeen.Line);
        var extra = Assert.Single(result.Of(FlowClass.AllowedNotIntended));
        Assert.Contains("the intent has no flow for it", extra.Reasons);
    }

    [Fact]
    public void Blocked_attempts_are_counted_with_their_top_sources_and_ports()
    {
        var result = Run([Data("noa-day.log")], ReadIntent(), []);

        Assert.Equal(13, result.Blocked.Records);
        Assert.Equal(new TopEntry("198.51.100.66", 12), result.Blocked.TopSources[0]);
        Assert.Equal(new TopEntry("22/TCP", 2), result.Blocked.TopPorts[0]);
    }

    [Fact]
    public void A_source_below_the_scan_threshold_is_no_scan()
    {
        var result = Run([Data("noa-day.log")], ReadIntent(), [], new FlowsOptions { ScanThreshold = 13 });

        Assert.Empty(result.Scans);
        Assert.Equal(13, result.Blocked.Records);
    }

    [Fact]
    public void Intended_flows_nobody_used_are_listed_and_those_seen_are_not()
    {
        var result = Run([Data("noa-day.log")], ReadIntent(), []);

        var unused = result.Unused.Select(u => $"{FlowPeers.Name(u.Source)} => {FlowPeers.Name(u.Destination)}").ToList();
        Assert.Contains("noa-server => mongodb", unused);
        Assert.Contains("prometheus => noa-server", unused);
        Assert.DoesNotContain("noa-server => postgresql", unused);
        // Tried and stopped is an outage, not an unused flow.
        Assert.DoesNotContain("noa-server => redis", unused);
        Assert.DoesNotContain(result.Unused, u => u.Source.IsExternal && u.Destination.Workload == "ingress-nginx-controller" && !u.Source.Range!.IsV6);
    }

    [Fact]
    public void Hubble_identities_name_the_intent_workloads_whatever_their_addresses()
    {
        var result = Run([Data("hubble.json")], ReadIntent(), []);

        Assert.Equal(
            ["0.0.0.0/0 => ingress-nginx-controller : 443/TCP", "noa-server => coredns : 53/UDP", "noa-server => postgresql : 5432/TCP"],
            result.Of(FlowClass.IntendedAllowed).Select(Line).Order(StringComparer.Ordinal));
        var blocked = Assert.Single(result.Of(FlowClass.RejectedNotIntended));
        Assert.Equal("mcp-github => postgresql : 5432/TCP", Line(blocked));
        Assert.Contains(blocked.Reasons, r => r.Contains("POLICY_DENIED", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_an_intent_the_policies_are_the_pact_and_pod_addresses_name_the_workloads()
    {
        var result = Run([Data("cluster.log")], null, [Path.Combine(TestPaths.TestData, "flows", "cluster")]);

        Assert.Equal(["shop/web[Pod] => shop/db[Pod] : 5432/TCP"], result.Of(FlowClass.IntendedAllowed).Select(Line));
        var extra = Assert.Single(result.Of(FlowClass.AllowedNotIntended));
        Assert.Equal("shop/batch[Pod] => shop/db[Pod] : 5432/TCP", Line(extra));
        Assert.Contains(extra.Reasons, r => r.StartsWith("k8s does not allow it", StringComparison.Ordinal));
        Assert.Equal("shop/web[Pod] => fd00::99 : 22/TCP", Line(Assert.Single(result.Of(FlowClass.RejectedNotIntended))));
    }

    [Fact]
    public void With_an_intent_and_policies_an_allowed_flow_names_the_NetworkPolicy_rule_that_lets_it()
    {
        var manifests = Path.Combine(TestPaths.Examples, "noa-server", "manifests");
        var stdin = "2 1 eni-1 10.0.2.1 10.0.1.1 40000 443 6 1 60 1765152000 1765152060 ACCEPT OK\n";

        var result = Run(["-"], ReadIntent(), [manifests], stdin: stdin);

        var extra = Assert.Single(result.Of(FlowClass.AllowedNotIntended));
        Assert.Contains(extra.Reasons, r => r.StartsWith("k8s ", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_record_read_is_in_exactly_one_flow()
    {
        var result = Run([Data("noa-day.log"), Data("aws-doc-examples.log"), Data("nftables.log")], ReadIntent(), []);

        Assert.Equal(result.Logs.Sum(l => l.Records), result.Flows.Sum(f => f.Records));
    }

    [Fact]
    public void An_intended_flow_from_one_outside_address_that_was_seen_is_not_unused()
    {
        const string yaml = """
            apiVersion: netpact/v1
            kind: Intent
            metadata: {name: one}
            zones:
              edge: {namespace: edge, subnet: 10.0.1.0/24, internal: false}
            workloads:
              web: {zone: edge, labels: {app: web}, ports: [{port: 443}]}
            flows:
              - {from: 192.0.2.50/32, to: web, ports: [443]}
            """;
        var intent = IntentReader.ReadText(yaml, "one.yaml").Intent!;
        var stdin = "2 1 eni-1 192.0.2.50 10.0.1.1 50000 443 6 1 60 1765152000 1765152060 ACCEPT OK\n";

        var result = Run(["-"], intent, [], stdin: stdin);

        Assert.Equal(["0.0.0.0/0 => web : 443/TCP"], result.Of(FlowClass.IntendedAllowed).Select(Line));
        Assert.Empty(result.Unused);
    }

    [Fact]
    public void Against_a_baseline_accepted_flows_with_a_new_pair_port_or_outside_source_are_marked_and_the_rest_not()
    {
        var dir = Directory.CreateTempSubdirectory("netpact-baseline-");
        try
        {
            var baseline = Path.Combine(dir.FullName, "baseline.log");
            File.WriteAllText(baseline,
                "2 1 eni-1 10.0.2.1 10.0.4.1 40001 5432 6 5 500 1765152000 1765152060 ACCEPT OK\n" +
                "2 1 eni-1 203.0.113.5 10.0.1.1 50000 443 6 5 500 1765152000 1765152060 ACCEPT OK\n");
            var current = Path.Combine(dir.FullName, "current.log");
            File.WriteAllText(current,
                "2 1 eni-1 10.0.2.1 10.0.4.1 40002 5432 6 5 500 1765238400 1765238460 ACCEPT OK\n" +
                "2 1 eni-1 203.0.113.5 10.0.1.1 50001 443 6 5 500 1765238400 1765238460 ACCEPT OK\n" +
                "2 1 eni-1 203.0.113.77 10.0.1.1 50002 443 6 5 500 1765238400 1765238460 ACCEPT OK\n" +
                "2 1 eni-1 10.0.1.1 10.0.2.1 40003 3000 6 5 500 1765238400 1765238460 ACCEPT OK\n");
            var diagnostics = new List<Diagnostic>();

            var result = FlowCheck.Run(new FlowsRequest([current], ReadIntent(), NoaIntent, [], FlowWindow.All) { Baseline = [baseline] }, TextReader.Null, diagnostics)!;

            Assert.Empty(diagnostics);
            Assert.Equal(
                ["0.0.0.0/0 => ingress-nginx-controller : 443/TCP: new source", "ingress-nginx-controller => noa-server : 3000/TCP: new pair, new port"],
                result.Anomalies.Select(f => $"{Line(f)}: {string.Join(", ", f.New)}").Order(StringComparer.Ordinal));
            Assert.True(result.HasProblems);
            Assert.Single(result.BaselineLogs);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
