using Netpact.Sources;

namespace Netpact.Tests.Sources;

public sealed class OutputFilesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("netpact-output-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void An_interrupted_write_leaves_the_old_file_whole_and_no_temporary_file()
    {
        var path = Path.Combine(_dir, "report.txt");
        OutputFiles.Write(path, "the old report\n");

        var interrupted = Assert.Throws<IOException>(() => OutputFiles.Write(path, writer =>
        {
            writer.Write(new string('x', 1 << 20));
            throw new IOException("disk full");
        }));

        Assert.Equal("disk full", interrupted.Message);
        Assert.Equal("the old report\n", File.ReadAllText(path));
        Assert.Equal(["report.txt", OutputFiles.LedgerName], Directory.GetFiles(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal).Reverse());
    }

    [Fact]
    public void The_check_allows_what_netpact_wrote_and_refuses_what_it_did_not()
    {
        var ours = Path.Combine(_dir, "ours.txt");
        var theirs = Path.Combine(_dir, "theirs.txt");
        OutputFiles.Write(ours, "netpact's\n");
        File.WriteAllText(theirs, "the user's\n");

        Assert.Null(OutputFiles.Check(ours, [], force: false));
        Assert.Null(OutputFiles.Check(Path.Combine(_dir, "new.txt"), [], force: false));
        Assert.NotNull(OutputFiles.Check(theirs, [], force: false));
        Assert.Null(OutputFiles.Check(theirs, [], force: true));
        Assert.NotNull(OutputFiles.Check(theirs, [theirs], force: true));
        Assert.NotNull(OutputFiles.Check(Path.Combine(_dir, "no-such-folder", "x.txt"), [], force: true));
        Assert.NotNull(OutputFiles.Check(_dir, [], force: true));
    }
}
