using System.Security.Cryptography;
using System.Text;
using Netpact.Model;

namespace Netpact.Sources;

/// <summary>
/// The one guarded way netpact writes a file the user names (-o, compile's output folder). Before anything is
/// written, the path is checked: it is never an input of the same run, and an existing file is replaced only when
/// netpact wrote it and nobody changed it since (its hash is in the folder's ledger, <see cref="LedgerName"/>, the
/// one compile keeps), when it is empty, or with --force. Files are written atomically: a temporary file in the same
/// folder, renamed over the old one, so an interrupted run leaves the old file whole.
/// </summary>
public static class OutputFiles
{
    /// <summary>The ledger in an output folder: one line per file netpact wrote there, 'SHA-256 NAME'.</summary>
    public const string LedgerName = ".netpact-generated";

    private static readonly string[] InputExtensions = [".yaml", ".yml", ".json", ".nft"];

    /// <summary>
    /// Whether <paramref name="output"/> may be written by a run that reads <paramref name="inputs"/> (files or
    /// folders, as given; '-' is none): null when it may, else the reason, at the path.
    /// </summary>
    public static Diagnostic? Check(string output, IEnumerable<string> inputs, bool force)
    {
        var at = new SourceSpan(output, 0, 0);
        var folder = Path.GetDirectoryName(Path.GetFullPath(output))!;
        if (FileStatus.Of(folder).Kind != FileKind.Directory)
            return Diagnostic.Error(at, $"cannot write here: the folder {folder} does not exist; create it first");
        var status = FileStatus.Of(output);
        if (status.Kind == FileKind.Missing) return null;
        if (status.Kind == FileKind.Directory) return Diagnostic.Error(at, "cannot write here: this is a folder; name a file in it");
        if (InputAmong(output, inputs) is { } input)
        {
            return Diagnostic.Error(at, input == output
                ? "this file is an input of this run; write the output to another file"
                : $"this file is an input of this run (as {input}); write the output to another file");
        }
        // A device or pipe (/dev/null, /dev/stdout) is written through, not replaced.
        if (status.Kind != FileKind.Regular || force || status.Size == 0 || WrittenByNetpact(output)) return null;
        return Diagnostic.Error(at, "this file exists and netpact did not write it (or it was changed since); move it away, " +
            "write to another file, or pass --force to replace it");
    }

    /// <summary>The input (as found under the paths given: files, folders, '-' for none) that is the same file as the path, if any.</summary>
    public static string? InputAmong(string path, IEnumerable<string> inputs)
    {
        var status = FileStatus.Of(path);
        if (status.Kind == FileKind.Missing) return null;
        foreach (var input in inputs.Where(i => i != "-"))
        {
            var files = FileStatus.Of(input).Kind == FileKind.Directory ? InputFiles.Expand(input, [], InputExtensions) : [input];
            if (files.FirstOrDefault(f => FileStatus.Of(f).Identity == status.Identity) is { } same) return same;
        }
        return null;
    }

    /// <summary>Whether the file's content is what netpact last wrote there, by the folder's ledger.</summary>
    public static bool WrittenByNetpact(string path) =>
        ReadLedger(Path.GetDirectoryName(Path.GetFullPath(path))!).TryGetValue(Path.GetFileName(path), out var hash) && hash == HashOf(path);

    /// <summary>Writes the text as <see cref="Write(string, Action{TextWriter})"/> does.</summary>
    public static void Write(string output, string text) => Write(output, writer => writer.Write(text));

    /// <summary>
    /// Writes the file atomically (a temporary file beside it, renamed over it) as the writer goes, and records it
    /// in the folder's ledger. A device or pipe is written to directly. Check the path first with <see cref="Check"/>.
    /// </summary>
    public static void Write(string output, Action<TextWriter> write)
    {
        var status = FileStatus.Of(output);
        if (status.Kind is not (FileKind.Regular or FileKind.Missing))
        {
            using var through = new StreamWriter(output, append: false, new UTF8Encoding(false), 1 << 16);
            write(through);
            return;
        }
        var folder = Path.GetDirectoryName(Path.GetFullPath(output))!;
        var hash = WriteAtomically(output, write);
        var ledger = ReadLedger(folder);
        ledger[Path.GetFileName(output)] = hash;
        WriteLedger(folder, ledger);
    }

    /// <summary>Writes through a temporary file in the same folder, renamed over the path; returns the content's SHA-256.</summary>
    internal static string WriteAtomically(string path, Action<TextWriter> write)
    {
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.netpact-tmp");
        try
        {
            string hash;
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                using var hashing = new HashingStream(stream);
                using (var writer = new StreamWriter(hashing, new UTF8Encoding(false), 1 << 16, leaveOpen: true))
                {
                    write(writer);
                }
                stream.Flush(flushToDisk: true);
                hash = hashing.Hex();
            }
            File.Move(temporary, full, overwrite: true);
            return hash;
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>The ledger of a folder: file name to the SHA-256 of what netpact last wrote there.</summary>
    internal static Dictionary<string, string> ReadLedger(string folder)
    {
        var path = Path.Combine(folder, LedgerName);
        var ledger = new Dictionary<string, string>(StringComparer.Ordinal);
        if (FileStatus.Of(path).Kind != FileKind.Regular) return ledger;
        foreach (var line in File.ReadAllLines(path))
        {
            var parts = line.Split(' ', 2);
            if (parts.Length == 2) ledger[parts[1]] = parts[0];
        }
        return ledger;
    }

    internal static void WriteLedger(string folder, IReadOnlyDictionary<string, string> ledger) =>
        WriteAtomically(Path.Combine(folder, LedgerName), writer =>
        {
            foreach (var (name, hash) in ledger.OrderBy(e => e.Key, StringComparer.Ordinal)) writer.Write($"{hash} {name}\n");
        });

    /// <summary>The SHA-256 of a file's bytes, in lower-case hex.</summary>
    internal static string HashOf(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>The SHA-256 of text as netpact writes it (UTF-8, no byte order mark).</summary>
    internal static string HashOfText(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>Passes bytes on to a stream and hashes them on the way.</summary>
    private sealed class HashingStream(Stream inner) : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public string Hex() => Convert.ToHexStringLower(_hash.GetHashAndReset());

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _hash.AppendData(buffer);
            inner.Write(buffer);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _hash.Dispose();
            base.Dispose(disposing);
        }
    }
}
