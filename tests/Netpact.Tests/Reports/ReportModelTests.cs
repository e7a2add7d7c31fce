using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Netpact.Analysis;
using Netpact.Findings;
using Netpact.Intents;
using Netpact.Kubernetes;
using Netpact.Lint;
using Netpact.Model;
using Netpact.Reports;
using Netpact.Reports.Html;
using Netpact.Verify;

// Not Netpact.Tests.Reports: that namespace would shadow Netpact.Reports for tests that write Reports.LintReport.
namespace Netpact.Tests.HtmlReports;

/// <summary>The HTML report's model: the flows analyze lists, explained as explain explains them, and every finding.</summary>
public sealed partial class ReportModelTests
{
    private static readonly string Seed = Path.Combine(TestPaths.Examples, "noa-server", "manifests");
    private static readonly string SeedIntent = Path.Combine(TestPaths.Examples, "noa-server", "intent.yaml");

    public static TheoryData<string> Inputs => new()
    {
        "examples/noa-server/manifests",
        "../shared/oracles/netpol-analyzer/tests/onlineboutique_workloads",
        "../shared/oracles/netpol-analyzer/tests/ipblockstest",
        "../shared/oracles/netpol-analyzer/tests/with_end_port_example",
    };

    private static Connectivity Analyze(string input)
    {
        var read = ManifestReader.Read([Path.Combine(TestPaths.RepoRoot, input)]);
        Assert.False(read.HasErrors, string.Join("\n", read.Diagnostics));
        return ConnectivityEngine.Analyze(read.Cluster);
    }

    private static ReportModel Build(Connectivity c, ReportLimits? limits = null) =>
        ReportModelBuilder.Build(c, new ReportInput { Title = "t", Limits = limits ?? ReportLimits.Default });

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Edges_are_the_connections_analyze_lists_in_its_order(string input)
    {
        var connectivity = Analyze(input);

        var model = Build(connectivity);

        Assert.True(model.Detailed);
        var expected = connectivity.Connections.Select(c => $"{c.Source} => {c.Destination} : {c.Allowed}").ToList();
        var actual = model.Edges.Select(e => $"{model.Nodes[e.Source].Id} => {model.Nodes[e.Target].Id} : {e.Ports}").ToList();
        Assert.Equal(expected, actual);
        Assert.Equal(expected.Count, model.Counts.Connections);
        Assert.Equal(expected.Count, model.GroupEdges.Sum(g => g.Flows));
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Each_edge_explains_itself_as_netpact_explain_does(string input)
    {
        var connectivity = Analyze(input);

        var model = Build(connectivity);

        foreach (var (edge, connection) in model.Edges.Zip(connectivity.Connections))
        {
            var (s, t) = (model.Nodes[edge.Source].Id, model.Nodes[edge.Target].Id);
            // What the page shows on click (report.js edgeText), from the model's parts.
            var page = $"ALLOWED: {s} => {t} : {edge.Ports}\n\nEgress of {s}:\n{model.Texts[edge.Egress]}\nIngress of {t}:\n{model.Texts[edge.Ingress]}";
            Assert.Equal(ExplainReport.Write(Explainer.Explain(connectivity.Cluster, connection.Source, connection.Destination)), page);
        }
    }

    [Fact]
    public void Above_the_limits_only_flows_inside_groups_are_edges_and_the_rest_are_summed_per_group()
    {
        var connectivity = Analyze("../shared/oracles/netpol-analyzer/tests/onlineboutique_workloads");
        var all = connectivity.Connections;

        var model = Build(connectivity, new ReportLimits(DetailedEndpoints: 3, DetailedEdges: 3, IntraGroupEdges: 10_000));

        Assert.False(model.Detailed);
        Assert.All(model.Edges, e => Assert.Equal(model.Nodes[e.Source].Group, model.Nodes[e.Target].Group));
        var inside = all.Where(c => c.Source.Namespace == c.Destination.Namespace && !c.Source.IsExternal && !c.Destination.IsExternal).ToList();
        Assert.Equal(inside.Count, model.Edges.Length);
        Assert.Equal(all.Length, model.GroupEdges.Sum(g => g.Flows));
        foreach (var g in model.GroupEdges.Where(g => g.Source == g.Target))
        {
            Assert.Equal(g.Flows, model.Edges.Count(e => model.Nodes[e.Source].Group == g.Source));
            Assert.Equal(g.Flows, model.Groups[g.Source].IntraFlows);
        }
    }

    [Fact]
    public void A_group_with_more_inside_flows_than_the_limit_embeds_none_and_says_so()
    {
        var connectivity = Analyze("../shared/oracles/netpol-analyzer/tests/onlineboutique_workloads");

        var model = Build(connectivity, new ReportLimits(DetailedEndpoints: 3, DetailedEdges: 3, IntraGroupEdges: 2));

        var crowded = model.Groups.Select((g, i) => (g, i)).Where(x => x.g.IntraFlows > 2).ToList();
        Assert.NotEmpty(crowded);
        Assert.All(crowded, x => Assert.True(x.g.IntraEdgesOmitted));
        Assert.All(crowded, x => Assert.DoesNotContain(model.Edges, e => model.Nodes[e.Source].Group == x.i));
    }

    [Fact]
    public void With_an_intent_workloads_are_grouped_by_its_zones_and_lint_and_verify_findings_are_listed()
    {
        var connectivity = Analyze("examples/noa-server/manifests");
        var intent = IntentReader.ReadFile(SeedIntent).Intent!;
        var lint = Linter.Run(new LintInput(connectivity.Cluster, SourceFacts.Read([Seed], TextReader.Null), LintConfig.Empty));
        var verified = IntentVerifier.VerifyFiles(intent, [Seed], []);
        var findings = LintFindings.Of(lint).Concat(VerificationFindings.Of(verified)).ToImmutableArray();

        var model = ReportModelBuilder.Build(connectivity, new ReportInput { Title = "seed", Intent = intent, Findings = findings });

        Assert.Equal("zone", model.GroupedBy);
        string ZoneOf(string workload) => model.Groups[model.Nodes.Single(n => n.Id == workload).Group].Name;
        Assert.Equal("data", ZoneOf("databases/postgresql[StatefulSet]"));
        Assert.Equal("public", ZoneOf("ingress-nginx/ingress-nginx-controller[Deployment]"));
        Assert.Equal("system", ZoneOf("kube-system/coredns[Deployment]"));
        Assert.Equal(lint.Findings.Length, model.Findings.Count(f => f.Source == "lint"));
        Assert.Contains(model.Findings, f => f.Source == "lint" && f.Rule == "ZT011" && f.Controls.Length > 0);
        var v = Assert.Single(verified);
        Assert.Equal(v.Extra.Length, model.Findings.Count(f => f.Rule == "extra-flow"));
        Assert.Equal(v.Missing.Length, model.Findings.Count(f => f.Rule == "missing-flow"));
        Assert.Contains(model.Findings, f => f.Rule == "missing-flow" && f.Message.Contains("noa-server => postgresql", StringComparison.Ordinal));
    }

    [Fact]
    public void Hostile_names_stay_data_and_cannot_end_the_script_element()
    {
        const string hostile = "</script><script>alert(1)</script><!--";
        var pod = new Pod("p", ImmutableSortedDictionary<string, string>.Empty.Add("app", hostile), [], SourceSpan.None);
        var cluster = new Cluster([], [
            new Workload(hostile, "a" + hostile, "Pod", [pod], SourceSpan.None),
            new Workload("ns", "b</SCRIPT >'\"&", "Pod", [pod with { Name = "q" }], SourceSpan.None),
        ], [], []);
        var finding = new Netpact.Findings.Finding { Source = "audit", Rule = hostile, Severity = FindingSeverity.Error, Message = hostile, Controls = [hostile] };

        var html = HtmlReport.Write(ReportModelBuilder.Build(ConnectivityEngine.Analyze(cluster), new ReportInput { Title = hostile, Findings = [finding] }));

        // The three script elements of the page are the only ones, and each closes where it should.
        Assert.Equal(3, ScriptOpen().Matches(html).Count);
        Assert.Equal(3, ScriptClose().Matches(html).Count);
        Assert.DoesNotContain("<!--", html, StringComparison.Ordinal);
        Assert.Contains("<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;!--</title>", html, StringComparison.Ordinal);
        var json = DataElement().Match(html).Groups[1].Value;
        Assert.DoesNotContain("<", json, StringComparison.Ordinal);
        using var data = JsonDocument.Parse(json);
        var nodes = data.RootElement.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()).ToList();
        Assert.Contains($"{hostile}/a{hostile}[Pod]", nodes);
        Assert.Contains("ns/b</SCRIPT >'\"&[Pod]", nodes);
        Assert.Equal(hostile, data.RootElement.GetProperty("findings")[0].GetProperty("message").GetString());
        Assert.Equal(hostile, data.RootElement.GetProperty("title").GetString());
    }

    [Fact]
    public void The_same_input_gives_the_same_bytes()
    {
        var intent = IntentReader.ReadFile(SeedIntent).Intent!;
        string Write() => HtmlReport.Write(ReportModelBuilder.Build(Analyze("../shared/oracles/netpol-analyzer/tests/ipblockstest"),
            new ReportInput { Title = "same", Intent = intent }));

        var first = Write();
        var second = Write();

        Assert.Equal(Encoding.UTF8.GetBytes(first), Encoding.UTF8.GetBytes(second));
        Assert.DoesNotMatch(@"20\d\d-\d\d-\d\dT", first);
    }

    [GeneratedRegex("<script[ >]", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptOpen();

    [GeneratedRegex("</script", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptClose();

    [GeneratedRegex("<script type=\"application/json\" id=\"netpact-data\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex DataElement();
}
