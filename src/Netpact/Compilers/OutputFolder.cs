using System.Security.Cryptography;
using System.Text;
using Netpact.Model;

namespace Netpact.Compilers;

/// <summary>
/// Writes generated files into a folder without ever losing the user's work: a file is replaced only when it is
/// absent, identical, or exactly what netpact wrote there last time (recorded in .netpact-generated).
/// </summary>
public static class OutputFolder
{
    public const string LedgerName = ".netpact-generated";

    public static IReadOnlyList<Diagnostic> Write(string folder, IReadOnlyList<TextFile> files, bool force)
    {
        var ledgerPath = Path.Combine(folder, LedgerName);
        var ledger = File.Exists(ledgerPath)
            ? File.ReadAllLines(ledgerPath).Select(l => l.Split(' ', 2)).Where(p => p.Length == 2).ToDictionary(p => p[1], p => p[0], StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<Diagnostic>();
        foreach (var file in files)
        {
            var path = Path.Combine(folder, file.Path);
            if (!File.Exists(path) || force) continue;
            var existing = File.ReadAllText(path);
            if (existing == file.Content) continue;
            if (ledger.TryGetValue(file.Path, out var hash) && hash == Hash(existing)) continue;
            problems.Add(Diagnostic.Error(new SourceSpan(path, 0, 0),
                "this file exists and was not written by netpact (or was edited since); move it away or pass --force to overwrite it"));
        }
        if (problems.Count > 0) return problems;
        foreach (var file in files)
        {
            var path = Path.Combine(folder, file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, file.Content);
            ledger[file.Path] = Hash(file.Content);
        }
        File.WriteAllLines(ledgerPath, ledger.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Value} {e.Key}"));
        return [];
    }

    private static string Hash(string content) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
}
