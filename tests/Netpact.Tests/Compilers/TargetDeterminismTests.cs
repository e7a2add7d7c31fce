using Netpact.Compilers;

namespace Netpact.Tests.Compilers;

/// <summary>Every target compiles the reference intent to the same bytes every time.</summary>
public sealed class TargetDeterminismTests
{
    public static TheoryData<string> TargetNames => [.. LayerCompilers.Targets.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(TargetNames))]
    public void Compiling_twice_gives_identical_bytes(string targetName)
    {
        var target = LayerCompilers.Find(targetName)!;

        var first = target.Compile(KubernetesAndIstioGoldenTests.NoaServer());
        var second = target.Compile(KubernetesAndIstioGoldenTests.NoaServer());

        Assert.Equal(first.Select(f => f.Path), second.Select(f => f.Path));
        Assert.Equal(first.Select(f => f.Content), second.Select(f => f.Content));
    }
}
