using System.Text.Json;
using Netpact.Tests;

namespace Netpact.Cli.Tests;

/// <summary>
/// analyze --layers: for every pair the NetworkPolicy layers let something through, what each layer allows and what
/// passes them all; the json names each layer's rules.
/// </summary>
public sealed class LayersTableTests
{
    private static string Bookinfo(string file) => Path.Combine(TestPaths.TestData, "istio-bookinfo", file);

    private static string Example(string part) => Path.Combine(TestPaths.Examples, "noa-server", part);

    /// <summary>The table's rows by (source, destination): the cells after those two.</summary>
    private static Dictionary<(string, string), string[]> Rows(string stdout) =>
        stdout.Split('\n').Skip(1).TakeWhile(l => l.Length > 0)
            .Select(l => System.Text.RegularExpressions.Regex.Split(l, " {2,}"))
            .ToDictionary(c => (c[0], c[1]), c => c[2..]);

    [Fact]
    public void Bookinfo_rows_show_what_each_layer_lets_through_and_the_effective_column_is_what_analyze_lists()
    {
        string[] inputs = [Bookinfo("bookinfo.yaml"), Bookinfo("namespaces.yaml"), Bookinfo("authz-http.yaml")];
        var layers = CliRunner.Run(["analyze", .. inputs, "--layers"]);
        var plain = CliRunner.Run(["analyze", .. inputs]);

        Assert.Equal(0, layers.ExitCode);
        Assert.StartsWith("SOURCE ", layers.Stdout, StringComparison.Ordinal);
        var rows = Rows(layers.Stdout);
        // allow-nothing and ratings-viewer leave productpage no TCP into ratings: Istio stops what NetworkPolicy lets through.
        Assert.Equal(["All Connections", "no TCP", "SCTP 1-65535,UDP 1-65535"], rows[("default/productpage-v1[Deployment]", "default/ratings-v1[Deployment]")]);
        // The viewer policies allow GET: the port is open to some requests, named as an approximation.
        Assert.Equal(["All Connections", "TCP 1-65535 (approximation)", "All Connections"], rows[("default/productpage-v1[Deployment]", "default/details-v1[Deployment]")]);
        Assert.Equal("no sidecar", rows[("default/details-v1[Deployment]", "legacy/sleep[Deployment]")][1]);
        Assert.Equal("-", rows[("default/details-v1[Deployment]", "0.0.0.0-255.255.255.255[External]")][1]);
        // The effective column is analyze's answer, pair for pair.
        var effective = rows.Where(r => r.Value[^1] != "nothing").Select(r => $"{r.Key.Item1} => {r.Key.Item2} : {r.Value[^1]}").Order(StringComparer.Ordinal);
        Assert.Equal(plain.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), effective);
    }

    [Fact]
    public void Json_names_the_rules_of_each_layer()
    {
        var r = CliRunner.Run("analyze", Bookinfo("bookinfo.yaml"), Bookinfo("namespaces.yaml"), Bookinfo("authz-http.yaml"), "--layers", "--format", "json");

        Assert.Equal(0, r.ExitCode);
        var rows = JsonDocument.Parse(r.Stdout).RootElement.EnumerateArray().ToList();
        var ratings = rows.Single(x => x.GetProperty("src").GetString() == "default/productpage-v1[Deployment]" && x.GetProperty("dst").GetString() == "default/ratings-v1[Deployment]");
        Assert.Equal("no NetworkPolicy selects it for Ingress: all allowed", ratings.GetProperty("k8s").GetProperty("ingress")[0].GetString());
        var istio = ratings.GetProperty("istio");
        Assert.True(istio.GetProperty("decides").GetBoolean());
        Assert.Equal("", istio.GetProperty("tcp").GetString());
        Assert.Contains("default/allow-nothing", istio.GetProperty("reasons")[0].GetString(), StringComparison.Ordinal);
        var details = rows.Single(x => x.GetProperty("src").GetString() == "default/productpage-v1[Deployment]" && x.GetProperty("dst").GetString() == "default/details-v1[Deployment]");
        Assert.Matches(@"^AuthorizationPolicy default/details-viewer rule 1 \(.*authz-http\.yaml:\d+\)$", details.GetProperty("istio").GetProperty("reasons")[0].GetString()!);
        Assert.Contains("allows only some requests (by HTTP fields)", details.GetProperty("istio").GetProperty("approximations")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void On_the_compiled_noa_server_layers_only_noa_server_reaches_a_database_and_both_layers_say_so()
    {
        var dir = Directory.CreateTempSubdirectory("netpact-layers-").FullName;
        try
        {
            // The mesh as the seed's Istio section runs it: every namespace injects sidecars.
            var namespaces = File.ReadAllText(Example("manifests/namespaces.yaml")).Replace("\n  labels:\n", "\n  labels:\n    istio-injection: enabled\n", StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(dir, "namespaces.yaml"), namespaces);
            Assert.Equal(0, CliRunner.Run("compile", Example("intent.yaml"), "--target", "k8s", "-o", Path.Combine(dir, "k8s")).ExitCode);
            Assert.Equal(0, CliRunner.Run("compile", Example("intent.yaml"), "--target", "istio", "-o", Path.Combine(dir, "istio")).ExitCode);
            string[] inputs = [Path.Combine(dir, "namespaces.yaml"), Example("manifests/workloads"), Path.Combine(dir, "k8s"), Path.Combine(dir, "istio")];

            var r = CliRunner.Run(["analyze", .. inputs, "--layers"]);

            Assert.Equal(0, r.ExitCode);
            var rows = Rows(r.Stdout);
            var intoDatabases = rows.Where(x => x.Key.Item2.StartsWith("databases/", StringComparison.Ordinal)).ToList();
            Assert.Equal(3, intoDatabases.Count);
            Assert.All(intoDatabases, x => Assert.Equal("noa-server/noa-server[Deployment]", x.Key.Item1));
            Assert.Equal(["TCP 5432", "TCP 5432", "TCP 5432"], rows[("noa-server/noa-server[Deployment]", "databases/postgresql[StatefulSet]")]);

            // Without the NetworkPolicies, Istio alone still keeps every other caller's TCP out of the databases.
            var without = CliRunner.Run(["analyze", .. inputs, "--without", "k8s"]);
            Assert.Equal(0, without.ExitCode);
            var opened = without.Stdout.Split('\n').Where(l => l.Contains("destination: databases/", StringComparison.Ordinal) && l.Contains("without: ", StringComparison.Ordinal))
                .Where(l => !l.Contains("source: noa-server/noa-server[Deployment]", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(opened);
            Assert.All(opened, l => Assert.DoesNotContain("TCP", l[l.IndexOf("without: ", StringComparison.Ordinal)..], StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Layers_with_a_format_it_cannot_write_is_a_usage_error()
    {
        var r = CliRunner.Run("analyze", Bookinfo("bookinfo.yaml"), "--layers", "--format", "dot");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--layers is written as txt, json, csv or md", r.Stderr, StringComparison.Ordinal);
    }
}
