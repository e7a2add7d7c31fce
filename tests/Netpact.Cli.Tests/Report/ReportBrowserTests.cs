using System.Text.Json;
using Microsoft.Playwright;
using Netpact.Benchmarks;
using Netpact.Tests;

namespace Netpact.Cli.Tests.Report;

/// <summary>
/// `netpact report` end to end: the CLI writes the page, headless Chromium opens it from a file:// URL with every
/// other request aborted and recorded, and the tests use it as a person would (hover, click, filter). Screenshots
/// are kept in artifacts/test-results/report/.
/// </summary>
public sealed class ReportBrowserTests(Chromium chromium) : IClassFixture<Chromium>
{
    private static readonly string Example = Path.Combine(TestPaths.Examples, "noa-server");
    private static readonly string Manifests = Path.Combine(Example, "manifests");
    private static readonly string IntentFile = Path.Combine(Example, "intent.yaml");
    private static readonly string Artifacts = Path.Combine(TestPaths.RepoRoot, "artifacts", "test-results", "report");

    private static string WriteReport(string name, params string[] args)
    {
        Directory.CreateDirectory(Artifacts);
        var file = Path.Combine(Artifacts, name + ".html");
        // A fresh page each run: one left by an older netpact, without the ledger, would be refused.
        File.Delete(file);
        var run = CliRunner.Run(["report", .. args, "-o", file]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        return file;
    }

    private static int AnalyzeLines(params string[] paths)
    {
        var run = CliRunner.Run(["analyze", .. paths]);
        Assert.Equal(0, run.ExitCode);
        return run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
    }

    private static async Task<JsonElement> Graph(IPage page) => await page.EvaluateAsync<JsonElement>(
        """
        () => {
          const r = window.netpactReport;
          return {
            workloadNodes: r.cy.nodes().filter(n => n.data('kind') !== 'group').length,
            groupNodes: r.cy.nodes('[kind = "group"]').length,
            flowEdges: r.cy.edges('[kind = "flow"]').length,
            edges: r.cy.edges().length,
            modelNodes: r.model.nodes.length,
            modelEdges: r.model.edges.length,
            detailed: r.model.detailed,
          };
        }
        """);

    private static void AssertOffline(string file, List<string> requests, List<string> errors)
    {
        lock (requests) Assert.Equal([new Uri(file).AbsoluteUri], requests.Distinct());
        lock (errors) Assert.Empty(errors);
    }

    /// <summary>The whole page, or the window only where the findings table makes the page too tall to capture.</summary>
    private static async Task Screenshot(IPage page, string name, bool fullPage = true) =>
        Assert.True((await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, name + ".png"), FullPage = fullPage })).Length > 0);

    [Fact]
    public async Task Unmodelled_policies_are_named_in_the_header_and_the_reference_report_has_none()
    {
        var file = WriteReport("unmodelled-policies", Path.Combine(TestPaths.TestData, "unmodelled-policies", "manifests"));
        var reference = WriteReport("noa-server-plain", Manifests);
        const string header = "() => { const p = document.getElementById('unmodelled'); return p.hidden ? '' : p.textContent; }";

        var (page, requests, errors) = await chromium.OpenAsync(file);
        var text = await page.EvaluateAsync<string>(header);
        var (plain, _, _) = await chromium.OpenAsync(reference);

        AssertOffline(file, requests, errors);
        Assert.StartsWith("Not modelled: GlobalNetworkPolicy default-deny (projectcalico.org/v3) at ", text, StringComparison.Ordinal);
        Assert.Contains("; NetworkPolicy payments/ledger-from-checkout (crd.antrea.io/v1beta1) at ", text, StringComparison.Ordinal);
        Assert.EndsWith("The graph, the matrix and the findings ignore these policies and may be wrong in either direction.", text, StringComparison.Ordinal);
        Assert.Equal("", await plain.EvaluateAsync<string>(header));
    }

    [Fact]
    public async Task Reference_report_works_offline_draws_the_model_and_filters_findings_by_severity()
    {
        var file = WriteReport("noa-server", Manifests, "--intent", IntentFile);

        var (page, requests, errors) = await chromium.OpenAsync(file);
        var graph = await Graph(page);
        await Screenshot(page, "noa-server");

        Assert.True(graph.GetProperty("detailed").GetBoolean());
        Assert.Equal(graph.GetProperty("modelNodes").GetInt32(), graph.GetProperty("workloadNodes").GetInt32());
        Assert.Equal(9, graph.GetProperty("workloadNodes").GetInt32());
        Assert.Equal(graph.GetProperty("modelEdges").GetInt32(), graph.GetProperty("flowEdges").GetInt32());
        Assert.Equal(AnalyzeLines(Manifests), graph.GetProperty("flowEdges").GetInt32());
        Assert.Equal(6, graph.GetProperty("groupNodes").GetInt32()); // the intent's six zones

        const string visibleRows = "() => [...document.querySelectorAll('#findings tbody tr')].filter(r => !r.hidden).map(r => r.dataset.severity)";
        var all = await page.EvaluateAsync<string[]>(visibleRows);
        var warnings = all.Count(s => s == "warning");
        Assert.True(warnings > 0 && all.Any(s => s == "error"), "the seed has errors and warnings from lint and verify");

        await page.Locator("input[name=severity-warning]").UncheckAsync();
        var withoutWarnings = await page.EvaluateAsync<string[]>(visibleRows);
        Assert.Equal(all.Length - warnings, withoutWarnings.Length);
        Assert.DoesNotContain("warning", withoutWarnings);
        Assert.True(await page.Locator("#findings tbody tr[data-severity=warning]").First.IsHiddenAsync());

        await page.Locator("input[name=severity-warning]").CheckAsync();
        Assert.Equal(all, await page.EvaluateAsync<string[]>(visibleRows));

        await page.Locator("select[name=control]").SelectOptionAsync("PCI DSS 4.0 1.2.5");
        var tagged = await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('#findings tbody tr')].filter(r => !r.hidden).map(r => [...r.querySelectorAll('.tag')].map(t => t.textContent).join('|'))");
        Assert.NotEmpty(tagged);
        Assert.All(tagged, t => Assert.Contains("PCI DSS 4.0 1.2.5", t, StringComparison.Ordinal));
        AssertOffline(file, requests, errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Hovering_an_edge_shows_its_ports_and_clicking_it_shows_why_the_flow_is_allowed()
    {
        // The seed's own policies block every flow; its workloads under the intent's compiled policies allow the intended ones.
        var compiled = Directory.CreateTempSubdirectory("netpact-report-k8s-").FullName;
        try
        {
            Assert.Equal(0, CliRunner.Run("compile", IntentFile, "--target", "k8s", "-o", compiled).ExitCode);
            string[] inputs = [Path.Combine(Manifests, "namespaces.yaml"), Path.Combine(Manifests, "workloads"), compiled];
            var file = WriteReport("noa-server-compiled", [.. inputs, "--intent", IntentFile]);

            var (page, requests, errors) = await chromium.OpenAsync(file);
            var graph = await Graph(page);
            Assert.Equal(AnalyzeLines(inputs), graph.GetProperty("flowEdges").GetInt32());
            Assert.Equal(graph.GetProperty("modelEdges").GetInt32(), graph.GetProperty("flowEdges").GetInt32());

            var at = await page.EvaluateAsync<double[]>(
                """
                ([src, dst]) => {
                  const r = window.netpactReport, m = r.model;
                  const e = r.cy.edges('[kind = "flow"]').filter(x => m.nodes[+x.source().id().slice(1)].id === src && m.nodes[+x.target().id().slice(1)].id === dst)[0];
                  const p = e.renderedMidpoint(), b = r.cy.container().getBoundingClientRect();
                  return [b.left + p.x, b.top + p.y];
                }
                """, new[] { "noa-server/noa-server[Deployment]", "databases/postgresql[StatefulSet]" });
            await page.Mouse.MoveAsync((float)at[0], (float)at[1]);
            await Assertions.Expect(page.Locator("#tip")).ToBeVisibleAsync();
            Assert.Equal("noa-server/noa-server[Deployment] => databases/postgresql[StatefulSet]\nTCP 5432", await page.Locator("#tip").TextContentAsync());

            await page.Mouse.ClickAsync((float)at[0], (float)at[1]);
            var shown = await page.Locator("#details-text").TextContentAsync();
            var explain = CliRunner.Run(["explain", .. inputs, "--src", "noa-server/noa-server", "--dst", "databases/postgresql"]);
            Assert.Equal(0, explain.ExitCode);
            Assert.Equal(explain.Stdout, shown);
            Assert.Contains("noa-server-egress", shown, StringComparison.Ordinal);
            await Screenshot(page, "noa-server-compiled");
            AssertOffline(file, requests, errors);
            await page.CloseAsync();
        }
        finally
        {
            Directory.Delete(compiled, recursive: true);
        }
    }

    [Fact]
    public async Task A_compose_file_is_drawn_as_its_services_and_a_flow_click_shows_what_explain_prints()
    {
        var compose = Path.Combine(TestPaths.TestData, "compile-compose", "noa-server", "docker-compose.security.yml");
        var file = WriteReport("noa-server-compose", compose);

        var (page, requests, errors) = await chromium.OpenAsync(file);
        var graph = await Graph(page);
        Assert.Equal(AnalyzeLines(compose), graph.GetProperty("flowEdges").GetInt32());
        Assert.Equal(11, graph.GetProperty("workloadNodes").GetInt32());
        Assert.StartsWith("9 Compose services (compose), 2 external ranges, ", await page.Locator("#counts").TextContentAsync(), StringComparison.Ordinal);

        // A tap on the flow as Cytoscape delivers a click (the edge's midpoint may lie under a node in this layout).
        await page.EvaluateAsync(
            """
            ([src, dst]) => {
              const r = window.netpactReport, m = r.model;
              r.cy.edges('[kind = "flow"]').filter(x => m.nodes[+x.source().id().slice(1)].id === src && m.nodes[+x.target().id().slice(1)].id === dst)[0].emit('tap');
            }
            """, new[] { "noa-server", "postgresql" });
        var shown = await page.Locator("#details-text").TextContentAsync();
        var explain = CliRunner.Run("explain", compose, "--src", "noa-server", "--dst", "postgresql");
        Assert.Equal(0, explain.ExitCode);
        Assert.Equal(explain.Stdout, shown);
        await Screenshot(page, "noa-server-compose");
        AssertOffline(file, requests, errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_defense_in_depth_matrix_counts_the_layers_as_verify_depth_does()
    {
        var dir = Directory.CreateTempSubdirectory("netpact-report-depth-").FullName;
        try
        {
            Assert.Equal(0, CliRunner.Run("compile", IntentFile, "--target", "k8s", "-o", Path.Combine(dir, "k8s")).ExitCode);
            Assert.Equal(0, CliRunner.Run("compile", IntentFile, "--target", "istio", "-o", Path.Combine(dir, "istio")).ExitCode);
            string[] inputs = [DefenseInDepthCliTests.InjectedNamespaces(dir), Path.Combine(Manifests, "workloads"), Path.Combine(dir, "k8s"), Path.Combine(dir, "istio")];
            var file = WriteReport("noa-server-depth", [.. inputs, "--intent", IntentFile]);
            var verify = CliRunner.Run(["verify", IntentFile, .. inputs, "--depth"]);
            var summary = System.Text.RegularExpressions.Regex.Match(verify.Stdout, @"(\d+) exposed, (\d+) single point of failure, (\d+) defended by 2 or more layers");
            Assert.True(summary.Success, verify.Stdout);

            var (page, requests, errors) = await chromium.OpenAsync(file);
            await Assertions.Expect(page.Locator("#depth-section")).ToBeVisibleAsync();
            var cell = """
                ([caller, workload]) => {
                  const d = window.netpactReport.model.depth;
                  const row = [...document.querySelectorAll('#depth tbody tr')][d.callers.indexOf(caller)];
                  return row.children[d.workloads.indexOf(workload) + 1].textContent;
                }
                """;
            // The intent's one client of the database; a workload kept off by NetworkPolicy and Istio; the internet,
            // which Istio does not govern, kept off by NetworkPolicy alone.
            Assert.Equal(".", await page.EvaluateAsync<string>(cell, new[] { "noa-server", "postgresql" }));
            Assert.Equal("2", await page.EvaluateAsync<string>(cell, new[] { "mcp-github", "postgresql" }));
            Assert.Equal("1", await page.EvaluateAsync<string>(cell, new[] { "internet", "postgresql" }));
            Assert.Contains($"{summary.Groups[1].Value} exposed (0), {summary.Groups[2].Value} single point of failure (1), {summary.Groups[3].Value} defended by 2 or more layers",
                await page.Locator("#depth-hint").TextContentAsync(), StringComparison.Ordinal);
            await page.Locator("#depth-section").ScrollIntoViewIfNeededAsync();
            Assert.True((await page.Locator("#depth-section").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(Artifacts, "noa-server-depth.png") })).Length > 0);
            AssertOffline(file, requests, errors);
            await page.CloseAsync();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Two_thousand_workloads_load_as_namespaces_and_one_expands_on_click()
    {
        var cluster = Directory.CreateTempSubdirectory("netpact-report-2000-").FullName;
        try
        {
            SyntheticCluster.Write(new Scale("report", Pods: 2_000, Workloads: 2_000, Policies: 1_000, Namespaces: 100), seed: 8, cluster);
            var file = WriteReport("two-thousand", cluster);

            var (page, requests, errors) = await chromium.OpenAsync(file);
            var graph = await Graph(page);
            Assert.False(graph.GetProperty("detailed").GetBoolean());
            Assert.Equal(2_000, await page.EvaluateAsync<int>("() => window.netpactReport.model.counts.workloads"));
            Assert.Equal(0, graph.GetProperty("workloadNodes").GetInt32());
            var groups = graph.GetProperty("groupNodes").GetInt32();
            Assert.Equal(await page.EvaluateAsync<int>("() => window.netpactReport.model.groups.filter(g => g.members > 0).length"), groups);
            Assert.True(groups > 100, "100 namespaces and the external addresses");

            // A namespace with flows inside it, all of them embedded.
            var target = await page.EvaluateAsync<JsonElement>(
                """
                () => {
                  const r = window.netpactReport, m = r.model;
                  const i = m.groups.findIndex(g => g.kind === 'namespace' && g.intraFlows > 0 && !g.intraEdgesOmitted);
                  const p = r.cy.$id('g' + i).renderedPosition(), b = r.cy.container().getBoundingClientRect();
                  return { group: i, members: m.groups[i].members, flows: m.groups[i].intraFlows, x: b.left + p.x, y: b.top + p.y };
                }
                """);
            await page.Mouse.ClickAsync(target.GetProperty("x").GetSingle(), target.GetProperty("y").GetSingle());

            var parent = "g" + target.GetProperty("group").GetInt32();
            var children = await page.EvaluateAsync<int>("p => window.netpactReport.cy.nodes().filter(n => n.data('parent') === p).length", parent);
            Assert.Equal(target.GetProperty("members").GetInt32(), children);
            var after = await Graph(page);
            Assert.Equal(children, after.GetProperty("workloadNodes").GetInt32());
            Assert.Equal(target.GetProperty("flows").GetInt64(), after.GetProperty("flowEdges").GetInt64());
            Assert.Equal(groups, after.GetProperty("groupNodes").GetInt32());
            await Screenshot(page, "two-thousand", fullPage: false);

            // Clicking the expanded namespace itself (inside its border, beside its workloads) collapses it again.
            var corner = await page.EvaluateAsync<double[]>(
                "p => { const r = window.netpactReport, bb = r.cy.$id(p).renderedBoundingBox({ includeLabels: false }), b = r.cy.container().getBoundingClientRect(); return [b.left + bb.x1 + 4, b.top + bb.y2 - 4]; }", parent);
            await page.Mouse.ClickAsync((float)corner[0], (float)corner[1]);
            var collapsed = await Graph(page);
            Assert.Equal(0, collapsed.GetProperty("workloadNodes").GetInt32());
            Assert.Equal(groups, collapsed.GetProperty("groupNodes").GetInt32());
            AssertOffline(file, requests, errors);
            await page.CloseAsync();
        }
        finally
        {
            Directory.Delete(cluster, recursive: true);
        }
    }
}
