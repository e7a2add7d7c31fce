using Netpact.Model;
using Netpact.Sources;

namespace Netpact.Compilers;

/// <summary>
/// Writes generated files into a folder without ever losing the user's work: a file is replaced only when it is
/// absent, identical, or exactly what netpact wrote there last time (recorded in .netpact-generated, the ledger
/// <see cref="OutputFiles"/> keeps for every output), and never when it is an input of the run. Each file is written
/// atomically, so an interrupted compile leaves every old file whole.
/// </summary>
public static class OutputFolder
{
    public const string LedgerName = OutputFiles.LedgerName;

    /// <summary>
    /// Checks every file first and writes none when one may not be replaced (errors); <paramref name="inputs"/> are the
    /// run's input files. Then removes the stale files: those netpact wrote in a folder it writes to now (k8s/, istio/,
    /// ...) that this compile no longer produces (a workload gone from the intent), each a warning; a stale file edited
    /// since is kept, with a warning.
    /// </summary>
    public static IReadOnlyList<Diagnostic> Write(string folder, IReadOnlyList<TextFile> files, bool force, IEnumerable<string>? inputs = null)
    {
        var ledger = OutputFiles.ReadLedger(folder);
        var problems = new List<Diagnostic>();
        foreach (var file in files)
        {
            var path = Path.Combine(folder, file.Path);
            if (OutputFiles.InputAmong(path, inputs ?? []) is { } input)
            {
                problems.Add(Diagnostic.Error(new SourceSpan(path, 0, 0), $"this file is an input of this run (as {input}); compile into another folder"));
                continue;
            }
            var status = FileStatus.Of(path);
            if (status.Kind == FileKind.Missing || force) continue;
            if (status.Kind != FileKind.Regular)
            {
                problems.Add(Diagnostic.Error(new SourceSpan(path, 0, 0), $"this is {FileStatus.Describe(status.Kind)}, not a file netpact wrote; move it away"));
                continue;
            }
            var existing = OutputFiles.HashOf(path);
            if (existing == OutputFiles.HashOfText(file.Content)) continue;
            if (ledger.TryGetValue(file.Path, out var hash) && hash == existing) continue;
            problems.Add(Diagnostic.Error(new SourceSpan(path, 0, 0),
                "this file exists and was not written by netpact (or was edited since); move it away or pass --force to overwrite it"));
        }
        if (problems.Count > 0) return problems;
        foreach (var file in files)
        {
            var path = Path.Combine(folder, file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            ledger[file.Path] = OutputFiles.WriteAtomically(path, writer => writer.Write(file.Content));
        }
        var notes = RemoveStale(folder, files, ledger);
        OutputFiles.WriteLedger(folder, ledger);
        return notes;
    }

    private static List<Diagnostic> RemoveStale(string folder, IReadOnlyList<TextFile> files, Dictionary<string, string> ledger)
    {
        var written = files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        // Only under the top folders written now: compiling one layer leaves the files of the others alone.
        var tops = files.Select(f => Top(f.Path)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var notes = new List<Diagnostic>();
        foreach (var (name, hash) in ledger.Where(e => !written.Contains(e.Key) && Top(e.Key) is { } top && tops.Contains(top)).ToList())
        {
            var path = Path.Combine(folder, name);
            if (FileStatus.Of(path).Kind != FileKind.Regular)
            {
                ledger.Remove(name);
                continue;
            }
            if (OutputFiles.HashOf(path) != hash)
            {
                notes.Add(Diagnostic.Warning(new SourceSpan(path, 0, 0),
                    "the intent no longer produces this file, but it was edited since netpact wrote it; kept: delete it if it is no longer needed"));
                continue;
            }
            File.Delete(path);
            ledger.Remove(name);
            notes.Add(Diagnostic.Warning(new SourceSpan(path, 0, 0), "removed: netpact wrote this file and the intent no longer produces it"));
        }
        return notes;
    }

    private static string? Top(string relative) => relative.IndexOf('/') is > 0 and var slash ? relative[..slash] : null;
}
