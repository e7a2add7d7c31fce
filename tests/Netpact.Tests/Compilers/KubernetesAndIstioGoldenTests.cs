using Netpact.Compilers;
using Netpact.Compilers.Istio;
using Netpact.Compilers.Kubernetes;
using Netpact.Intents;
using Netpact.Verify;

namespace Netpact.Tests.Compilers;

/// <summary>
/// The Noa Server intent compiled to k8s and istio, compared byte for byte with
/// tests/testdata/compile/noa-server/&lt;target&gt;/. To accept a deliberate change of the output, run the tests
/// with NETPACT_WRITE_GOLDEN=1: the expected files are rewritten and the test fails, so nothing passes silently.
/// </summary>
public sealed class KubernetesAndIstioGoldenTests
{
    private const string IntentPath = "examples/noa-server/intent.yaml";

    public static TheoryData<string> Targets => ["k8s", "istio"];

    internal static ILayerCompiler Target(string name) => name switch
    {
        "k8s" => new KubernetesLayerCompiler(),
        "istio" => new IstioLayerCompiler(),
        _ => throw new ArgumentException(name, nameof(name)),
    };

    /// <summary>The reference intent, read with the path a user in the repository root would give.</summary>
    internal static Intent NoaServer()
    {
        var result = IntentReader.ReadText(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, IntentPath)), IntentPath);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Intent!;
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Noa_server_compiles_to_the_expected_files(string targetName)
    {
        var expectedRoot = Path.Combine(TestPaths.TestData, "compile", "noa-server", targetName);

        var files = Target(targetName).Compile(NoaServer());

        Assert.Equal(files.Select(f => f.Path).Order(StringComparer.Ordinal), files.Select(f => f.Path));
        ComposeAndAwsSupport.AssertGolden(expectedRoot, [.. files.Select(f => f with { Path = Path.GetRelativePath(targetName, f.Path).Replace('\\', '/') })]);
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Noa_server_output_reads_back_without_diagnostics(string targetName)
    {
        var intent = NoaServer();
        var target = Target(targetName);

        var layer = LayerReaders.Find(target.Layer).Read(target.Compile(intent), intent);

        Assert.Empty(layer.Diagnostics);
    }
}
