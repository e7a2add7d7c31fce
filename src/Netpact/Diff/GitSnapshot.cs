using System.Diagnostics;
using System.Text;
using Netpact.Model;

namespace Netpact.Diff;

/// <summary>
/// The files of a path at a git revision (<c>git:REV:PATH</c>, PATH relative to the working directory), copied to
/// a temporary folder so that the manifest reader can read them; names in diagnostics map back to
/// <c>git:REV:PATH-IN-REPO</c>. Disposing deletes the folder.
/// </summary>
public sealed class GitSnapshot : IDisposable
{
    public const string Prefix = "git:";

    private static readonly string[] ManifestExtensions = [".yaml", ".yml", ".json"];
    private static readonly TimeSpan GitTimeout = TimeSpan.FromMinutes(2);

    private GitSnapshot(string folder, string revision)
    {
        Folder = folder;
        Revision = revision;
    }

    /// <summary>The temporary folder holding the files under their paths in the repository.</summary>
    public string Folder { get; }

    public string Revision { get; }

    public static bool IsSpec(string text) => text.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Replaces the temporary folder in a text (a diagnostic line) with git:REV:.</summary>
    public string Rename(string text) =>
        text.Replace(Folder + Path.DirectorySeparatorChar, $"{Prefix}{Revision}:", StringComparison.Ordinal);

    /// <summary>Copies the manifests of git:REV:PATH out of the repository around the working directory; null, with a diagnostic, when that fails.</summary>
    public static GitSnapshot? Create(string spec, string workingDirectory, List<Diagnostic> diagnostics)
    {
        var at = new SourceSpan(spec, 0, 0);
        var rest = spec[Prefix.Length..];
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        var revision = colon < 0 ? rest : rest[..colon];
        var path = colon < 0 || colon == rest.Length - 1 ? "." : rest[(colon + 1)..];
        if (revision.Length == 0 || revision.StartsWith('-'))
        {
            diagnostics.Add(Diagnostic.Error(at, "expected git:REV:PATH, e.g. git:HEAD~1:deploy/k8s or git:main:. (REV is a commit, branch or tag)"));
            return null;
        }
        if (Git(workingDirectory, ["rev-parse", "--verify", "--quiet", $"{revision}^{{commit}}"]) is not { ExitCode: 0 })
        {
            var inRepo = Git(workingDirectory, ["rev-parse", "--git-dir"]) is { ExitCode: 0 };
            diagnostics.Add(Diagnostic.Error(at, inRepo
                ? $"'{revision}' is not a commit, branch or tag of this git repository"
                : $"{workingDirectory} is not inside a git repository (or git is not installed), so {spec} cannot be read"));
            return null;
        }
        var type = Git(workingDirectory, ["cat-file", "-t", $"{revision}:./{path}"]);
        if (type is not { ExitCode: 0 })
        {
            diagnostics.Add(Diagnostic.Error(at, $"'{path}' does not exist at {revision} (paths are relative to the current directory)"));
            return null;
        }
        var isFile = Encoding.UTF8.GetString(type.Output).Trim() == "blob";
        var list = Git(workingDirectory, ["ls-tree", "-r", "-z", "--full-name", "--name-only", revision, "--", path]);
        var files = Encoding.UTF8.GetString(list?.Output ?? []).Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Where(f => isFile || ManifestExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .ToList();
        var folder = Path.Combine(Path.GetTempPath(), $"netpact-git-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var snapshot = new GitSnapshot(folder, revision);
        foreach (var file in files)
        {
            var blob = Git(workingDirectory, ["cat-file", "blob", $"{revision}:{file}"]);
            if (blob is not { ExitCode: 0 })
            {
                diagnostics.Add(Diagnostic.Error(new SourceSpan($"{Prefix}{revision}:{file}", 0, 0), "cannot read this file from git"));
                snapshot.Dispose();
                return null;
            }
            var target = Path.Combine(folder, file.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllBytes(target, blob.Output);
        }
        if (files.Count == 0)
        {
            diagnostics.Add(Diagnostic.Warning(at, "no manifests found: this path holds no .yaml, .yml or .json files at that revision"));
        }
        return snapshot;
    }

    private sealed record GitResult(int ExitCode, byte[] Output);

    /// <summary>Runs git without a shell; null when git cannot be started or does not finish in time.</summary>
    private static GitResult? Git(string workingDirectory, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(start);
            if (process is null) return null;
            var error = process.StandardError.ReadToEndAsync();
            using var output = new MemoryStream();
            var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
            if (!process.WaitForExit(GitTimeout))
            {
                process.Kill(entireProcessTree: true);
                return null;
            }
            copy.Wait();
            error.Wait();
            return new GitResult(process.ExitCode, output.ToArray());
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A temporary folder left behind is harmless.
        }
    }
}
