namespace Netpact.Benchmarks;

/// <summary>
/// Whether the engine and the literal evaluator gave the same answer on every pair of a scale: written by the
/// literal benchmark's process after measuring (each case runs in a process of its own), read by the table.
/// </summary>
public static class AnswerCheck
{
    public const string Same = "same";

    public static string Folder => Path.Combine(BenchData.RepoRoot, "artifacts", "bench-checks");

    /// <summary>"same N" (N pairs compared) or the first pair that differs.</summary>
    public static void Record(string scale, string outcome)
    {
        Directory.CreateDirectory(Folder);
        File.WriteAllText(Path.Combine(Folder, $"literal-{scale}.txt"), outcome);
    }

    /// <summary>The number of pairs found the same, or null when the check failed or did not run.</summary>
    public static long? SamePairs(string scale)
    {
        var file = Path.Combine(Folder, $"literal-{scale}.txt");
        var words = File.Exists(file) ? File.ReadAllText(file).Split(' ') : [];
        return words is [Same, var count] && long.TryParse(count, out var n) ? n : null;
    }
}
