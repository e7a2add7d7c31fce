using Netpact.Tests;

namespace Netpact.Cli.Tests;

/// <summary>
/// verify --depth on the Noa Server example: how many layers would each stop a caller the intent does not allow. The
/// seed puts database isolation in NetworkPolicy and in Istio (and security groups, host firewalls): no database may
/// rest on one layer.
/// </summary>
public sealed class DefenseInDepthCliTests
{
    private static string Intent => Path.Combine(TestPaths.Examples, "noa-server", "intent.yaml");

    private static string Manifests(string part) => Path.Combine(TestPaths.Examples, "noa-server", "manifests", part);

    private static Dictionary<(string Caller, string Workload), string> Matrix(string stdout)
    {
        var lines = stdout[stdout.IndexOf("caller \\ workload", StringComparison.Ordinal)..].Split('\n');
        var header = lines[0];
        var columns = header.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(3).Select(c => (Name: c, At: header.IndexOf("  " + c, StringComparison.Ordinal) + 2)).ToList();
        var result = new Dictionary<(string, string), string>();
        foreach (var line in lines.Skip(1).TakeWhile(l => l.Length > 0))
        {
            var caller = line[..line.IndexOf(' ', StringComparison.Ordinal)];
            foreach (var (name, at) in columns)
                result[(caller, name)] = at < line.Length ? line[at..].Split(' ')[0] : "";
        }
        return result;
    }

    [Fact]
    public void Every_compiled_layer_together_stops_each_unintended_caller_of_a_database_at_least_twice()
    {
        var r = CliRunner.Run("verify", Intent, "--depth");

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("74 caller-workload pairs: 0 exposed, 0 single point of failure, 74 defended by 2 or more layers\n", r.Stdout, StringComparison.Ordinal);
        var matrix = Matrix(r.Stdout);
        foreach (var database in new[] { "postgresql", "mongodb", "redis" })
        {
            // Only noa-server is meant to reach a database: its cell is '.', every other caller meets 2 or more layers.
            Assert.Equal(".", matrix[("noa-server", database)]);
            foreach (var caller in matrix.Keys.Select(k => k.Caller).Distinct().Where(c => c != "noa-server" && c != database))
                Assert.True(int.Parse(matrix[(caller, database)], System.Globalization.CultureInfo.InvariantCulture) >= 2, $"{caller} => {database}: {matrix[(caller, database)]}");
        }
    }

    /// <summary>The example's namespaces with Istio's injection label, as a cluster running the seed's mesh has them.</summary>
    internal static string InjectedNamespaces(string dir)
    {
        var file = Path.Combine(dir, "namespaces.yaml");
        File.WriteAllText(file, File.ReadAllText(Manifests("namespaces.yaml")).Replace("\n  labels:\n", "\n  labels:\n    istio-injection: enabled\n", StringComparison.Ordinal));
        return file;
    }

    [Fact]
    public void With_only_network_policies_and_istio_the_internet_meets_a_single_layer()
    {
        var compiled = Path.Combine(Path.GetTempPath(), $"netpact-depth-{Guid.NewGuid():N}");
        try
        {
            Assert.Equal(0, CliRunner.Run("compile", Intent, "--target", "istio", "-o", Path.Combine(compiled, "istio")).ExitCode);
            var r = CliRunner.Run("verify", Intent, InjectedNamespaces(compiled), Manifests("workloads"), Manifests("network-policies"), Path.Combine(compiled, "istio"), "--depth");

            // Istio governs traffic between workloads only: from the internet, NetworkPolicy stands alone.
            Assert.Contains("  single point of failure: internet => postgresql : TCP 5432 (stopped only by k8s)\n", r.Stdout, StringComparison.Ordinal);
            Assert.Equal("2", Matrix(r.Stdout)[("mcp-github", "postgresql")]);
        }
        finally
        {
            Directory.Delete(compiled, recursive: true);
        }
    }

    [Fact]
    public void Istio_policies_count_for_nothing_where_the_manifests_run_no_sidecar()
    {
        var compiled = Path.Combine(Path.GetTempPath(), $"netpact-depth-{Guid.NewGuid():N}");
        try
        {
            Assert.Equal(0, CliRunner.Run("compile", Intent, "--target", "istio", "-o", compiled).ExitCode);
            // The seed's namespaces have no injection label: the compiled policies would protect pods that do not exist.
            var r = CliRunner.Run("verify", Intent, Manifests(""), compiled, "--depth");

            Assert.Equal("1", Matrix(r.Stdout)[("mcp-github", "postgresql")]);
            Assert.Contains("  single point of failure: mcp-github => postgresql : TCP 5432 (stopped only by k8s)\n", r.Stdout, StringComparison.Ordinal);
            Assert.Contains("databases/postgresql[StatefulSet] (intent workload postgresql) runs no Istio sidecar in these manifests", r.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(compiled, recursive: true);
        }
    }

    [Fact]
    public void Workloads_without_any_policy_are_exposed_and_verify_exits_1()
    {
        var r = CliRunner.Run("verify", Intent, Manifests("workloads"), Manifests("namespaces.yaml"), "--depth");

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("  exposed: mcp-github => postgresql : TCP 5432 (let through by k8s)\n", r.Stdout, StringComparison.Ordinal);
        Assert.Equal("0", Matrix(r.Stdout)[("internet", "redis")]);
    }
}
