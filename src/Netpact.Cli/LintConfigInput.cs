using System.CommandLine;
using Netpact.Lint;

namespace Netpact.Cli;

/// <summary>The lint configuration option of 'lint' and 'report', and reading it.</summary>
internal static class LintConfigInput
{
    public static Option<string?> Option() =>
        new("--config", "-c") { Description = "Lint configuration file: suppressions and declared clients of workloads" };

    /// <summary>The configuration in the file (the empty one without a file), its diagnostics printed; null when it has errors.</summary>
    public static LintConfig? Read(string? path, CliIO io)
    {
        if (path is null) return LintConfig.Empty;
        var read = LintConfigReader.ReadFile(path);
        foreach (var d in read.Diagnostics) io.Stderr.WriteLine(d);
        return read.HasErrors ? null : read.Config;
    }
}
