using System.CommandLine;
using System.Collections.Immutable;
using System.Globalization;
using Netpact.Compilers;
using Netpact.Kubernetes;
using Netpact.Model;
using Netpact.Reports;
using Netpact.Response;
using Netpact.Sources;

namespace Netpact.Cli;

/// <summary>
/// quarantine: isolates a workload or namespace but for forensic sources, writes what does it per layer and prints
/// the proof; --undo names the files to delete and proves the pre-incident connectivity is back.
/// </summary>
internal static class QuarantineCommand
{
    public static Command Create(CliIO io)
    {
        var target = new Argument<string?>("TARGET")
        {
            Description = "The workload to isolate (NAMESPACE/NAME) or a namespace (NAMESPACE); with --intent also a zone",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Manifests and layer files (folders searched recursively); or --intent",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var intent = new Option<string?>("--intent") { Description = "Read the inputs from this intent, compiled to every layer in memory, instead of PATH" };
        var allow = new Option<string[]>("--allow")
        {
            Description = "A forensic source that may still reach the target and be reached by it: NAMESPACE/NAME, NAMESPACE or a CIDR; repeatable",
            AllowMultipleArgumentsPerToken = false,
        };
        var dns = new Option<bool>("--dns") { Description = "Let the target still ask the cluster DNS resolver (53/UDP and 53/TCP)" };
        var reason = new Option<string>("--reason")
        {
            Description = "Why: written into every file (annotation netpact.io/quarantine-reason)",
            DefaultValueFactory = _ => "incident response (no --reason given)",
        };
        var time = new Option<string?>("--time") { Description = "When the quarantine was decided, ISO 8601 (default: now); written into every file" };
        var output = new Option<string?>("--output", "-o") { Description = "Folder to write the quarantine files into" };
        var force = new Option<bool>("--force") { Description = "Overwrite files in the output folder that netpact did not write" };
        var undo = new Option<string?>("--undo") { Description = "End the quarantine written to this folder: list its files to delete and prove the pre-incident connectivity is back" };
        var command = new Command("quarantine", "Isolate a workload or namespace during an incident (admin-tier Deny, NetworkPolicy, Istio DENY, nftables drop, Compose disconnect) and prove nothing but the forensic sources reaches it")
        {
            target, paths, intent, allow, dns, reason, time, output, force, undo,
        };
        command.SetAction(parse =>
        {
            var undoFolder = parse.GetValue(undo);
            var positional = new List<string>();
            if (parse.GetValue(target) is { } t) positional.Add(t);
            positional.AddRange(parse.GetValue(paths) ?? []);
            var intentPath = parse.GetValue(intent);
            if (undoFolder is not null)
            {
                if (parse.GetValue(output) is not null || (parse.GetValue(allow) ?? []).Length > 0)
                    return ManifestInput.UsageError("--undo takes the quarantine folder and the inputs (--intent or PATH...), no -o or --allow", io);
                var undoInput = ReadInputs(intentPath, positional, io);
                return undoInput is null ? ExitCodes.BadInput : Undo(undoFolder, undoInput, io);
            }
            if (positional.Count == 0) return ManifestInput.UsageError("name the target to quarantine: NAMESPACE/NAME or NAMESPACE", io);
            var folder = parse.GetValue(output);
            if (folder is null) return ManifestInput.UsageError("name the folder to write the quarantine into with -o DIR", io);
            var targetText = positional[0];
            var input = ReadInputs(intentPath, positional.Skip(1).ToList(), io);
            if (input is null) return ExitCodes.BadInput;
            var request = Request(targetText, input, parse.GetValue(allow) ?? [], parse.GetValue(dns), parse.GetValue(reason)!, parse.GetValue(time), io);
            if (request is null) return ExitCodes.BadInput;
            var result = Quarantine.Isolate(input, request);
            foreach (var e in result.Errors) io.Stderr.WriteLine($"netpact: error: {e}");
            if (!result.Errors.IsEmpty) return ExitCodes.BadInput;
            foreach (var w in result.Warnings) io.Stderr.WriteLine($"netpact: warning: {w}");
            var inputFiles = input.KubernetesFiles.Concat(input.OtherLayers.Values.SelectMany(v => v)).Select(f => Path.GetFullPath(f.Path)).ToHashSet(StringComparer.Ordinal);
            if (intentPath is null && result.Files.FirstOrDefault(f => inputFiles.Contains(Path.GetFullPath(Path.Combine(folder, f.Path)))) is { } clash)
            {
                io.Stderr.WriteLine($"netpact: error: {Path.Combine(folder, clash.Path)} is an input of this run; write the quarantine to another folder");
                return ExitCodes.BadInput;
            }
            if (!parse.GetValue(force) && ForeignFolder(folder) is { } foreign) return ManifestInput.UsageError(foreign, io);
            return CliErrors.Guard(io, () =>
            {
                var problems = OutputFolder.Write(folder, result.Files, parse.GetValue(force));
                foreach (var p in problems) io.Stderr.WriteLine(p);
                if (problems.Count > 0) return ExitCodes.BadInput;
                io.Stderr.WriteLine($"netpact: wrote {result.Files.Length} files to {folder}");
                io.Stdout.Write(QuarantineReport.Write(request, result));
                return result.Holds ? ExitCodes.Success : ExitCodes.Findings;
            });
        });
        return command;
    }

    /// <summary>
    /// Why a folder is not one to write an incident's files into: it holds files and netpact wrote none of them (files
    /// applied with kubectl apply -f DIR would include them). Null for a missing, empty or netpact-written folder.
    /// </summary>
    internal static string? ForeignFolder(string folder)
    {
        if (!Directory.Exists(folder) || !Directory.EnumerateFileSystemEntries(folder).Any()) return null;
        if (File.Exists(Path.Combine(folder, OutputFolder.LedgerName))) return null;
        return $"{folder} holds files netpact did not write: write the incident's files to an empty folder, or pass --force";
    }

    private static QuarantineRequest? Request(string targetText, QuarantineInput input, string[] allow, bool dns, string reason, string? time, CliIO io)
    {
        var errors = new List<string>();
        var target = QuarantineTarget.Parse(targetText, out var error);
        if (target is not null && target.Workload is null && input.Intent?.Zone(target.Namespace) is { } zone)
        {
            // A zone of the intent is isolated as the namespace it lives in.
            target = new QuarantineTarget(zone.Namespace, null);
        }
        if (error is not null) errors.Add(error);
        var sources = ImmutableArray.CreateBuilder<ForensicSource>();
        foreach (var a in allow)
        {
            var source = ForensicSource.Parse(a, out error);
            if (source is null) errors.Add($"--allow {a}: {error}");
            else sources.Add(source);
        }
        var created = TimeProvider.System.GetUtcNow();
        if (time is not null && !DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out created))
            errors.Add($"--time '{time}' is no date and time: write it as ISO 8601, e.g. 2026-12-07T23:12:00Z");
        if (reason.Trim().Length == 0) errors.Add("--reason is empty: say why the target is quarantined");
        foreach (var e in errors) io.Stderr.WriteLine($"netpact: error: {e}");
        if (errors.Count > 0 || target is null) return null;
        return new QuarantineRequest { Target = target, Allow = sources.ToImmutable(), Dns = dns, Reason = reason.Trim(), Created = created };
    }

    /// <summary>The inputs from an intent (compiled in memory) or from paths; null (diagnostics printed) when they cannot be read.</summary>
    internal static QuarantineInput? ReadInputs(string? intentPath, List<string> paths, CliIO io)
    {
        if (intentPath is not null)
        {
            if (paths.Count > 0)
            {
                ManifestInput.UsageError($"give the inputs either as --intent or as PATH, not both ('{paths[0]}')", io);
                return null;
            }
            var read = IntentInput.Read(intentPath, io);
            return read is null ? null : QuarantineInput.FromIntent(read);
        }
        if (paths.Count == 0)
        {
            ManifestInput.UsageError("name the inputs: --intent INTENT, or the manifests and layer files as PATH...", io);
            return null;
        }
        var unknown = paths.Where(p => p.StartsWith('-') && p != "-").ToList();
        if (unknown.Count > 0)
        {
            ManifestInput.UsageError($"unknown option '{unknown[0]}' (a file whose name starts with '-' can be given as ./{unknown[0]})", io);
            return null;
        }
        var problems = new List<Diagnostic>();
        var stdin = paths.Contains("-") ? io.Stdin.ReadToEnd() : null;
        var inputs = InputSet.Read(paths, problems, stdin);
        var result = ManifestReader.Read(inputs, []);
        var diagnostics = problems.Concat(result.Diagnostics).ToList();
        DiagnosticLines.Write(diagnostics, io.Stderr);
        if (diagnostics.Any(d => d.Severity == Severity.Error)) return null;
        var others = inputs.Layers.Where(l => l is not (Layer.Kubernetes or Layer.Prometheus))
            .ToImmutableDictionary(l => l, l => inputs.Of(l).ToImmutableArray());
        return new QuarantineInput(result.Cluster, [.. inputs.Of(Layer.Kubernetes)]) { OtherLayers = others };
    }

    private static int Undo(string folder, QuarantineInput input, CliIO io)
    {
        var ledgerPath = Path.Combine(folder, OutputFolder.LedgerName);
        if (!File.Exists(ledgerPath))
        {
            io.Stderr.WriteLine($"netpact: error: {folder} holds no {OutputFolder.LedgerName}: name the folder 'netpact quarantine -o' wrote");
            return ExitCodes.BadInput;
        }
        return CliErrors.Guard(io, () =>
        {
            // The ledger and the files it lists go through the guarded reader like any input.
            var problems = new List<Diagnostic>();
            var ledger = InputFiles.ReadText(ledgerPath, problems) ?? "";
            var written = ledger.Split('\n').Select(l => l.Split(' ', 2)).Where(p => p.Length == 2).Select(p => p[1].TrimEnd('\r'))
                .Where(p => File.Exists(Path.Combine(folder, p)))
                .Select(p => new TextFile(p, InputFiles.ReadText(Path.Combine(folder, p), problems) ?? ""))
                .ToList();
            foreach (var d in problems) io.Stderr.WriteLine(d);
            if (problems.Any(d => d.Severity == Severity.Error)) return ExitCodes.BadInput;
            var result = QuarantineUndo.Prove(input, written);
            foreach (var e in result.Errors) io.Stderr.WriteLine($"netpact: error: {e}");
            if (!result.Errors.IsEmpty) return ExitCodes.BadInput;
            io.Stdout.Write(QuarantineReport.WriteUndo(result with { FilesToDelete = [.. result.FilesToDelete, OutputFolder.LedgerName] }));
            return result.Restores ? ExitCodes.Success : ExitCodes.Findings;
        });
    }
}
