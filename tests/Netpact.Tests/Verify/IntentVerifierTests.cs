using Netpact.Intents;
using Netpact.Model;
using Netpact.Verify;

namespace Netpact.Tests.Verify;

public sealed class IntentVerifierTests
{
    [Fact]
    public void Nftables_files_are_checked_by_the_nftables_reader_and_show_the_seed_flaw()
    {
        var intent = IntentReader.ReadFile(Path.Combine(TestPaths.Examples, "noa-server", "intent.yaml")).Intent!;
        var files = Directory.GetFiles(Path.Combine(TestPaths.TestData, "compile-nftables", "seed-policies"), "*.nft")
            .Order(StringComparer.Ordinal).ToList();
        var diagnostics = new List<Diagnostic>();

        var results = IntentVerifier.VerifyFiles(intent, files, diagnostics);

        Assert.DoesNotContain(diagnostics, d => d.Severity == Severity.Error);
        var v = Assert.Single(results);
        Assert.Equal("nftables", v.Target);
        Assert.Equal($"{files[0]} (+{files.Count - 1} more)", v.Input);
        Assert.Contains(v.Missing, m => m.Source.Workload == "noa-server" && m.Destination.Workload == "postgresql"
                                        && m.Connections.ToString() == "TCP 5432");
    }

    [Fact]
    public void A_folder_contributes_its_nftables_rulesets_as_the_files_named_one_by_one_do()
    {
        var intent = IntentReader.ReadFile(Path.Combine(TestPaths.Examples, "noa-server", "intent.yaml")).Intent!;
        var folder = Path.Combine(TestPaths.TestData, "compile-nftables", "seed-policies");
        var files = Directory.GetFiles(folder, "*.nft").Order(StringComparer.Ordinal).ToList();
        var diagnostics = new List<Diagnostic>();

        var byFolder = Assert.Single(IntentVerifier.VerifyFiles(intent, [folder], diagnostics));
        var byFiles = Assert.Single(IntentVerifier.VerifyFiles(intent, files, []));

        Assert.DoesNotContain(diagnostics, d => d.Severity == Severity.Error);
        Assert.Equal("nftables", byFolder.Target);
        Assert.Equal(folder, byFolder.Input);
        Assert.NotEmpty(byFolder.Missing);
        Assert.Equal(byFiles.Missing.Select(Text), byFolder.Missing.Select(Text));
        Assert.Equal(byFiles.Extra.Select(Text), byFolder.Extra.Select(Text));
    }

    [Fact]
    public void The_compiled_output_of_every_target_read_back_as_files_is_proven_with_only_named_approximations()
    {
        var intent = IntentReader.ReadFile(Path.Combine(TestPaths.Examples, "noa-server", "intent.yaml")).Intent!;
        var folder = Directory.CreateTempSubdirectory("netpact-verify-").FullName;
        try
        {
            foreach (var file in Netpact.Compilers.LayerCompilers.All.SelectMany(t => t.Compile(intent)))
            {
                var path = Path.Combine(folder, file.Path);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, file.Content);
            }
            var diagnostics = new List<Diagnostic>();

            var results = IntentVerifier.VerifyFiles(intent, [folder], diagnostics);

            Assert.DoesNotContain(diagnostics, d => d.Severity == Severity.Error);
            Assert.Equal(["k8s", "istio", "compose", "aws", "nftables"], results.Select(r => r.Target));
            Assert.All(results, r => Assert.True(r.Extra.IsEmpty && r.Missing.IsEmpty && r.OverPermissive.IsEmpty,
                $"{r.Target}: {r.Extra.Length} extra, {r.Missing.Length} missing, {r.OverPermissive.Length} over-permissive"));
            // Policies without workloads: the intent's workloads are placed, and namespace-wide DNS is named, not hidden.
            var k8s = results[0];
            Assert.Contains(k8s.Notes, n => n.StartsWith("not in the input, placed as the intent describes them", StringComparison.Ordinal));
            var dns = Assert.Single(k8s.Approximations);
            Assert.StartsWith("defaults.dns lets every pod of a namespace reach the resolver", dns.Approximation, StringComparison.Ordinal);
            Assert.All(dns.Flows, f => Assert.Equal(("coredns", "TCP 53,UDP 53"), (f.Destination.Workload, f.Connections.ToString())));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Text(FlowDifference d) => $"{d.Source} => {d.Destination} : {d.Connections} ({string.Join("; ", d.Reasons)})";
}
