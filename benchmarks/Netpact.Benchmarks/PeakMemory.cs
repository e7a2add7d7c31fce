using System.Runtime.InteropServices;

namespace Netpact.Benchmarks;

/// <summary>
/// Peak memory of a benchmark: BenchmarkDotNet runs each case in a process of its own, whose peak resident set
/// (VmHWM) at cleanup is the most the case (with its setup: the parsed cluster) ever held. Written to a file that
/// the table reads. For a child process (the CLI run end to end), the peak of the largest child waited for.
/// </summary>
public static partial class PeakMemory
{
    public static string Folder => Path.Combine(BenchData.RepoRoot, "artifacts", "bench-peak");

    public static void Record(object benchmark, string param, string value, long? bytes = null)
    {
        Directory.CreateDirectory(Folder);
        // BenchmarkDotNet runs a generated subclass (Runnable_N) of the benchmark class.
        var type = benchmark.GetType().Name.StartsWith("Runnable_", StringComparison.Ordinal) ? benchmark.GetType().BaseType!.Name : benchmark.GetType().Name;
        File.WriteAllText(Path.Combine(Folder, $"{type}-{param}-{value}.txt"), $"{bytes ?? Self()}");
    }

    public static long? Read(string type, string param, string value)
    {
        var file = Path.Combine(Folder, $"{type}-{param}-{value}.txt");
        return File.Exists(file) && long.TryParse(File.ReadAllText(file), out var b) ? b : null;
    }

    private static long Self()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        return 0;
    }

    /// <summary>ru_maxrss of the largest child process waited for, in bytes.</summary>
    public static long Children()
    {
        var usage = new byte[256];
        return GetRusage(-1, usage) == 0 ? BitConverter.ToInt64(usage, 32) * 1024 : 0;
    }

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int GetRusage(int who, byte[] usage);
}
