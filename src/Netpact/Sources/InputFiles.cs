using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;
using Netpact.Model;

namespace Netpact.Sources;

/// <summary>
/// Turns the paths a user names (files, folders, '-' for stdin) into the files to read, and reads them: the one
/// guarded way netpact reads an input file. Only regular files are read (a FIFO would block forever, /dev/zero never
/// ends), none larger than <see cref="MaxFileBytes"/>, and their text must be UTF-8 (or carry a UTF-16/32 byte order
/// mark); a folder walk enters each real folder once, however many links lead to it.
/// </summary>
public static class InputFiles
{
    /// <summary>What a folder of manifests contributes.</summary>
    public static readonly IReadOnlyList<string> ManifestExtensions = [".yaml", ".yml", ".json"];

    /// <summary>The environment variable that sets <see cref="MaxFileBytes"/>: bytes, or a number with K, M or G (KiB, MiB, GiB).</summary>
    public const string MaxFileSizeVariable = "NETPACT_MAX_FILE_SIZE";

    /// <summary>The default size limit of one input file: far above any real manifest set (the largest seen are a few MB).</summary>
    public const long DefaultMaxFileBytes = 1L << 30;

    /// <summary>The size limit of one input file: <see cref="MaxFileSizeVariable"/> when set to a size, else 1 GiB.</summary>
    public static long MaxFileBytes => ParseSize(Environment.GetEnvironmentVariable(MaxFileSizeVariable)) ?? DefaultMaxFileBytes;

    /// <summary>A size such as 1048576, 512K, 64M or 2G; null when the text is none.</summary>
    public static long? ParseSize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        text = text.Trim();
        var unit = char.ToUpperInvariant(text[^1]) switch { 'K' => 1L << 10, 'M' => 1L << 20, 'G' => 1L << 30, _ => 1L };
        var digits = unit == 1 ? text : text[..^1];
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 && n <= long.MaxValue / unit ? n * unit : null;
    }

    /// <summary>
    /// The files one path stands for: itself (a file, or '-'), or the manifest files under a folder.
    /// A file named explicitly is read whatever its extension; a folder contributes .yaml, .yml and .json files,
    /// leaving out hidden ones (.git, .github: CI files are YAML but no manifests).
    /// </summary>
    public static IReadOnlyList<string> Expand(string path, List<Diagnostic> diagnostics) => Expand(path, diagnostics, ManifestExtensions);

    /// <summary>As <see cref="Expand(string, List{Diagnostic})"/>, with the extensions a folder contributes given (enforcement layers add .nft).</summary>
    public static IReadOnlyList<string> Expand(string path, List<Diagnostic> diagnostics, IReadOnlyCollection<string> extensions)
    {
        if (path == "-") return [path];
        var status = FileStatus.Of(path);
        if (status.Kind == FileKind.Missing)
        {
            diagnostics.Add(Diagnostic.Error(new SourceSpan(path, 0, 0), "no such file or directory; check the path"));
            return [];
        }
        // A file of any kind named explicitly is the caller's to read: reading it says what is wrong with it.
        if (status.Kind != FileKind.Directory) return [path];
        var errorsBefore = diagnostics.Count;
        var files = Walk(path, status.Identity, extensions, diagnostics);
        if (files.Count == 0 && diagnostics.Count == errorsBefore)
        {
            diagnostics.Add(Diagnostic.Warning(new SourceSpan(path, 0, 0),
                $"no manifests found: this folder holds no {Names(ManifestExtensions)} files"));
        }
        return files;
    }

    /// <summary>
    /// The files under a folder with one of the extensions, sorted. Real subfolders are walked first; a link to a
    /// folder is followed afterwards, and only when that folder was not walked already: a link back up the tree (a
    /// loop) or to a sibling adds nothing, and a file is never found twice under two names.
    /// </summary>
    private static List<string> Walk(string root, string rootIdentity, IReadOnlyCollection<string> extensions, List<Diagnostic> diagnostics)
    {
        var files = new List<string>();
        var walked = new HashSet<string>(StringComparer.Ordinal) { rootIdentity };
        var folders = new Queue<string>([root]);
        var links = new Queue<string>();
        var options = new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = false, AttributesToSkip = 0 };
        while (folders.Count > 0 || links.Count > 0)
        {
            if (folders.Count == 0)
            {
                var link = links.Dequeue();
                if (walked.Add(FileStatus.Of(link).Identity)) folders.Enqueue(link);
                continue;
            }
            var folder = folders.Dequeue();
            List<FileSystemInfo> entries;
            try
            {
                entries = [.. new DirectoryInfo(folder).EnumerateFileSystemInfos("*", options)];
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                diagnostics.Add(Diagnostic.Error(new SourceSpan(folder, 0, 0), $"cannot list this folder: {e.Message}"));
                continue;
            }
            foreach (var entry in entries.OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                if (entry.Name.StartsWith('.')) continue;
                var path = Path.Combine(folder, entry.Name);
                var isLink = entry.Attributes.HasFlag(FileAttributes.ReparsePoint);
                var status = FileStatus.Of(path);
                if (status.Kind == FileKind.Directory)
                {
                    if (isLink) links.Enqueue(path);
                    else if (walked.Add(status.Identity)) folders.Enqueue(path);
                }
                else if (extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase))
                {
                    // FIFOs, devices and links to nothing too: reading them says what they are.
                    files.Add(path);
                }
            }
        }
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    private static string Names(IReadOnlyCollection<string> extensions) =>
        extensions.Count == 1 ? extensions.First() : $"{string.Join(", ", extensions.SkipLast(1))} or {extensions.Last()}";

    /// <summary>The text of a file, or of stdin for '-'; null, with the problem in <paramref name="diagnostics"/>, when it cannot be read.</summary>
    public static string? Read(string file, TextReader stdin, List<Diagnostic> diagnostics) =>
        file == "-" ? ReadStdin(stdin, diagnostics) : ReadText(file, diagnostics);

    /// <summary>
    /// All of stdin, up to <see cref="MaxFileBytes"/> characters; null, with the problem in
    /// <paramref name="diagnostics"/>, when there is more (say, '- &lt; /dev/zero').
    /// </summary>
    public static string? ReadStdin(TextReader stdin, List<Diagnostic> diagnostics, long? limit = null)
    {
        limit ??= MaxFileBytes;
        var text = new StringBuilder();
        var chunk = new char[64 * 1024];
        int read;
        while ((read = stdin.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (text.Length + (long)read > limit)
            {
                diagnostics.Add(Diagnostic.Error(new SourceSpan("<stdin>", 0, 0), $"cannot read stdin: {TooLarge("it is", limit.Value)}"));
                return null;
            }
            text.Append(chunk, 0, read);
        }
        return text.ToString();
    }

    /// <summary>
    /// The text of a regular file; null, with the problem in <paramref name="diagnostics"/> (at file:line:col for
    /// text that is not UTF-8), when it cannot be read. <paramref name="what"/> names the file in messages
    /// ("the intent file").
    /// </summary>
    public static string? ReadText(string file, List<Diagnostic> diagnostics, string what = "this file") =>
        Read(file, diagnostics, what, pooled: false) is { } read ? new string(read.Text, 0, read.Length) : null;

    /// <summary>
    /// <see cref="ReadText"/> into a buffer from the shared pool, to be returned there: a manifest file of more than
    /// about 40 KB would otherwise be a string on the large object heap, and those strings set off full collections of
    /// everything read so far.
    /// </summary>
    public static (char[] Text, int Length)? ReadPooled(string file, List<Diagnostic> diagnostics, string what = "this file") =>
        Read(file, diagnostics, what, pooled: true);

    /// <summary>
    /// The guarded open of an input read as a stream of lines (flow logs, far larger than any manifest and possibly
    /// gzip): a regular file only, so a FIFO or a device is refused as <see cref="ReadText"/> refuses it. No size limit:
    /// such a reader holds one line at a time, so memory does not grow with the file. Null, with the problem in
    /// <paramref name="diagnostics"/>, when it cannot be opened.
    /// </summary>
    public static Stream? OpenStream(string file, List<Diagnostic> diagnostics, string what = "this file")
    {
        if (!IsReadable(file, diagnostics, what, out _)) return null;
        try
        {
            return new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 64 * 1024, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(Diagnostic.Error(new SourceSpan(file, 0, 0), $"cannot read {what}: {e.Message}"));
            return null;
        }
    }

    private static bool IsReadable(string file, List<Diagnostic> diagnostics, string what, out FileStatus status)
    {
        var at = new SourceSpan(file, 0, 0);
        status = FileStatus.Of(file);
        if (status.Kind == FileKind.Missing)
        {
            diagnostics.Add(Diagnostic.Error(at, $"cannot read {what}: there is no such file (or it is a link to nothing); check the path"));
            return false;
        }
        if (status.Kind != FileKind.Regular)
        {
            var hint = status.Kind == FileKind.Directory ? "name the files in it, or the folder where a folder is read" : "to read a stream, pipe it to '-' (stdin)";
            diagnostics.Add(Diagnostic.Error(at,
                $"cannot read {what}: it is {FileStatus.Describe(status.Kind)}, not a regular file; netpact reads regular files only ({hint})"));
            return false;
        }
        return true;
    }

    private static (char[] Text, int Length)? Read(string file, List<Diagnostic> diagnostics, string what, bool pooled)
    {
        var at = new SourceSpan(file, 0, 0);
        if (!IsReadable(file, diagnostics, what, out var status)) return null;
        var limit = MaxFileBytes;
        if (status.Size > limit)
        {
            diagnostics.Add(Diagnostic.Error(at, $"cannot read {what}: {TooLarge($"it is {status.Size} bytes,", limit)}"));
            return null;
        }
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
            return Decode(file, stream, status.Size, limit, pooled, diagnostics, what);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(Diagnostic.Error(at, $"cannot read {what}: {e.Message}"));
            return null;
        }
    }

    /// <summary>
    /// Decodes the stream as UTF-8 (a byte order mark dropped) in small chunks straight into the text buffer (pooled or
    /// not): no buffer of the whole file's bytes. A UTF-16 or UTF-32 byte order mark switches to that encoding.
    /// </summary>
    private static (char[] Text, int Length)? Decode(string file, Stream stream, long expected, long limit, bool pooled, List<Diagnostic> diagnostics, string what)
    {
        var chunk = new byte[16 * 1024];
        var text = Rent((int)Math.Clamp(expected + 1, 16, Array.MaxLength), pooled);
        var length = 0;
        var carried = 0;
        long total = 0;
        var first = true;
        try
        {
            while (true)
            {
                var read = stream.Read(chunk, carried, chunk.Length - carried);
                total += read;
                if (total > limit)
                {
                    diagnostics.Add(Diagnostic.Error(new SourceSpan(file, 0, 0), $"cannot read {what}: {TooLarge("it grew while read and is", limit)}"));
                    return Give(text, pooled);
                }
                var available = carried + read;
                var start = 0;
                if (first && (available >= 4 || read == 0))
                {
                    first = false;
                    if (MarkedEncoding(chunk.AsSpan(0, available)) is { } marked)
                    {
                        Give(text, pooled);
                        return DecodeMarked(file, stream, chunk.AsSpan(0, available), marked, limit, pooled, diagnostics, what);
                    }
                    if (chunk.AsSpan(0, available) is [0xEF, 0xBB, 0xBF, ..]) start = 3;
                }
                else if (first)
                {
                    // Too few bytes yet to tell a byte order mark: read on.
                    carried = available;
                    continue;
                }
                if (text.Length - length < available) text = Grow(text, length, Math.Max((long)text.Length * 2, length + (long)available), pooled);
                var status = Utf8.ToUtf16(chunk.AsSpan(start, available - start), text.AsSpan(length), out var consumed, out var written,
                    replaceInvalidSequences: false, isFinalBlock: read == 0);
                length += written;
                if (status == OperationStatus.InvalidData)
                {
                    var line = 1 + text.AsSpan(0, length).Count('\n');
                    var column = length - text.AsSpan(0, length).LastIndexOf('\n');
                    diagnostics.Add(Diagnostic.Error(new SourceSpan(file, line, column),
                        $"this file is not valid UTF-8 here (byte 0x{chunk[start + consumed]:X2}); netpact reads UTF-8 text: save the file as UTF-8"));
                    return Give(text, pooled);
                }
                if (read == 0) return (text, length);
                carried = available - start - consumed;
                chunk.AsSpan(start + consumed, carried).CopyTo(chunk);
            }
        }
        catch
        {
            Give(text, pooled);
            throw;
        }
    }

    private static Encoding? MarkedEncoding(ReadOnlySpan<byte> start) => start switch
    {
        [0xFF, 0xFE, 0, 0, ..] => new UTF32Encoding(bigEndian: false, byteOrderMark: false, throwOnInvalidCharacters: true),
        [0, 0, 0xFE, 0xFF, ..] => new UTF32Encoding(bigEndian: true, byteOrderMark: false, throwOnInvalidCharacters: true),
        [0xFF, 0xFE, ..] => new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true),
        [0xFE, 0xFF, ..] => new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true),
        _ => null,
    };

    /// <summary>UTF-16 or UTF-32 with its byte order mark (rare): the whole file at once, within the limit.</summary>
    private static (char[] Text, int Length)? DecodeMarked(string file, Stream stream, ReadOnlySpan<byte> head, Encoding encoding, long limit,
        bool pooled, List<Diagnostic> diagnostics, string what)
    {
        using var all = new MemoryStream();
        all.Write(head);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            all.Write(chunk, 0, read);
            if (all.Length > limit)
            {
                diagnostics.Add(Diagnostic.Error(new SourceSpan(file, 0, 0), $"cannot read {what}: {TooLarge("it grew while read and is", limit)}"));
                return null;
            }
        }
        var body = all.GetBuffer().AsSpan((encoding is UTF32Encoding ? 4 : 2)..(int)all.Length);
        try
        {
            var text = Rent(Math.Max(16, encoding.GetMaxCharCount(body.Length)), pooled);
            return (text, encoding.GetChars(body, text));
        }
        catch (DecoderFallbackException)
        {
            diagnostics.Add(Diagnostic.Error(new SourceSpan(file, 1, 1),
                $"this file starts with the byte order mark of {encoding.WebName} but is not valid {encoding.WebName}; save it as UTF-8"));
            return null;
        }
    }

    private static char[] Rent(int length, bool pooled) => pooled ? ArrayPool<char>.Shared.Rent(length) : new char[length];

    private static char[] Grow(char[] text, int used, long wanted, bool pooled)
    {
        var larger = Rent((int)Math.Min(wanted, Array.MaxLength), pooled);
        text.AsSpan(0, used).CopyTo(larger);
        Give(text, pooled);
        return larger;
    }

    private static (char[] Text, int Length)? Give(char[] text, bool pooled)
    {
        if (pooled) ArrayPool<char>.Shared.Return(text);
        return null;
    }

    private static string TooLarge(string subject, long limit) =>
        $"{subject} over the limit of {limit} bytes for one input file; no real input is this large (set {MaxFileSizeVariable}, such as 4G, to read larger files)";
}
