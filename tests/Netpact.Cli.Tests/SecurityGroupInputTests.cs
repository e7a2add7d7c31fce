using Netpact.Tests;

namespace Netpact.Cli.Tests;

/// <summary>
/// Security groups in every shape through the command line: the verbs that read them read them, the others refuse
/// them with an error; none reports success on a file it did not read.
/// </summary>
public sealed class SecurityGroupInputTests
{
    private static string Shapes(string file) => Path.Combine(TestPaths.TestData, "security-group-shapes", file);

    private static string Intent => Path.Combine(TestPaths.Examples, "noa-server", "intent.yaml");

    public static TheoryData<string> Files => ["describe.json", "list.json", "group.json", "terraform-show.json", "terraform.tfstate"];

    [Fact]
    public void Lint_of_a_bare_list_of_groups_with_ssh_from_anywhere_reports_it_and_exits_1()
    {
        // aws ec2 describe-security-groups --query SecurityGroups: once skipped as "a list", with 0 errors and exit 0.
        var r = CliRunner.Run("lint", Shapes("list.json"));

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("list.json:113:35: error: ZT040 security group sg-8597b253e2b6baf07 (web) admits TCP 22 from 0.0.0.0/0, the whole internet", r.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("netpact lint: 1 error, 3 warnings, 0 notes\n", r.Stdout, StringComparison.Ordinal);
        Assert.Equal("", r.Stderr);
    }

    [Fact]
    public void Lint_of_one_group_reads_it_and_finds_the_default_groups_rules()
    {
        var r = CliRunner.Run("lint", Shapes("group.json"), "--fail-on", "warning");

        Assert.Equal(1, r.ExitCode);
        Assert.Equal(2, r.Stdout.Split('\n').Count(l => l.Contains(": warning: ZT042 the default security group sg-120e5774ad233301c", StringComparison.Ordinal)));
        Assert.DoesNotContain("kind", r.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Analyze_lists_the_default_groups_members_reaching_each_other(string file)
    {
        var r = CliRunner.Run("analyze", Shapes(file));

        Assert.Equal(0, r.ExitCode);
        Assert.Equal("", r.Stderr);
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("default => default : All Connections", lines);
        if (file != "group.json") Assert.Contains("web => db : TCP 5432", lines);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Verify_reads_each_shape_as_the_aws_layer(string file)
    {
        var r = CliRunner.Run("verify", Intent, Shapes(file));

        Assert.Equal(1, r.ExitCode);
        Assert.Equal("", r.Stderr);
        Assert.Contains($"aws ({Shapes(file)})", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("extra (allowed, not intended):\n    default => ", r.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Report_draws_security_groups_alone_refuses_them_beside_manifests_and_explain_reads_them(string file)
    {
        var alone = CliRunner.Run("report", "-o", "-", Shapes(file));
        Assert.Equal(0, alone.ExitCode);
        Assert.Contains("\"layer\":{\"name\":\"aws\"", alone.Stdout, StringComparison.Ordinal);

        var report = CliRunner.Run("report", "-o", "-", Shapes(file), Path.Combine(TestPaths.Examples, "noa-server", "manifests", "namespaces.yaml"));
        Assert.Equal(2, report.ExitCode);
        Assert.Equal("", report.Stdout);
        Assert.StartsWith($"{Shapes(file)}:1:1: error: this is {(file.StartsWith("terraform", StringComparison.Ordinal) ? "Terraform state" : "AWS security-group JSON")}, not a Kubernetes manifest; netpact analyze, explain, lint and verify read security groups, and report draws them on their own", report.Stderr, StringComparison.Ordinal);

        // explain reads them: a workload name of Kubernetes is no group of theirs, and it says which groups there are.
        var explain = CliRunner.Run("explain", Shapes(file), "--src", "10.0.0.1", "--dst", "shop/web");
        Assert.Equal(2, explain.ExitCode);
        Assert.Contains("--dst: 'shop/web' is no service or group of these files", explain.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Security_groups_on_stdin_are_read_by_analyze_and_lint()
    {
        var groups = File.ReadAllText(Shapes("list.json"));

        var analyze = CliRunner.RunWithInput(groups, "analyze", "-");
        var lint = CliRunner.RunWithInput(groups, "lint", "-");

        Assert.Equal(0, analyze.ExitCode);
        Assert.Contains("default => default : All Connections\n", analyze.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, lint.ExitCode);
        Assert.Contains("<stdin>:113:35: error: ZT040 ", lint.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_group_is_bad_input_at_its_line_and_column_for_every_verb_that_reads_it()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"netpact-sg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "groups.json");
        File.WriteAllText(file, "[\n  {\"GroupId\": \"sg-1\", \"GroupName\": \"web\",\n   \"IpPermissions\": [{\"IpProtocol\": \"tcp\", \"IpRanges\": [{\"CidrIp\": \"0.0.0.0/0\"}]}]}\n]\n");
        try
        {
            foreach (var args in new[] { new[] { "lint", file }, ["analyze", file], ["verify", Intent, file] })
            {
                var r = CliRunner.Run(args);

                Assert.Equal(2, r.ExitCode);
                Assert.Equal("", r.Stdout);
                Assert.Contains($"{file}:3:22: error: a permission in 'IpPermissions' of security group 'web' (sg-1) is for TCP or UDP and needs 'FromPort'", r.Stderr, StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_kubernetes_json_list_with_keys_named_like_security_groups_is_read_as_manifests()
    {
        var r = CliRunner.Run("analyze", Shapes("kubernetes-list.json"));

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("shop/web[Deployment] => 0.0.0.0-255.255.255.255[External] : All Connections", r.Stdout, StringComparison.Ordinal);
        Assert.Equal("", r.Stderr);
    }
}
