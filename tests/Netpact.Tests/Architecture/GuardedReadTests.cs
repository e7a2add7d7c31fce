using System.Text.RegularExpressions;

namespace Netpact.Tests.Architecture;

/// <summary>
/// Issue 21: every input file is read through Sources/InputFiles (regular files only, a size limit, UTF-8) and every
/// YAML text parsed through Sources/Yaml/YamlDocuments (the nesting guard). A new direct read or YamlStream in src
/// fails here unless it is added below with its reason.
/// </summary>
public sealed partial class GuardedReadTests
{
    [GeneratedRegex(@"File\.(ReadAll\w*|OpenRead|OpenText|ReadLines)\s*\(|new\s+StreamReader\s*\(|new\s+YamlStream\s*\(")]
    private static partial Regex DirectRead();

    /// <summary>Files allowed a direct read, each with why.</summary>
    private static readonly Dictionary<string, string> Allowed = new(StringComparer.Ordinal)
    {
        ["src/Netpact/Sources/OutputFiles.cs"] = "its own ledger, and the hash of a file it is about to replace",
        ["src/Netpact/Sources/Yaml/YamlDocuments.cs"] = "the guarded parse itself (after its prescan)",
        ["src/Netpact/Compose/ComposeReader.cs"] = "merge-key expansion of text YamlDocuments already accepted",
        ["src/Netpact/Reports/Html/HtmlReport.cs"] = "the page's embedded resources",
        ["src/Netpact.Lab/LabState.cs"] = "the lab's own state file",
        ["src/Netpact.Lab/LabSession.cs"] = "the lab's own copies of the intent and rules",
        ["src/Netpact.Lab/ListenerProcess.cs"] = "the listener's ready file and /proc",
        ["src/Netpact.Lab/LabRules.cs"] = "nftables rules of a lab folder (not yet through InputFiles: issue 21's lab part)",
    };

    [Fact]
    public void Only_the_listed_files_read_files_or_parse_YAML_directly()
    {
        var src = Path.Combine(TestPaths.RepoRoot, "src");
        var readers = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => DirectRead().IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(TestPaths.RepoRoot, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(Allowed.Keys.Order(StringComparer.Ordinal), readers);
    }
}
