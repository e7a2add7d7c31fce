using System.CommandLine;
using System.Diagnostics;
using System.Text;
using Netpact.Analysis;
using Netpact.Diff;
using Netpact.Model;
using Netpact.Reports;
using Netpact.Sources;

namespace Netpact.Cli;

internal static class AnalyzeCommand
{
    public static Command Create(CliIO io)
    {
        var paths = ManifestInput.PathsArgument();
        var reading = ManifestInput.ReadingOptions();
        var live = ManifestInput.ClusterOptions();
        var format = new Option<ConnlistFormat>("--format", "-f")
        {
            Description = "Output format: txt, json, csv, md (those of netpol-analyzer's list), dot, or summary (counts of the whole cluster)",
            DefaultValueFactory = _ => ConnlistFormat.Txt,
        };
        var output = new Option<string?>("--output", "-o") { Description = "Write the output to this file instead of stdout" };
        var focus = new Option<string[]>("--focus-workload")
        {
            Description = "Only connections of this workload (NS/NAME or NAME); repeatable",
            AllowMultipleArgumentsPerToken = false,
        };
        var exposure = new Option<bool>("--exposure")
        {
            Description = "Also list what each workload could reach or be reached by beyond the workloads that exist: the entire cluster, namespaces or pods a policy selector would match (txt, csv, md, json, dot)",
        };
        var without = new Option<string[]>("--without")
        {
            Description = "What if these were gone: a file of the inputs, a layer (k8s, istio), KIND/NS/NAME or KIND/NAME of a policy; repeatable. Prints what changes, as diff does",
            AllowMultipleArgumentsPerToken = false,
        };
        var layers = new Option<bool>("--layers")
        {
            Description = "For every pair the NetworkPolicy layers let anything through: what they allow, what Istio lets through and what passes both (txt, csv, md; json also names each layer's rules)",
        };
        var force = ManifestInput.ForceOption();
        var command = new Command("analyze", "List which workloads can reach which, on which ports, from Kubernetes manifests (with Istio's resources: what both layers allow)")
        {
            paths, format, output, force, focus, exposure, without, layers,
        };
        reading.AddTo(command);
        live.AddTo(command);
        command.SetAction(parse =>
        {
            if (live.Misuse(parse) is { } misuse) return ManifestInput.UsageError(misuse, io);
            if (!ManifestInput.OutputAllowed(parse.GetValue(output), parse.GetValue(paths)!, parse.GetValue(force), io)) return ExitCodes.BadInput;
            // Read stdin once: it may hold security groups or Compose as well as manifests.
            string? stdin = null;
            if (parse.GetValue(paths)!.Contains("-") && (stdin = ManifestInput.ReadStdin(io)) is null) return ExitCodes.BadInput;
            using var progress = io.StderrIsTerminal ? new ProgressLine(io.Stderr) : null;
            progress?.Stage("reading manifests");
            var problems = new List<Diagnostic>();
            var inputs = InputSet.Read(parse.GetValue(paths)!, problems, stdin);
            if (parse.GetValue(layers) && (LayerInput.OwnDeployment(inputs) is not null || parse.GetValue(without) is { Length: > 0 }))
            {
                return ManifestInput.UsageError(parse.GetValue(without) is { Length: > 0 }
                    ? "--layers and --without do not go together: --without prints what changes, --layers what each layer allows"
                    : "--layers compares the layers of a cluster (NetworkPolicy and Istio); Compose and security-group files are one layer each: analyze them without --layers", io);
            }
            if (LayerInput.OwnDeployment(inputs) is { } own && (parse.GetValue(focus) is { Length: > 0 } || parse.GetValue(exposure)))
            {
                // Not ignored in silence: these options read Kubernetes workloads and selectors, which these files have not.
                return ManifestInput.UsageError($"{(parse.GetValue(exposure) ? "--exposure" : "--focus-workload")} applies to Kubernetes manifests; "
                    + $"{own.Name()} files are analyzed whole: leave it out, or use explain --src/--dst for one pair", io);
            }
            if (LayerInput.TryAnalyze(inputs, parse.GetValue(format), parse.GetValue(output), io) is { } layerExit) return layerExit;
            var cluster = LayerInput.ReadCluster(inputs, problems, parse.GetValue(paths)!, reading.From(parse), io, live.From(parse), out var mesh);
            if (cluster is null) return ExitCodes.BadInput;
            if (parse.GetValue(without) is { Length: > 0 } removals)
            {
                var problems2 = new List<Diagnostic>();
                var removal = WhatIf.Without(cluster, mesh, removals, problems2);
                foreach (var d in problems2) io.Stderr.WriteLine(d);
                if (problems2.Count > 0) return ExitCodes.BadInput;
                if (parse.GetValue(format) is not (ConnlistFormat.Txt or ConnlistFormat.Json or ConnlistFormat.Csv or ConnlistFormat.Md))
                    return ManifestInput.UsageError("--without prints what changes as txt, json, csv or md", io);
                progress?.Stage("comparing");
                var diff = SemanticDiff.Compare(cluster, removal.Cluster, mesh, removal.Mesh);
                progress?.Dispose();
                io.Stderr.WriteLine($"netpact: without {string.Join(", ", removal.Removed)}: {diff.Differences.Count()} connections change");
                return CliErrors.Guard(io, () =>
                {
                    var diffFormat = parse.GetValue(format) switch
                    {
                        ConnlistFormat.Json => DiffFormat.Json,
                        ConnlistFormat.Csv => DiffFormat.Csv,
                        ConnlistFormat.Md => DiffFormat.Md,
                        _ => DiffFormat.Txt,
                    };
                    ManifestInput.Write(DiffReport.Write(diff, diffFormat, "with", "without"), parse.GetValue(output), io);
                    return ExitCodes.Success;
                });
            }
            if (parse.GetValue(layers) && (parse.GetValue(exposure) || parse.GetValue(format) is not (ConnlistFormat.Txt or ConnlistFormat.Json or ConnlistFormat.Csv or ConnlistFormat.Md)))
                return ManifestInput.UsageError("--layers is written as txt, json, csv or md, and not with --exposure", io);
            if (parse.GetValue(exposure) && parse.GetValue(format) == ConnlistFormat.Summary)
                return ManifestInput.UsageError("--exposure is written as txt, csv, md, json or dot, not as a summary", io);
            var focusNames = parse.GetValue(focus) ?? [];
            if (focusNames.FirstOrDefault(n => !cluster.Workloads.Any(w => w.AnswersTo(n))) is { } unmatched)
            {
                // The nearest names first, so the one meant is at the front of a long list.
                var names = cluster.Workloads.Select(w => $"{w.Namespace}/{w.BaseName}").Distinct(StringComparer.Ordinal)
                    .OrderBy(n => Math.Min(ParseErrors.Distance(unmatched, n), ParseErrors.Distance(unmatched, n[(n.IndexOf('/') + 1)..])))
                    .ThenBy(n => n, StringComparer.Ordinal).ToList();
                return ManifestInput.UsageError($"--focus-workload: '{unmatched}' matches no workload of these inputs; they hold: "
                    + (names.Count == 0 ? "no workload" : string.Join(", ", names.Take(20)) + (names.Count > 20 ? $" and {names.Count - 20} more" : "")), io);
            }
            var connectivity = ConnectivityEngine.Analyze(cluster, progress is null ? null : (Action<string>)progress.Stage, mesh)
                .Focus(focusNames);
            if (connectivity.Mesh is { Members: 0 })
            {
                io.Stderr.WriteLine("netpact: warning: the inputs hold Istio policies, but no workload runs a sidecar, so they decide nothing here: " +
                                    "label the namespaces istio-injection=enabled (or istio.io/rev) as the cluster does, or pods sidecar.istio.io/inject=true");
            }
            progress?.Stage("writing");
            var exit = CliErrors.Guard(io, () =>
            {
                if (parse.GetValue(layers))
                {
                    ManifestInput.Write(LayersReport.Write(connectivity, parse.GetValue(format)), parse.GetValue(output), io);
                }
                else if (parse.GetValue(exposure))
                {
                    foreach (var note in Exposure.UnknownPodAddresses(cluster)) io.Stderr.WriteLine(note);
                    var exposed = Exposure.Analyze(connectivity, parse.GetValue(focus) ?? []);
                    WriteOutput(writer => ExposureReport.Write(connectivity, exposed, parse.GetValue(format), writer), parse.GetValue(output), io);
                }
                else
                {
                    WriteOutput(writer => ConnlistReport.Write(connectivity, parse.GetValue(format), writer), parse.GetValue(output), io);
                }
                return ExitCodes.Success;
            });
            progress?.Dispose();
            if (io.StderrIsTerminal)
            {
                // For a person at a terminal, as the summary below: an empty list is the answer, not a failure.
                if (exit == ExitCodes.Success && !parse.GetValue(exposure) && !parse.GetValue(layers) && connectivity.Summary is { Workloads: > 1, AllowedPairs: 0 })
                    io.Stderr.WriteLine("netpact: no connection is allowed between these workloads: every pair is denied");
                var s = connectivity.Summary;
                io.Stderr.WriteLine($"netpact: {s.Workloads} workloads ({s.Identities} identities), {s.Policies} policies, " +
                                    $"{s.AllowedPairs} allowed workload pairs");
            }
            return exit;
        });
        return command;
    }

    /// <summary>Writes as the report goes (a list may run to millions of lines), to the -o file or stdout.</summary>
    private static void WriteOutput(Action<TextWriter> write, string? output, CliIO io)
    {
        if (output is not null && output != "-")
        {
            OutputFiles.Write(output, write);
            return;
        }
        if (ReferenceEquals(io.Stdout, Console.Out))
        {
            // Console.Out flushes on every write; a buffer of its own keeps long lists fast.
            using var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16);
            write(stdout);
            return;
        }
        write(io.Stdout);
        io.Stdout.Flush();
    }

    /// <summary>
    /// One line on the terminal telling what the analysis is doing, shown only once it has taken a second, and
    /// erased when done: long inputs show progress, short ones stay quiet.
    /// </summary>
    private sealed class ProgressLine : IDisposable
    {
        private readonly TextWriter _stderr;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly Timer _timer;
        private readonly Lock _lock = new();
        private string _stage = "";
        private bool _shown;
        private bool _done;

        public ProgressLine(TextWriter stderr)
        {
            _stderr = stderr;
            _timer = new Timer(_ => Show(), null, 1000, 250);
        }

        public void Stage(string stage)
        {
            lock (_lock) _stage = stage;
        }

        private void Show()
        {
            lock (_lock)
            {
                if (_done) return;
                _stderr.Write($"\r\u001b[Knetpact: {_stage}... {_clock.Elapsed.TotalSeconds:0.0}s");
                _stderr.Flush();
                _shown = true;
            }
        }

        public void Dispose()
        {
            _timer.Dispose();
            lock (_lock)
            {
                if (_done) return;
                _done = true;
                if (_shown)
                {
                    _stderr.Write("\r\u001b[K");
                    _stderr.Flush();
                }
            }
        }
    }
}
