using Netpact.Sources;
using Netpact.Tests;

namespace Netpact.Cli.Tests;

/// <summary>Issue 21: -o never replaces an input of the run or a file netpact did not write (--force to replace one), and writes atomically.</summary>
public sealed class OutputSafetyTests : IDisposable
{
    private readonly HostileFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Manifest => Path.Combine(_folder.Manifests, "app.yaml");

    private string Intent => Path.Combine(TestPaths.Examples, "noa-server", "intent.yaml");

    [Theory]
    [InlineData("report")]
    [InlineData("analyze")]
    [InlineData("lint")]
    public void An_input_of_the_run_as_o_is_exit_2_and_the_input_is_kept(string verb)
    {
        var before = File.ReadAllText(Manifest);

        var run = CliRunner.Run(verb, Manifest, "-o", Manifest, "--force");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"netpact: error: -o {Manifest}: this file is an input of this run; write the output to another file\n", run.Stderr);
        Assert.Equal(before, File.ReadAllText(Manifest));
    }

    [Fact]
    public void A_file_in_an_input_folder_as_o_is_exit_2()
    {
        var before = File.ReadAllText(Manifest);

        var run = CliRunner.Run("analyze", _folder.Manifests, "-o", Manifest);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is an input of this run", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(Manifest));
    }

    [Theory]
    [InlineData("explain", "--src", "default/web", "--dst", "default/web")]
    [InlineData("diff", "SAME")]
    public void Explain_and_diff_refuse_their_input_as_o(params string[] args)
    {
        var before = File.ReadAllText(Manifest);

        var run = CliRunner.Run([args[0], Manifest, .. args[1..].Select(a => a == "SAME" ? Manifest : a), "-o", Manifest]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is an input of this run", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(Manifest));
    }

    [Fact]
    public void Verify_refuses_the_intent_as_o()
    {
        var intent = Path.Combine(_folder.Root, "intent.yaml");
        File.Copy(Intent, intent);
        var before = File.ReadAllText(intent);

        var run = CliRunner.Run("verify", intent, _folder.Manifests, "-o", intent, "--force");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is an input of this run", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(intent));
    }

    [Fact]
    public void An_existing_file_netpact_did_not_write_is_kept_unless_forced()
    {
        var precious = Path.Combine(_folder.Root, "precious.txt");
        File.WriteAllText(precious, "my notes\n");

        var refused = CliRunner.Run("analyze", Manifest, "-o", precious);
        var kept = File.ReadAllText(precious);
        var forced = CliRunner.Run("analyze", Manifest, "-o", precious, "--force");

        Assert.Equal(2, refused.ExitCode);
        Assert.StartsWith($"netpact: error: -o {precious}: this file exists and netpact did not write it", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal("my notes\n", kept);
        Assert.Equal(0, forced.ExitCode);
        Assert.Contains("web", File.ReadAllText(precious), StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_netpact_wrote_is_replaced_until_someone_edits_it()
    {
        var output = Path.Combine(_folder.Root, "connections.txt");

        var first = CliRunner.Run("analyze", Manifest, "-o", output);
        var again = CliRunner.Run("analyze", Manifest, "-o", output, "-f", "json");
        var written = File.ReadAllText(output);
        File.AppendAllText(output, "a line of my own\n");
        var edited = CliRunner.Run("analyze", Manifest, "-o", output);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, again.ExitCode);
        Assert.StartsWith("[", written.TrimStart(), StringComparison.Ordinal);
        Assert.Equal(2, edited.ExitCode);
        Assert.EndsWith("a line of my own\n", File.ReadAllText(output), StringComparison.Ordinal);
        Assert.Contains(OutputFiles.LedgerName, Directory.GetFiles(_folder.Root).Select(Path.GetFileName));
    }

    [Fact]
    public void An_empty_existing_file_and_dev_null_may_be_written()
    {
        var empty = Path.Combine(_folder.Root, "empty.txt");
        File.WriteAllText(empty, "");

        var toEmpty = CliRunner.Run("analyze", Manifest, "-o", empty);
        var toNull = CliRunner.Run("analyze", Manifest, "-o", "/dev/null");

        Assert.Equal(0, toEmpty.ExitCode);
        Assert.NotEqual("", File.ReadAllText(empty));
        Assert.Equal(0, toNull.ExitCode);
        Assert.True(File.Exists("/dev/null"));
    }

    [Fact]
    public void Compile_never_writes_over_its_intent_even_forced()
    {
        var folder = Path.Combine(_folder.Root, "out");
        Assert.Equal(0, CliRunner.Run("compile", Intent, "-t", "k8s", "-o", folder).ExitCode);
        var generated = Directory.GetFiles(folder, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        File.WriteAllText(generated, File.ReadAllText(Intent));

        var run = CliRunner.Run("compile", generated, "-t", "k8s", "-o", folder, "--force");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is an input of this run", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(Intent), File.ReadAllText(generated));
    }
}
