namespace Netpact.Tests;

/// <summary>Where the repository, its test data and the shared oracle are, seen from the test binary.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string TestData => Path.Combine(RepoRoot, "tests", "testdata");

    public static string Examples => Path.Combine(RepoRoot, "examples");

    /// <summary>np-guard/netpol-analyzer's expected outputs, beside the repository (../shared).</summary>
    public static string NetpolAnalyzerOracle => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "oracles", "netpol-analyzer"));

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "netpact.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException($"netpact.slnx not found above {AppContext.BaseDirectory}");
    }
}
