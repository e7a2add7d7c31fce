using System.Text.Json;
using System.Text.RegularExpressions;
using Netpact.Tests;

namespace Netpact.Cli.Tests;

/// <summary>
/// Policies netpact does not model (tests/testdata/unmodelled-policies/: an Antrea NetworkPolicy and a Calico
/// GlobalNetworkPolicy beside two workloads): every verb warns about each without -v, lint reports ZT017, verify does
/// not call the result proven, the HTML report names them in its header, and the global policy has no namespace.
/// </summary>
public sealed partial class UnmodelledPolicyCliTests
{
    private static readonly string Case = Path.Combine(TestPaths.TestData, "unmodelled-policies");
    private static readonly string Manifests = Path.Combine(Case, "manifests");
    private static readonly string IntentFile = Path.Combine(TestPaths.TestData, "intent", "good", "shop", "intent.yaml");

    [GeneratedRegex("<script type=\"application/json\" id=\"netpact-data\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex DataElement();

    private static string RelativeToRepository(string text) =>
        text.Replace(TestPaths.RepoRoot + Path.DirectorySeparatorChar, "", StringComparison.Ordinal);

    [Theory]
    [InlineData("analyze")]
    [InlineData("lint")]
    [InlineData("report")]
    public void Every_verb_warns_about_each_unmodelled_policy_without_verbose(string verb)
    {
        // report writes its page to stdout with -o - (report.html in the current directory without it).
        var result = verb == "report" ? CliRunner.Run(verb, "-o", "-", Manifests) : CliRunner.Run(verb, Manifests);

        Assert.NotEqual(2, result.ExitCode);
        Assert.Equal(File.ReadAllText(Path.Combine(Case, "expected.stderr.txt")), RelativeToRepository(result.Stderr));
        Assert.DoesNotContain("default/default-deny", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_and_diff_warn_too()
    {
        var explain = CliRunner.Run("explain", Manifests, "--src", "payments/checkout", "--dst", "payments/ledger");
        var diff = CliRunner.Run("diff", Manifests, Manifests);

        Assert.Equal(0, explain.ExitCode);
        Assert.Contains("NetworkPolicy payments/ledger-from-checkout (crd.antrea.io/v1beta1) is not modelled", explain.Stderr, StringComparison.Ordinal);
        Assert.Equal(4, diff.Stderr.Split('\n').Count(l => l.Contains(" is not modelled: ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Lint_reports_ZT017_for_each_policy_with_the_global_one_unnamespaced()
    {
        var result = CliRunner.Run("lint", Manifests, "--format", "json");

        using var json = JsonDocument.Parse(result.Stdout);
        var findings = json.RootElement.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("rule").GetString() == "ZT017")
            .Select(f => f.GetProperty("message").GetString()!)
            .ToList();
        Assert.Equal(2, findings.Count);
        Assert.StartsWith("GlobalNetworkPolicy default-deny (projectcalico.org/v3) is not modelled", findings[0], StringComparison.Ordinal);
        Assert.StartsWith("NetworkPolicy payments/ledger-from-checkout (crd.antrea.io/v1beta1) is not modelled", findings[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Report_names_the_unmodelled_policies_for_its_header()
    {
        var result = CliRunner.Run("report", "-o", "-", Manifests, "--title", "t");

        Assert.Equal(0, result.ExitCode);
        using var data = JsonDocument.Parse(DataElement().Match(result.Stdout).Groups[1].Value);
        var unmodelled = data.RootElement.GetProperty("unmodelled").EnumerateArray().Select(e => RelativeToRepository(e.GetString()!)).ToList();
        Assert.Equal(
            ["GlobalNetworkPolicy default-deny (projectcalico.org/v3) at tests/testdata/unmodelled-policies/manifests/calico.yaml:2:1",
             "NetworkPolicy payments/ledger-from-checkout (crd.antrea.io/v1beta1) at tests/testdata/unmodelled-policies/manifests/cni-antrea.yaml:2:1"],
            unmodelled);
    }

    [Fact]
    public void Verify_names_the_unmodelled_policies_and_does_not_call_the_result_proven()
    {
        var dir = Directory.CreateTempSubdirectory("netpact-unmodelled-verify-").FullName;
        try
        {
            Assert.Equal(0, CliRunner.Run("compile", IntentFile, "--target", "k8s", "-o", dir).ExitCode);
            var proven = CliRunner.Run("verify", IntentFile, dir);
            File.Copy(Path.Combine(Manifests, "cni-antrea.yaml"), Path.Combine(dir, "cni-antrea.yaml"));
            File.Copy(Path.Combine(Manifests, "calico.yaml"), Path.Combine(dir, "calico.yaml"));

            var txt = CliRunner.Run("verify", IntentFile, dir);
            var json = CliRunner.Run("verify", IntentFile, dir, "--format", "json");
            var md = CliRunner.Run("verify", IntentFile, dir, "--format", "md");

            Assert.Equal(0, proven.ExitCode);
            Assert.Equal(1, txt.ExitCode);
            Assert.Contains("UNPROVEN (unmodelled policies)", txt.Stdout, StringComparison.Ordinal);
            Assert.Contains($"    GlobalNetworkPolicy default-deny (projectcalico.org/v3) at {Path.Combine(dir, "calico.yaml")}:2:1\n", txt.Stdout, StringComparison.Ordinal);
            Assert.Contains($"    NetworkPolicy payments/ledger-from-checkout (crd.antrea.io/v1beta1) at {Path.Combine(dir, "cni-antrea.yaml")}:2:1\n", txt.Stdout, StringComparison.Ordinal);
            Assert.Contains("is not modelled", txt.Stderr, StringComparison.Ordinal);
            using var doc = JsonDocument.Parse(json.Stdout);
            Assert.False(doc.RootElement.GetProperty("proven").GetBoolean());
            Assert.Equal(2, doc.RootElement.GetProperty("targets")[0].GetProperty("unmodelled").GetArrayLength());
            Assert.Contains("### not modelled", md.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
