using Netpact.Reports;
using Netpact.Response;

namespace Netpact.Tests.Response;

/// <summary>
/// The files and the proof of one quarantine, byte for byte, against tests/testdata/quarantine/expected/ (the YARP
/// pattern: a change to what netpact writes shows here as a diff to review, never regenerated silently).
/// </summary>
public sealed class QuarantineGoldenTests
{
    private static string Expected(string name) => Path.Combine(TestPaths.TestData, "quarantine", "expected", name);

    /// <summary>Paths in the output as the repository names them, whatever folder it was checked out to.</summary>
    private static string Portable(string text) => text.Replace(TestPaths.RepoRoot + Path.DirectorySeparatorChar, "", StringComparison.Ordinal);

    [Theory]
    [InlineData("k8s/netpact-quarantine-shop-db.adminnetworkpolicy.yaml", "shop-db.adminnetworkpolicy.yaml")]
    [InlineData("k8s/netpact-quarantine-shop-db.networkpolicy.yaml", "shop-db.networkpolicy.yaml")]
    [InlineData("k8s/netpact-quarantine-shop-db-forensic-1.adminnetworkpolicy.yaml", "shop-db-forensic-1.adminnetworkpolicy.yaml")]
    public void Shop_db_files_are_as_expected(string written, string expected)
    {
        var request = QuarantineTests.Request("shop/db", "forensics/tool") with { Dns = true };

        var result = Quarantine.Isolate(QuarantineTests.Read("shop"), request);

        Assert.Equal(File.ReadAllText(Expected(expected)), Portable(result.Files.Single(f => f.Path == written).Content));
    }

    [Fact]
    public void Shop_db_proof_is_as_expected()
    {
        var request = QuarantineTests.Request("shop/db", "forensics/tool") with { Dns = true };

        var result = Quarantine.Isolate(QuarantineTests.Read("shop"), request);

        Assert.Equal(File.ReadAllText(Expected("shop-db.proof.txt")), QuarantineReport.Write(request, result));
    }
}
