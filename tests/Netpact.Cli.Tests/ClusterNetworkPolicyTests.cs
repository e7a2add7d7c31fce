using Netpact.Tests;

namespace Netpact.Cli.Tests;

/// <summary>
/// ClusterNetworkPolicy (policy.networking.k8s.io/v1alpha2) goes through the same engine as AdminNetworkPolicy and
/// BaselineAdminNetworkPolicy: tests/testdata/cluster-network-policy/&lt;case&gt;/ holds oracle cases of group D with
/// their policies rewritten as ClusterNetworkPolicies (Allow as Accept, ports as protocols, the BANP as the Baseline
/// tier), and the oracle's own expected list beside them, which `analyze` must print unchanged.
/// </summary>
public sealed class ClusterNetworkPolicyTests
{
    public static TheoryData<string> Cases() =>
        [.. Directory.GetDirectories(Path.Combine(TestPaths.TestData, "cluster-network-policy")).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void ClusterNetworkPolicy_rewrite_of_an_oracle_case_gives_the_oracle_list(string testCase)
    {
        var dir = Path.Combine(TestPaths.TestData, "cluster-network-policy", testCase);
        var expected = File.ReadAllText(Path.Combine(dir, "expected.txt"));

        var result = CliRunner.Run("analyze", dir);

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain(": error: ", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(expected.Replace("\n", "", StringComparison.Ordinal), result.Stdout.Replace("\n", "", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_rewritten_case_holds_ClusterNetworkPolicies_only()
    {
        foreach (var dir in Directory.GetDirectories(Path.Combine(TestPaths.TestData, "cluster-network-policy")))
        {
            var text = string.Concat(Directory.GetFiles(dir, "*.yaml").Select(File.ReadAllText));
            Assert.Contains("kind: ClusterNetworkPolicy", text, StringComparison.Ordinal);
            Assert.DoesNotContain("kind: AdminNetworkPolicy", text, StringComparison.Ordinal);
            Assert.DoesNotContain("kind: BaselineAdminNetworkPolicy", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Accept_is_the_v1alpha2_action_and_Allow_is_rejected_there()
    {
        const string manifest = """
            apiVersion: policy.networking.k8s.io/v1alpha2
            kind: ClusterNetworkPolicy
            metadata: {name: wrong-action}
            spec:
              tier: Admin
              priority: 5
              subject: {namespaces: {}}
              ingress:
              - {name: r, action: Allow, from: [{namespaces: {}}]}
            """;

        var result = CliRunner.RunWithInput(manifest, "analyze", "-");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("<stdin>:9:23: error: 'Allow' is not an action of a ClusterNetworkPolicy: use Accept, Deny or Pass", result.Stderr, StringComparison.Ordinal);
    }
}
