using System.Buffers;
using System.Text;
using Netpact.Model;
using Netpact.Sources.Yaml;

namespace Netpact.Sources;

/// <summary>Turns the paths a user names (files, folders, '-' for stdin) into the files to read, and reads them.</summary>
public static class InputFiles
{
    /// <summary>What a folder of manifests contributes.</summary>
    public static readonly IReadOnlyList<string> ManifestExtensions = [".yaml", ".yml", ".json"];

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
        if (Directory.Exists(path))
        {
            try
            {
                var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false };
                var files = Directory.EnumerateFiles(path, "*", options)
                    .Where(f => extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal)
                    .ToList();
                if (files.Count == 0)
                {
                    diagnostics.Add(Diagnostic.Warning(new SourceSpan(path, 0, 0),
                        $"no manifests found: this folder holds no {Names(ManifestExtensions)} files"));
                }
                return files;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                diagnostics.Add(Diagnostic.Error(new SourceSpan(path, 0, 0), $"cannot list this folder: {e.Message}"));
                return [];
            }
        }
        if (File.Exists(path)) return [path];
        diagnostics.Add(Diagnostic.Error(new SourceSpan(path, 0, 0), "no such file or directory; check the path"));
        return [];
    }

    private static string Names(IReadOnlyCollection<string> extensions) =>
        extensions.Count == 1 ? extensions.First() : $"{string.Join(", ", extensions.SkipLast(1))} or {extensions.Last()}";

    public static string Read(string file, TextReader stdin) => file == "-" ? stdin.ReadToEnd() : File.ReadAllText(file);

    /// <summary>
    /// A file's text (decoded as <see cref="File.ReadAllText(string)"/> decodes it) in a buffer from the shared pool,
    /// to be returned there: a manifest file of more than about 40 KB would otherwise be a string on the large object
    /// heap, and those strings set off full collections of everything read so far.
    /// </summary>
    public static (char[] Text, int Length) ReadPooled(string file)
    {
        using var reader = new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        // Pipes (a file named as <(kubectl ...)) have no length: the buffer grows as they are read.
        var expected = reader.BaseStream.CanSeek ? reader.BaseStream.Length + 1 : 4096;
        var buffer = ArrayPool<char>.Shared.Rent((int)Math.Clamp(expected, 16, Array.MaxLength));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<char>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<char>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = reader.Read(buffer, length, buffer.Length - length);
                if (read == 0) return (buffer, length);
                length += read;
            }
        }
        catch
        {
            ArrayPool<char>.Shared.Return(buffer);
            throw;
        }
    }
}
