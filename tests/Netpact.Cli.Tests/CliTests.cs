using Netpact.Tests;
using System.Text.RegularExpressions;

namespace Netpact.Cli.Tests;

/// <summary>
/// The command line's contract: exit 0 on success, 2 on bad usage or bad input; diagnostics on stderr as
/// file:line:col, never an exception dump; output on stdout or in the -o file; '-' reads stdin.
/// </summary>
public sealed partial class CliTests
{
    private static string Shop => Path.Combine(TestPaths.TestData, "reader", "shop.yaml");

    private const string WebToDb = "shop/web[Deployment] => shop/db[Deployment] : TCP 5432";

    [GeneratedRegex(@"^.+:\d+:\d+: error: \S", RegexOptions.Multiline)]
    private static partial Regex LocatedError();

    private static void AssertNoStackTrace(CliRunner.Result result)
    {
        Assert.DoesNotContain("Unhandled exception", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception:", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotMatch(new Regex(@"^\s+at ", RegexOptions.Multiline), result.Stderr);
    }

    private static string TempFile(string text, string extension = ".yaml")
    {
        var path = Path.Combine(Path.GetTempPath(), $"netpact-cli-{Guid.NewGuid():N}{extension}");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Analyze_of_valid_manifests_exits_0_with_the_list_on_stdout_and_nothing_on_stderr()
    {
        var result = CliRunner.Run("analyze", Shop);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(WebToDb, result.Stdout, StringComparison.Ordinal);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void Analyze_of_bad_input_exits_2_with_a_located_error_and_no_output()
    {
        var file = TempFile("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: np\nspec: {podSelector: {matchLabels: {app: \"$web\"}}}\n");
        try
        {
            var result = CliRunner.Run("analyze", file);

            Assert.Equal(2, result.ExitCode);
            Assert.Equal("", result.Stdout);
            Assert.StartsWith($"{file}:5:41: error: ", result.Stderr, StringComparison.Ordinal);
            AssertNoStackTrace(result);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Explain_of_bad_input_exits_2_with_a_located_error()
    {
        var file = TempFile("apiVersion: v1\nkind: Pod\nmetadata: {name: web}\n---\nkind: Pod\nmetadata: {name: web, labels: {app: other}}\n");
        try
        {
            var result = CliRunner.Run("explain", file, "--src", "default/web", "--dst", "10.0.0.1");

            Assert.Equal(2, result.ExitCode);
            Assert.Matches(LocatedError(), result.Stderr);
            Assert.Contains("defined twice", result.Stderr, StringComparison.Ordinal);
            AssertNoStackTrace(result);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Warnings_alone_do_not_fail_the_run()
    {
        var file = TempFile("apiVersion: v1\nkind: Pod\nmetadata: {name: web}\n---\n"
            + "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np}\nspec:\n  podSelector: {}\n"
            + "  egress:\n  - to: [{ipBlock: {cidr: 10.1.2.3/8}}]\n");
        try
        {
            var result = CliRunner.Run("analyze", file);

            Assert.Equal(0, result.ExitCode);
            Assert.Contains("default/web[Pod] => 10.0.0.0-10.255.255.255[External] : All Connections", result.Stdout, StringComparison.Ordinal);
            Assert.Equal($"{file}:11:27: warning: 10.1.2.3/8 has host bits set; it is read as 10.0.0.0/8\n", result.Stderr.ReplaceLineEndings("\n"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Output_option_writes_the_file_and_leaves_stdout_empty()
    {
        var output = Path.Combine(Path.GetTempPath(), $"netpact-cli-{Guid.NewGuid():N}.txt");
        try
        {
            var result = CliRunner.Run("analyze", Shop, "-o", output);

            Assert.Equal(0, result.ExitCode);
            Assert.Equal("", result.Stdout);
            Assert.Contains(WebToDb, File.ReadAllText(output), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public void Output_into_a_missing_folder_exits_2_with_a_message_and_no_stack_trace()
    {
        var output = Path.Combine(Path.GetTempPath(), $"netpact-missing-{Guid.NewGuid():N}", "out.txt");

        var result = CliRunner.Run("analyze", Shop, "-o", output);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("netpact: error: ", result.Stderr, StringComparison.Ordinal);
        AssertNoStackTrace(result);
    }

    [Fact]
    public void Dash_reads_the_manifests_from_stdin()
    {
        var result = CliRunner.RunWithInput(File.ReadAllText(Shop), "analyze", "-");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(WebToDb, result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Error_in_stdin_is_located_in_stdin()
    {
        var result = CliRunner.RunWithInput("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: [shop\n", "analyze", "-");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("<stdin>:5:1: error: syntax error: ", result.Stderr, StringComparison.Ordinal);
        AssertNoStackTrace(result);
    }

    [Fact]
    public void Missing_path_exits_2_naming_the_path()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"netpact-missing-{Guid.NewGuid():N}.yaml");

        var result = CliRunner.Run("analyze", missing);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"{missing}: error: no such file or directory; check the path\n", result.Stderr.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Empty_folder_exits_0_with_empty_output_and_a_warning()
    {
        var dir = Directory.CreateTempSubdirectory("netpact-cli-empty-");
        try
        {
            var result = CliRunner.Run("analyze", dir.FullName);

            Assert.Equal(0, result.ExitCode);
            Assert.Equal("", result.Stdout);
            Assert.Contains($"{dir.FullName}: warning: no manifests found", result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete();
        }
    }

    [Theory]
    [InlineData("--frobnicate", "analyze")]
    [InlineData("analyze", "--format", "xml")]
    [InlineData("analyze")]
    [InlineData("frobnicate")]
    [InlineData("explain", "--src", "shop/web", "--dst", "shop/db")]
    public void Bad_usage_exits_2_with_a_message_and_no_stack_trace(params string[] args)
    {
        var result = CliRunner.Run(args);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("netpact: error: ", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
        AssertNoStackTrace(result);
    }

    [Fact]
    public void Unknown_option_after_the_verb_exits_2_naming_the_option()
    {
        var result = CliRunner.Run("analyze", Shop, "--frobnicate");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--frobnicate", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
        AssertNoStackTrace(result);
    }

    [Fact]
    public void Explain_with_a_malformed_port_exits_2()
    {
        var result = CliRunner.Run("explain", Shop, "--src", "shop/web", "--dst", "shop/db", "--port", "http/TCP");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--port", result.Stderr, StringComparison.Ordinal);
        AssertNoStackTrace(result);
    }
}
