using System.Text.Json;
using System.Text.RegularExpressions;
using Netpact.Tests;

namespace Netpact.Cli.Tests;

/// <summary>
/// report on Compose files or security groups alone: the page draws that deployment's services or groups and the
/// flows their reader finds, each explained by the layer's own rules (file:line:col), instead of reading the files
/// as Kubernetes objects and drawing nothing.
/// </summary>
public sealed partial class LayerReportTests
{
    private static readonly string Compose = Path.Combine(TestPaths.TestData, "compile-compose", "noa-server", "docker-compose.security.yml");
    private static readonly string Groups = Path.Combine(TestPaths.TestData, "compile-aws", "noa-server", "aws", "security-groups.json");
    private static readonly string Intent = Path.Combine(TestPaths.RepoRoot, "examples", "noa-server", "intent.yaml");

    [GeneratedRegex("<script type=\"application/json\" id=\"netpact-data\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex DataElement();

    private static JsonElement Model(string page) =>
        JsonDocument.Parse(DataElement().Match(page).Groups[1].Value).RootElement;

    /// <summary>The ports and the explanation of the drawn flow from one node to another; null when none is drawn.</summary>
    private static (string Ports, string Why)? Edge(JsonElement model, string source, string target)
    {
        var ids = model.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()).ToList();
        foreach (var e in model.GetProperty("edges").EnumerateArray())
        {
            if (ids[e.GetProperty("source").GetInt32()] == source && ids[e.GetProperty("target").GetInt32()] == target)
                return (e.GetProperty("ports").GetString()!, model.GetProperty("texts")[e.GetProperty("egress").GetInt32()].GetString()!);
        }
        return null;
    }

    [Fact]
    public void A_compose_file_is_drawn_as_its_services_with_the_networks_that_join_them()
    {
        var r = CliRunner.Run("report", "-o", "-", Compose);

        Assert.Equal(0, r.ExitCode);
        Assert.DoesNotContain("no 'kind'", r.Stderr, StringComparison.Ordinal);
        var model = Model(r.Stdout);
        Assert.Equal("compose", model.GetProperty("layer").GetProperty("name").GetString());
        Assert.Equal(9, model.GetProperty("counts").GetProperty("workloads").GetInt32());
        var (ports, why) = Edge(model, "noa-server", "postgresql") ?? throw new Xunit.Sdk.XunitException("no edge noa-server -> postgresql");
        Assert.Equal("All Connections", ports);
        Assert.Matches(@"Compose network 'noa-server\.postgresql' \(.*docker-compose\.security\.yml:\d+:\d+\)", why);
        // The data tier joins no network with the public entry: no edge, in either direction.
        Assert.Null(Edge(model, "ingress-nginx-controller", "postgresql"));
        Assert.Null(Edge(model, "postgresql", "ingress-nginx-controller"));
        // lint's finding on the file is in the page too.
        Assert.Contains("ZT032", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Security_groups_are_drawn_with_both_rules_that_let_a_flow_through()
    {
        var r = CliRunner.Run("report", "-o", "-", Groups);

        Assert.Equal(0, r.ExitCode);
        var model = Model(r.Stdout);
        Assert.Equal("aws", model.GetProperty("layer").GetProperty("name").GetString());
        var (ports, why) = Edge(model, "noa-server", "postgresql") ?? throw new Xunit.Sdk.XunitException("no edge noa-server -> postgresql");
        Assert.Equal("TCP 5432", ports);
        Assert.Contains("security group 'noa-server'", why, StringComparison.Ordinal);
        Assert.Contains("security group 'postgresql'", why, StringComparison.Ordinal);
        Assert.Contains("ingress TCP 5432", why, StringComparison.Ordinal);
        Assert.Null(Edge(model, "redis", "postgresql"));
        Assert.Equal("TCP 443", Edge(model, "0.0.0.0-255.255.255.255[External]", "ingress-nginx-controller")?.Ports);
    }

    [Fact]
    public void With_the_intent_the_services_are_grouped_by_zone_and_verify_s_findings_join()
    {
        var r = CliRunner.Run("report", "-o", "-", Compose, "--intent", Intent);

        Assert.Equal(0, r.ExitCode);
        var model = Model(r.Stdout);
        Assert.Equal("zone", model.GetProperty("groupedBy").GetString());
        var zones = model.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("name").GetString()).ToList();
        Assert.Contains("data", zones);
        Assert.Contains("app", zones);
        var nodes = model.GetProperty("nodes").EnumerateArray().ToList();
        var postgres = nodes.Single(n => n.GetProperty("id").GetString() == "postgresql");
        Assert.Equal("data", zones[postgres.GetProperty("group").GetInt32()]);
    }

    [Fact]
    public void A_compose_file_with_an_error_stops_the_report_with_its_location()
    {
        var dir = Directory.CreateTempSubdirectory("netpact-layer-report-");
        try
        {
            var file = Path.Combine(dir.FullName, "docker-compose.yml");
            File.WriteAllText(file, "services:\n  web:\n    image: nginx\n    networks: [missing]\n");
            var r = CliRunner.Run("report", "-o", "-", file);

            Assert.Equal(2, r.ExitCode);
            Assert.Contains("docker-compose.yml:4:", r.Stderr, StringComparison.Ordinal);
            Assert.Equal("", r.Stdout);
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
