using Netpact.Compilers;
using Netpact.Intents;
using Netpact.Lint;
using Netpact.Model;

namespace Netpact.Tests.Lint;

/// <summary>
/// What netpact compiles from the reference intent is what lint calls zero trust: the NetworkPolicies compiled
/// from examples/noa-server/intent.yaml, with the example's workloads and namespaces, give no error.
/// </summary>
public sealed class CompiledIntentLintTests
{
    private static LintResult LintCompiled(bool withWorkloads)
    {
        var intent = IntentReader.ReadFile(Path.Combine(TestPaths.Examples, "noa-server", "intent.yaml")).Intent!;
        var folder = Path.Combine(Path.GetTempPath(), $"netpact-compiled-{Guid.NewGuid():N}");
        try
        {
            foreach (var file in LayerCompilers.Find(Layer.Kubernetes).Compile(intent))
            {
                var path = Path.Combine(folder, file.Path);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, file.Content);
            }
            var manifests = Path.Combine(TestPaths.Examples, "noa-server", "manifests");
            return LintTestInput.Lint(withWorkloads
                ? [folder, Path.Combine(manifests, "workloads"), Path.Combine(manifests, "namespaces.yaml")]
                : [folder]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Compiled_policies_with_the_example_workloads_give_no_error()
    {
        var result = LintCompiled(withWorkloads: true);

        Assert.Empty(result.Active.Where(f => f.Severity == LintSeverity.Error).Select(f => $"{f.Span}: {f.Rule.Id} {f.Message}"));
        // Nor a warning: the compiled peers are exact (namespace and pod selectors in one entry), DNS goes to the
        // resolver only on UDP and TCP 53, and no flow joins two workloads of one role.
        Assert.Empty(result.Active.Select(f => $"{f.Span}: {f.Rule.Id} {f.Message}"));
    }

    [Fact]
    public void Compiled_policies_alone_give_no_finding()
    {
        var result = LintCompiled(withWorkloads: false);

        Assert.Empty(result.Active.Select(f => $"{f.Span}: {f.Rule.Id} {f.Message}"));
    }
}
