using Netpact.Compilers;
using Netpact.Compilers.Istio;
using Netpact.Compilers.Kubernetes;
using Netpact.Intent;
using IntentModel = Netpact.Intent.Intent;

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

    internal static ITarget Target(string name) => name switch
    {
        "k8s" => new KubernetesTarget(),
        "istio" => new IstioTarget(),
        _ => throw new ArgumentException(name, nameof(name)),
    };

    /// <summary>The reference intent, read with the path a user in the repository root would give.</summary>
    internal static IntentModel NoaServer()
    {
        var result = IntentReader.ReadText(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, IntentPath)), IntentPath);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Intent!;
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Noa_server_compiles_to_the_expected_files(string targetName)
    {
        var expectedRoot = Path.Combine(TestPaths.TestData, "compile", "noa-server");

        var files = Target(targetName).Compile(NoaServer());

        if (Environment.GetEnvironmentVariable("NETPACT_WRITE_GOLDEN") == "1")
        {
            var folder = Path.Combine(expectedRoot, targetName);
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            foreach (var f in files)
            {
                var path = Path.Combine(expectedRoot, f.Path);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, f.Content);
            }
            Assert.Fail($"NETPACT_WRITE_GOLDEN=1: wrote {files.Count} expected files under {folder}; review them with git diff");
        }
        var expected = Directory.EnumerateFiles(Path.Combine(expectedRoot, targetName), "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(expectedRoot, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(expected, files.Select(f => f.Path).ToList());
        foreach (var f in files) Assert.Equal(File.ReadAllText(Path.Combine(expectedRoot, f.Path)), f.Content);
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Compiling_twice_gives_identical_bytes(string targetName)
    {
        var first = Target(targetName).Compile(NoaServer());
        var second = Target(targetName).Compile(NoaServer());

        Assert.Equal(first.Select(f => f.Path), second.Select(f => f.Path));
        Assert.Equal(first.Select(f => f.Content), second.Select(f => f.Content));
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Noa_server_output_reads_back_without_diagnostics(string targetName)
    {
        var intent = NoaServer();
        var target = Target(targetName);

        var layer = target.Read(target.Compile(intent), intent);

        Assert.Empty(layer.Diagnostics);
    }
}
