using Netpact.Tests;

namespace Netpact.Cli.Tests;

/// <summary>Issue 21 at the command line: hostile files, folders and devices give exit 2 and a line naming them, never a hang or a crash.</summary>
public sealed class HostileInputCliTests : IDisposable
{
    private readonly HostileFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static CliRunner.Result Run(params string[] args) => HostileFolder.Bounded(() => CliRunner.Run(args));

    [Theory]
    [InlineData("analyze")]
    [InlineData("lint")]
    [InlineData("report")]
    public void A_fifo_in_a_folder_is_exit_2_naming_it_not_a_hang(string verb)
    {
        var fifo = _folder.AddFifo("pipe.yaml");

        var run = Run(verb, _folder.Manifests);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{fifo}: error: cannot read this file: it is a named pipe (FIFO), not a regular file", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fifo_given_as_the_intent_is_exit_2()
    {
        var fifo = _folder.AddFifo("intent.yaml");

        var run = Run("validate", fifo);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{fifo}: error: cannot read the intent file: it is a named pipe (FIFO)", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/dev/zero")]
    [InlineData("/dev/urandom")]
    public void An_endless_device_given_or_linked_is_exit_2(string device)
    {
        var link = _folder.AddLink("device.yaml", device);

        var direct = Run("analyze", device);
        var linked = Run("analyze", _folder.Manifests);

        Assert.Equal(2, direct.ExitCode);
        Assert.Contains($"{device}: error: cannot read this file: it is a character device", direct.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, linked.ExitCode);
        Assert.Contains($"{link}: error: cannot read this file: it is a character device", linked.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_with_two_link_loops_is_read_once_without_defined_twice()
    {
        _folder.AddLink("self", _folder.Manifests);
        Directory.CreateDirectory(Path.Combine(_folder.Manifests, "sub"));
        _folder.AddLink(Path.Combine("sub", "up"), _folder.Manifests);

        var run = Run("analyze", _folder.Manifests);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        Assert.Contains("web", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_is_exit_2_at_its_line_and_column()
    {
        var file = Path.Combine(TestPaths.TestData, "hostile-inputs", "invalid-utf8.yaml");

        var run = Run("analyze", file);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{file}:4:12: error: this file is not valid UTF-8 here (byte 0xE9)", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_dash_reads_the_intent_from_stdin()
    {
        var intent = File.ReadAllText(Path.Combine(TestPaths.Examples, "noa-server", "intent.yaml"));

        var run = CliRunner.RunWithInput(intent, "validate", "-");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("-: valid: ", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deeply_nested_audit_file_for_report_is_exit_2_not_a_stack_overflow()
    {
        var audit = Path.Combine(_folder.Root, "audit.yaml");
        File.WriteAllText(audit, HostileFolder.DeepYaml(100_000));

        var run = Run("report", "-o", "-", _folder.Manifests, "--audit", audit);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{audit}:1:", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("nests more than 256 levels deep", run.Stderr, StringComparison.Ordinal);
    }
}
