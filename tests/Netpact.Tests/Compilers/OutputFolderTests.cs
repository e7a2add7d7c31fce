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

    [Fact]
    public void A_file_the_intent_no_longer_produces_is_removed_unless_edited_and_other_layers_are_left_alone()
    {
        Assert.Empty(OutputFolder.Write(_dir,
            [new TextFile("k8s/web.yaml", "w\n"), new TextFile("k8s/gone.yaml", "g\n"), new TextFile("k8s/edited.yaml", "e\n"), new TextFile("istio/web.yaml", "i\n")], force: false));
        File.WriteAllText(Path.Combine(_dir, "k8s", "edited.yaml"), "mine now\n");

        var notes = OutputFolder.Write(_dir, [new TextFile("k8s/web.yaml", "w2\n")], force: false);

        Assert.All(notes, n => Assert.Equal(Severity.Warning, n.Severity));
        Assert.Equal(
            [$"{Path.Combine(_dir, "k8s", "edited.yaml")}: warning: the intent no longer produces this file, but it was edited since netpact wrote it; kept: delete it if it is no longer needed",
             $"{Path.Combine(_dir, "k8s", "gone.yaml")}: warning: removed: netpact wrote this file and the intent no longer produces it"],
            notes.Select(n => n.ToString()).Order(StringComparer.Ordinal));
        Assert.False(File.Exists(Path.Combine(_dir, "k8s", "gone.yaml")));
        Assert.Equal("mine now\n", File.ReadAllText(Path.Combine(_dir, "k8s", "edited.yaml")));
        Assert.Equal("i\n", File.ReadAllText(Path.Combine(_dir, "istio", "web.yaml")));
    }
}
