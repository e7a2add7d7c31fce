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
    public static string? ReadText(string file, List<Diagnostic> diagnostics, string what = "this file")
    {
        if (ReadPooled(file, diagnostics, what) is not { } pooled) return null;
        var (text, length) = pooled;
        try
        {
            return new string(text, 0, length);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(text);
        }
    }

    /// <summary>
    /// <see cref="ReadText"/> into a buffer from the shared pool, to be returned there: a manifest file of more than
    /// about 40 KB would otherwise be a string on the large object heap, and those strings set off full collections of
    /// everything read so far.
    /// </summary>
    public static (char[] Text, int Length)? ReadPooled(string file, List<Diagnostic> diagnostics, string what = "this file")
    {
        var at = new SourceSpan(file, 0, 0);
        var status = FileStatus.Of(file);
        if (status.Kind == FileKind.Missing)
        {
            diagnostics.Add(Diagnostic.Error(at, $"cannot read {what}: there is no such file (or it is a link to nothing); check the path"));
            return null;
        }
        if (status.Kind != FileKind.Regular)
        {
            var hint = status.Kind == FileKind.Directory ? "name the files in it, or the folder where a folder is read" : "to read a stream, pipe it to '-' (stdin)";
            diagnostics.Add(Diagnostic.Error(at,
                $"cannot read {what}: it is {FileStatus.Describe(status.Kind)}, not a regular file; netpact reads regular files only ({hint})"));
            return null;
        }
        var limit = MaxFileBytes;
        if (status.Size > limit)
        {
            diagnostics.Add(Diagnostic.Error(at, $"cannot read {what}: {TooLarge($"it is {status.Size} bytes,", limit)}"));
            return null;
        }
        byte[]? bytes = null;
        try
        {
            int length;
            (bytes, length) = ReadBytes(file, status.Size, limit);
            if (length < 0)
            {
                diagnostics.Add(Diagnostic.Error(at, $"cannot read {what}: {TooLarge("it grew while read and is", limit)}"));
                return null;
            }
            return Decode(file, bytes.AsSpan(0, length), diagnostics);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(Diagnostic.Error(at, $"cannot read {what}: {e.Message}"));
            return null;
        }
        finally
        {
            if (bytes is not null) ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private static string TooLarge(string subject, long limit) =>
        $"{subject} over the limit of {limit} bytes for one input file; no real input is this large (set {MaxFileSizeVariable}, such as 4G, to read larger files)";

    /// <summary>The file's bytes in a pooled buffer; a length of -1 when there are more than the limit.</summary>
    private static (byte[] Bytes, int Length) ReadBytes(string file, long expected, long limit)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(expected + 1, 16, Array.MaxLength));
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length >= limit || length >= Array.MaxLength) return (buffer, -1);
                var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, Array.MaxLength));
                buffer.AsSpan(0, length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = larger;
            }
            var read = stream.Read(buffer, length, buffer.Length - length);
            if (read == 0) return (buffer, length > limit ? -1 : length);
            length += read;
        }
    }

    /// <summary>UTF-8 text (a byte order mark dropped), or UTF-16/32 with its byte order mark, into a pooled buffer.</summary>
    private static (char[] Text, int Length)? Decode(string file, ReadOnlySpan<byte> bytes, List<Diagnostic> diagnostics)
    {
        Encoding? marked = bytes switch
        {
            [0xFF, 0xFE, 0, 0, ..] => new UTF32Encoding(bigEndian: false, byteOrderMark: false, throwOnInvalidCharacters: true),
            [0, 0, 0xFE, 0xFF, ..] => new UTF32Encoding(bigEndian: true, byteOrderMark: false, throwOnInvalidCharacters: true),
            [0xFF, 0xFE, ..] => new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true),
            [0xFE, 0xFF, ..] => new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true),
            _ => null,
        };
        if (marked is not null)
        {
            var body = bytes[(marked is UTF32Encoding ? 4 : 2)..];
            try
            {
                var wide = ArrayPool<char>.Shared.Rent(Math.Max(16, marked.GetMaxCharCount(body.Length)));
                return (wide, marked.GetChars(body, wide));
            }
            catch (DecoderFallbackException)
            {
                diagnostics.Add(Diagnostic.Error(new SourceSpan(file, 1, 1),
                    $"this file starts with the byte order mark of {marked.WebName} but is not valid {marked.WebName}; save it as UTF-8"));
                return null;
            }
        }
        if (bytes is [0xEF, 0xBB, 0xBF, ..]) bytes = bytes[3..];
        var text = ArrayPool<char>.Shared.Rent(Math.Max(16, bytes.Length + 1));
        if (Utf8.ToUtf16(bytes, text, out var read, out var written, replaceInvalidSequences: false) == OperationStatus.Done) return (text, written);
        var line = 1 + text.AsSpan(0, written).Count('\n');
        var column = written - text.AsSpan(0, written).LastIndexOf('\n');
        ArrayPool<char>.Shared.Return(text);
        diagnostics.Add(Diagnostic.Error(new SourceSpan(file, line, column),
            $"this file is not valid UTF-8 here (byte 0x{bytes[read]:X2}); netpact reads UTF-8 text: save the file as UTF-8"));
        return null;
    }
}
