using Netpact.Intents;
using Netpact.Kubernetes;
using Netpact.Lint;
using Netpact.Model;
using Netpact.Sources;

namespace Netpact.Tests.Sources;

/// <summary>Issue 21: files, folders and devices that must never crash, hang or be read twice; every reader reads through InputFiles.</summary>
public sealed class HostileInputTests : IDisposable
{
    private readonly HostileFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static Diagnostic SingleError(IEnumerable<Diagnostic> diagnostics) => Assert.Single(diagnostics, d => d.Severity == Severity.Error);

    [Fact]
    public void A_fifo_in_a_folder_is_an_error_naming_it_and_the_rest_is_read()
    {
        var fifo = _folder.AddFifo("pipe.yaml");

        var read = HostileFolder.Bounded(() => ManifestReader.Read([_folder.Manifests]));

        var error = SingleError(read.Diagnostics);
        Assert.Equal(fifo, error.Span.File);
        Assert.StartsWith("cannot read this file: it is a named pipe (FIFO), not a regular file", error.Message, StringComparison.Ordinal);
        Assert.Contains(read.Cluster.Workloads, w => w.Name == "web");
    }

    [Fact]
    public void A_fifo_named_directly_is_an_error_for_every_reader()
    {
        var fifo = _folder.AddFifo("pipe.yaml");
        var inputs = new List<Diagnostic>();

        var manifests = HostileFolder.Bounded(() => ManifestReader.Read([fifo]));
        var intent = HostileFolder.Bounded(() => IntentReader.ReadFile(fifo));
        var lint = HostileFolder.Bounded(() => LintConfigReader.ReadFile(fifo));
        HostileFolder.Bounded(() => InputSet.Read([fifo], inputs));

        Assert.Contains("named pipe (FIFO)", SingleError(manifests.Diagnostics).Message, StringComparison.Ordinal);
        Assert.StartsWith("cannot read the intent file: it is a named pipe", SingleError(intent.Diagnostics).Message, StringComparison.Ordinal);
        Assert.StartsWith("cannot read the lint configuration: it is a named pipe", SingleError(lint.Diagnostics).Message, StringComparison.Ordinal);
        Assert.Equal(fifo, SingleError(inputs).Span.File);
    }

    [Theory]
    [InlineData("/dev/zero")]
    [InlineData("/dev/urandom")]
    public void A_yaml_link_to_an_endless_device_is_an_error_not_out_of_memory(string device)
    {
        var link = _folder.AddLink("device.yaml", device);

        var read = HostileFolder.Bounded(() => ManifestReader.Read([_folder.Manifests]));
        var direct = HostileFolder.Bounded(() => ManifestReader.Read([device]));

        var error = SingleError(read.Diagnostics);
        Assert.Equal(link, error.Span.File);
        Assert.Contains("it is a character device, not a regular file", error.Message, StringComparison.Ordinal);
        Assert.Contains("character device", SingleError(direct.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_folder_link_loops_are_walked_once_and_each_file_is_found_once()
    {
        _folder.AddLink("self", _folder.Manifests);
        _folder.AddFile("sub/more.yml", "# no objects\n");
        Directory.CreateSymbolicLink(Path.Combine(_folder.Manifests, "sub", "up"), _folder.Manifests);

        var files = HostileFolder.Bounded(() => InputFiles.Expand(_folder.Manifests, []));
        var read = HostileFolder.Bounded(() => ManifestReader.Read([_folder.Manifests]));

        Assert.Equal([Path.Combine(_folder.Manifests, "app.yaml"), Path.Combine(_folder.Manifests, "sub", "more.yml")], files);
        Assert.DoesNotContain(read.Diagnostics, d => d.Message.Contains("defined", StringComparison.Ordinal));
        Assert.Empty(read.Diagnostics.Where(d => d.Severity == Severity.Error));
    }

    [Fact]
    public void A_folder_outside_reached_by_two_links_is_walked_once()
    {
        var outside = Path.Combine(_folder.Root, "outside");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "db.yaml"), "apiVersion: v1\nkind: Pod\nmetadata:\n  name: db\n");
        _folder.AddLink("a", outside);
        _folder.AddLink("b", outside);

        var files = InputFiles.Expand(_folder.Manifests, []);
        var read = ManifestReader.Read([_folder.Manifests]);

        Assert.Equal([Path.Combine(_folder.Manifests, "a", "db.yaml"), Path.Combine(_folder.Manifests, "app.yaml")], files);
        Assert.DoesNotContain(read.Diagnostics, d => d.Message.Contains("defined", StringComparison.Ordinal));
    }

    [Fact]
    public void A_file_over_the_size_limit_is_an_error_before_anything_is_read()
    {
        // Sparse: a gigabyte on paper, nothing on disk.
        var huge = Path.Combine(_folder.Manifests, "huge.yaml");
        using (var stream = File.Create(huge)) stream.SetLength(InputFiles.DefaultMaxFileBytes + 1);

        var read = HostileFolder.Bounded(() => ManifestReader.Read([huge]));

        Assert.Equal($"cannot read this file: it is {InputFiles.DefaultMaxFileBytes + 1} bytes, over the limit of {InputFiles.DefaultMaxFileBytes} bytes for one input file; "
            + "no real input is this large (set NETPACT_MAX_FILE_SIZE, such as 4G, to read larger files)", SingleError(read.Diagnostics).Message);
    }

    [Theory]
    [InlineData("1048576", 1048576L)]
    [InlineData("512K", 524288L)]
    [InlineData("64m", 67108864L)]
    [InlineData("4G", 4294967296L)]
    [InlineData("", null)]
    [InlineData("0", null)]
    [InlineData("-5", null)]
    [InlineData("lots", null)]
    public void The_size_limit_is_read_from_bytes_or_K_M_G(string text, long? expected) =>
        Assert.Equal(expected, InputFiles.ParseSize(text));

    [Fact]
    public void Invalid_utf8_is_an_error_at_its_line_and_column_for_every_reader()
    {
        var file = Path.Combine(TestPaths.TestData, "hostile-inputs", "invalid-utf8.yaml");

        var manifests = ManifestReader.Read([file]);
        var intent = IntentReader.ReadFile(file);
        var inputs = new List<Diagnostic>();
        InputSet.Read([file], inputs);

        foreach (var error in new[] { SingleError(manifests.Diagnostics), SingleError(intent.Diagnostics), SingleError(inputs) })
        {
            Assert.Equal(new SourceSpan(file, 4, 12), error.Span);
            Assert.Equal("this file is not valid UTF-8 here (byte 0xE9); netpact reads UTF-8 text: save the file as UTF-8", error.Message);
        }
    }

    [Fact]
    public void Text_with_a_utf16_byte_order_mark_is_read_as_before()
    {
        var path = _folder.AddFile("wide.yaml", "");
        File.WriteAllText(path, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: wide\n", System.Text.Encoding.Unicode);

        var read = ManifestReader.Read([path]);

        Assert.Empty(read.Diagnostics);
        Assert.Equal("wide", Assert.Single(read.Cluster.Workloads).Name);
    }

    [Fact]
    public void Stdin_beyond_the_size_limit_is_an_error()
    {
        var diagnostics = new List<Diagnostic>();
        using var endless = new EndlessReader();

        var text = HostileFolder.Bounded(() => InputFiles.ReadStdin(endless, diagnostics, limit: 1 << 20));

        Assert.Null(text);
        Assert.StartsWith("cannot read stdin: it is over the limit of 1048576 bytes", SingleError(diagnostics).Message, StringComparison.Ordinal);
    }

    /// <summary>/dev/zero as text: never ends.</summary>
    private sealed class EndlessReader : TextReader
    {
        public override int Read(char[] buffer, int index, int count)
        {
            buffer.AsSpan(index, count).Fill('a');
            return count;
        }
    }
}
