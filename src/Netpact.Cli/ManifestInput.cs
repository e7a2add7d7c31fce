using System.CommandLine;
using Netpact.Kubernetes;
using Netpact.LiveCluster;
using Netpact.Model;
using Netpact.Sources;

namespace Netpact.Cli;

/// <summary>The manifest paths argument shared by verbs that read Kubernetes manifests.</summary>
internal static class ManifestInput
{
    public static Argument<string[]> PathsArgument() => new("PATH")
    {
        Description = "Manifest files or folders (searched recursively for .yaml, .yml, .json); '-' reads stdin; none with --cluster",
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary>The live-cluster options (--cluster, --context, --kubeconfig, --namespace), the same on every verb.</summary>
    public static ClusterInputOptions ClusterOptions() => new();

    /// <summary>--verbose and --strict.</summary>
    public static ReadingOptions ReadingOptions() => new();

    /// <summary>Reads the manifests; prints diagnostics; returns null when there were errors.</summary>
    public static Cluster? Read(string[] paths, ReadSwitches read, CliIO io, LiveClusterOptions? live = null) =>
        Read(paths, read, io, live, out _);

    /// <summary>As <see cref="Read(string[], ReadSwitches, CliIO, LiveClusterOptions?)"/>, also handing back the objects read from the cluster.</summary>
    public static Cluster? Read(string[] paths, ReadSwitches read, CliIO io, LiveClusterOptions? live, out IReadOnlyList<ManifestText> liveObjects) =>
        Read(paths, read, io, live, out liveObjects, objects => ManifestReader.Read(paths, io.Stdin, objects, read.Options));

    /// <summary>
    /// Reads the Kubernetes files of an input set read once (the problems met reading it in <paramref name="problems"/>)
    /// and the live cluster; prints diagnostics; returns null when there were errors.
    /// </summary>
    public static Cluster? Read(InputSet inputs, IReadOnlyList<Diagnostic> problems, string[] paths, ReadSwitches read, CliIO io, LiveClusterOptions? live) =>
        Read(inputs, problems, paths, read, io, live, out _);

    /// <summary>As above, handing back the Istio resources read from the live cluster, which the manifest reader leaves to the Istio reader.</summary>
    public static Cluster? Read(InputSet inputs, IReadOnlyList<Diagnostic> problems, string[] paths, ReadSwitches read, CliIO io, LiveClusterOptions? live,
        out IReadOnlyList<ManifestText> liveIstio)
    {
        var cluster = Read(paths, read, io, live, out var objects, fetched =>
        {
            var result = ManifestReader.Read(inputs, [.. fetched.Where(o => !LiveReadResult.IsIstio(o))], read.Options);
            return result with { Diagnostics = [.. problems, .. result.Diagnostics] };
        });
        liveIstio = [.. objects.Where(LiveReadResult.IsIstio)];
        return cluster;
    }

    private static Cluster? Read(string[] paths, ReadSwitches read, CliIO io, LiveClusterOptions? live, out IReadOnlyList<ManifestText> liveObjects,
        Func<IReadOnlyList<ManifestText>, ReadResult> readManifests)
    {
        liveObjects = [];
        if (paths.Length == 0 && live is null)
        {
            UsageError("name the manifests to read (PATH...), or read a live cluster with --cluster", io);
            return null;
        }
        var options = paths.Where(p => p.StartsWith('-') && p != "-").ToList();
        if (options.Count > 0)
        {
            // System.CommandLine hands unknown options to the PATH argument; say what they are.
            foreach (var o in options) io.Stderr.WriteLine($"netpact: error: unknown option '{o}' (a file whose name starts with '-' can be given as ./{o})");
            io.Stderr.WriteLine("Run 'netpact <verb> --help' for usage.");
            return null;
        }
        IReadOnlyList<ManifestText> objects = [];
        if (live is not null)
        {
            var fetched = LiveClusterReader.ReadAsync(live).GetAwaiter().GetResult();
            foreach (var d in fetched.Diagnostics) io.Stderr.WriteLine(d);
            if (fetched.HasErrors) return null;
            objects = fetched.Objects;
            liveObjects = objects;
        }
        var result = readManifests(objects);
        DiagnosticLines.Write(result.Diagnostics, io.Stderr, read.Verbose);
        if (result.HasErrors) return null;
        if (read.Verbose)
        {
            foreach (var s in result.Cluster.Skipped) io.Stderr.WriteLine($"{s.Span}: skipped {s}");
        }
        return result.Cluster;
    }

    /// <summary>Prints a usage error the way the parser does; returns exit code 2.</summary>
    public static int UsageError(string message, CliIO io)
    {
        io.Stderr.WriteLine($"netpact: error: {message}");
        io.Stderr.WriteLine("Run 'netpact <verb> --help' for usage.");
        return ExitCodes.BadInput;
    }

    /// <summary>All of stdin within the input size limit; null, the problem printed, beyond it.</summary>
    public static string? ReadStdin(CliIO io)
    {
        var problems = new List<Diagnostic>();
        var text = InputFiles.ReadStdin(io.Stdin, problems);
        foreach (var p in problems) io.Stderr.WriteLine(p);
        return text;
    }

    /// <summary>--force: the companion of -o on every verb that writes a file.</summary>
    public static Option<bool> ForceOption() => new("--force")
    {
        Description = "Let -o replace an existing file that netpact did not write (never an input of the run)",
    };

    /// <summary>
    /// Checks the -o file before anything is read or written (docs/reliability.md): never an input of the run, never
    /// an existing file netpact did not write unless forced. Prints the reason and returns false when it may not be written.
    /// </summary>
    public static bool OutputAllowed(string? output, IEnumerable<string?> inputs, bool force, CliIO io)
    {
        if (output is null || output == "-") return true;
        if (OutputFiles.Check(output, inputs.OfType<string>(), force) is not { } problem) return true;
        // A usage error: the -o file is no input with lines to point at.
        io.Stderr.WriteLine($"netpact: error: -o {output}: {problem.Message}");
        return false;
    }

    /// <summary>Writes output to the -o file (atomically, checked first with <see cref="OutputAllowed"/>) or stdout.</summary>
    public static void Write(string text, string? output, CliIO io)
    {
        if (output is null || output == "-")
        {
            io.Stdout.Write(text);
            io.Stdout.Flush();
        }
        else
        {
            OutputFiles.Write(output, text);
        }
    }
}
