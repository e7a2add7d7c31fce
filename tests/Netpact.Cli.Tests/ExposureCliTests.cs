using Netpact.Tests;

namespace Netpact.Cli.Tests;

/// <summary>analyze --exposure beyond what the oracle covers: the formats it refuses, and output to a file.</summary>
public sealed class ExposureCliTests
{
    private static string Case(string name) => Path.Combine(TestPaths.NetpolAnalyzerOracle, "tests", name);

    [Fact]
    public void Exposure_as_summary_is_bad_usage()
    {
        var result = CliRunner.Run("analyze", Case("exposure_allow_all_test"), "--exposure", "--format", "summary");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.StartsWith("netpact: error: --exposure is written as txt, csv, md, json or dot, not as a summary", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_exposure_the_list_has_no_exposure_section()
    {
        var plain = CliRunner.Run("analyze", Case("exposure_test_with_different_rules_4"));
        var exposed = CliRunner.Run("analyze", Case("exposure_test_with_different_rules_4"), "--exposure");

        Assert.DoesNotContain("Exposure Analysis Result:", plain.Stdout, StringComparison.Ordinal);
        Assert.StartsWith(plain.Stdout + "\nExposure Analysis Result:\n", exposed.Stdout, StringComparison.Ordinal);
        Assert.Contains("hello-world/workload-a[Deployment] \t<= \thello-world/[pod with {{Key:role,Operator:NotIn,Values:[x y],}}] : TCP 9090\n",
            exposed.Stdout, StringComparison.Ordinal);
    }
}
