using Netpact.Compilers;
using Netpact.Model;

namespace Netpact.Tests.Compilers;

public sealed class OutputFolderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("netpact-out-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_file_the_user_wrote_is_never_overwritten_without_force()
    {
        File.WriteAllText(Path.Combine(_dir, "policy.yaml"), "mine\n");

        var problems = OutputFolder.Write(_dir, [new TextFile("policy.yaml", "generated\n")], force: false);

        var p = Assert.Single(problems);
        Assert.Contains("--force", p.Message, StringComparison.Ordinal);
        Assert.Equal("mine\n", File.ReadAllText(Path.Combine(_dir, "policy.yaml")));
    }

    [Fact]
    public void A_file_netpact_wrote_before_is_replaced_by_the_new_output()
    {
        Assert.Empty(OutputFolder.Write(_dir, [new TextFile("k8s/a.yaml", "v1\n")], force: false));

        var problems = OutputFolder.Write(_dir, [new TextFile("k8s/a.yaml", "v2\n")], force: false);

        Assert.Empty(problems);
        Assert.Equal("v2\n", File.ReadAllText(Path.Combine(_dir, "k8s", "a.yaml")));
    }

    [Fact]
    public void A_generated_file_edited_by_hand_is_protected_again()
    {
        Assert.Empty(OutputFolder.Write(_dir, [new TextFile("a.yaml", "v1\n")], force: false));
        File.WriteAllText(Path.Combine(_dir, "a.yaml"), "edited\n");

        Assert.Single(OutputFolder.Write(_dir, [new TextFile("a.yaml", "v2\n")], force: false));
        Assert.Empty(OutputFolder.Write(_dir, [new TextFile("a.yaml", "v2\n")], force: true));
        Assert.Equal("v2\n", File.ReadAllText(Path.Combine(_dir, "a.yaml")));
    }
}
