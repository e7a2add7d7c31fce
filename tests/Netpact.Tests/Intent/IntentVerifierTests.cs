using Netpact.Intent;
using Netpact.Model;

namespace Netpact.Tests.Intents;

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
}
