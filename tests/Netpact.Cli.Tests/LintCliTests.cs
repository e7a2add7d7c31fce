using System.Text.Json;
using Netpact.Tests;

namespace Netpact.Cli.Tests;

/// <summary>`netpact lint`: exit 1 on findings at or above --fail-on, 0 otherwise, 2 on bad input; formats; stdin; -o.</summary>
public sealed class LintCliTests
{
    private static string Seed => Path.Combine(TestPaths.Examples, "noa-server", "manifests");

    private static string Case(string id, string file) => Path.Combine(TestPaths.TestData, "lint", id, file);

    [Fact]
    public void Lint_of_the_seed_exits_1_and_lists_located_findings_with_a_summary()
    {
        var result = CliRunner.Run("lint", Seed);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{Path.Combine(Seed, "network-policies", "databases", "postgresql-policy.yaml")}:21:11: warning: ZT008 ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains(": error: ZT011 DNS over TCP is blocked for noa-server/noa-server[Deployment]", result.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("netpact lint: 16 errors, 8 warnings, 0 notes\n", result.Stdout, StringComparison.Ordinal);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void Fail_on_sets_the_threshold_of_exit_1()
    {
        // ZT090's passing case has warnings (container practices, no default deny) and no error.
        var file = Case("ZT090", "silent.yaml");

        Assert.Equal(0, CliRunner.Run("lint", file).ExitCode);
        Assert.Equal(1, CliRunner.Run("lint", file, "--fail-on", "warning").ExitCode);
        Assert.Equal(0, CliRunner.Run("lint", Seed, "--fail-on", "none").ExitCode);
    }

    [Fact]
    public void Unknown_fail_on_level_is_bad_usage()
    {
        var result = CliRunner.Run("lint", Seed, "--fail-on", "critical");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Contains("critical", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_manifest_exits_2_with_a_located_error_and_no_output()
    {
        var result = CliRunner.RunWithInput("kind: NetworkPolicy\nmetadata: {name: x}\nspec: {policyTypes: [Sideways]}\n", "lint", "-");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.StartsWith("<stdin>:3:22: error: 'Sideways' is not a policy type", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_or_missing_config_exits_2_with_a_located_error()
    {
        var config = Path.Combine(Path.GetTempPath(), $"netpact-lint-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(config, "ignore:\n  - rule: ZT003\n    reason: ok\n    scope: all\n");
        try
        {
            var bad = CliRunner.Run("lint", Seed, "--config", config);
            var missing = CliRunner.Run("lint", Seed, "--config", config + ".missing");

            Assert.Equal(2, bad.ExitCode);
            Assert.StartsWith($"{config}:4:5: error: unknown key 'scope'", bad.Stderr, StringComparison.Ordinal);
            Assert.Equal(2, missing.ExitCode);
            Assert.StartsWith($"{config}.missing: error: cannot read the lint configuration", missing.Stderr, StringComparison.Ordinal);
            Assert.Equal("", bad.Stdout + missing.Stdout);
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Fact]
    public void Stdin_manifests_keep_their_annotations_for_suppression()
    {
        var yaml = File.ReadAllText(Case("ZT090", "silent.yaml"));

        var result = CliRunner.RunWithInput(yaml, "lint", "-", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var zt003 = json.RootElement.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("rule").GetString() == "ZT003");
        Assert.Equal("<stdin>", zt003.GetProperty("file").GetString());
        Assert.Equal("a public demo without secrets, deleted nightly", zt003.GetProperty("suppressed").GetProperty("reason").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("summary").GetProperty("suppressed").GetInt32());
    }

    [Fact]
    public void Sarif_goes_to_the_output_file_with_uris_relative_to_the_current_directory()
    {
        var output = Path.Combine(Path.GetTempPath(), $"netpact-lint-{Guid.NewGuid():N}.sarif");
        try
        {
            var result = CliRunner.Run("lint", Case("ZT008", "fires.yaml"), "--format", "sarif", "-o", output, "--fail-on", "none");

            Assert.Equal(0, result.ExitCode);
            Assert.Equal("", result.Stdout);
            using var sarif = JsonDocument.Parse(File.ReadAllText(output));
            var uri = sarif.RootElement.GetProperty("runs")[0].GetProperty("results")[0]
                .GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString();
            var expected = Path.GetRelativePath(Directory.GetCurrentDirectory(), Case("ZT008", "fires.yaml")).Replace(Path.DirectorySeparatorChar, '/');
            Assert.Equal(expected, uri);
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public void Markdown_lists_findings_in_a_table()
    {
        var result = CliRunner.Run("lint", Case("ZT054", "fires.yaml"), "--format", "md");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("# netpact lint\n\n2 errors, ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("| error | ZT054 host-network | `", result.Stdout, StringComparison.Ordinal);
    }
}
