using System.CommandLine;
using Netpact.Flows;
using Netpact.Intents;
using Netpact.Model;

namespace Netpact.Cli;

internal static class LearnCommand
{
    public static Command Create(CliIO io, TimeProvider? clock = null)
    {
        clock ??= TimeProvider.System;
        var inputs = new Argument<string[]>("LOG")
        {
            Description = "Flow logs (as netpact flows reads them), then optionally manifests whose pod addresses name the workloads, told apart by content",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string?>("--output", "-o") { Description = "Write the intent to this file instead of stdout" };
        var name = new Option<string>("--name") { Description = "The intent's name (metadata.name)", DefaultValueFactory = _ => "learned" };
        var since = new Option<string?>("--since") { Description = "Only records from this time: RFC 3339, Unix seconds, or a duration before now (30d, 24h)" };
        var until = new Option<string?>("--until") { Description = "Only records before this time (same forms as --since)" };
        var force = ManifestInput.ForceOption();
        var command = new Command("learn", "Propose a least-privilege intent from the accepted flows of flow logs (valid for validate; review it before use)")
        {
            inputs, output, name, since, until, force,
        };
        command.SetAction(parse =>
        {
            var named = parse.GetValue(inputs) ?? [];
            if (named.FirstOrDefault(p => p.StartsWith('-') && p != "-") is { } unknown)
                return ManifestInput.UsageError($"unknown option '{unknown}' (a file whose name starts with '-' can be given as ./{unknown})", io);
            var (logs, paths) = FlowCheck.Split(named);
            if (logs.Count == 0) return ManifestInput.UsageError(FlowsCommand.NoLog(paths), io);
            DateTimeOffset? Time(Option<string?> option)
            {
                if (parse.GetValue(option) is not { } text) return null;
                var t = FlowWindow.Parse(text, clock, out var error);
                if (t is null) io.Stderr.WriteLine($"netpact: error: {option.Name} {error}");
                return t;
            }
            var window = new FlowWindow(Time(since), Time(until));
            if ((parse.GetValue(since) is not null && window.Since is null) || (parse.GetValue(until) is not null && window.Until is null)) return ExitCodes.BadInput;
            if (!ManifestInput.OutputAllowed(parse.GetValue(output), named, parse.GetValue(force), io)) return ExitCodes.BadInput;

            var diagnostics = new List<Diagnostic>();
            var options = new LearnOptions { Name = parse.GetValue(name) ?? "learned", Source = string.Join(", ", logs) };
            var yaml = FlowCheck.Learn(logs, paths, window, options, io.Stdin, diagnostics);
            DiagnosticLines.Write(diagnostics, io.Stderr);
            if (yaml is null || diagnostics.Any(d => d.Severity == Severity.Error)) return ExitCodes.BadInput;
            // What learn writes must be an intent validate accepts: read it back, so a bug shows here, not at the user's next step.
            var check = IntentReader.ReadText(yaml, parse.GetValue(output) ?? "<learned>");
            if (check.HasErrors)
            {
                foreach (var d in check.Diagnostics) io.Stderr.WriteLine(d);
                io.Stderr.WriteLine("netpact: internal error: the learned intent does not validate (this is a bug in netpact; please report it with the logs)");
                return ExitCodes.InternalError;
            }
            return CliErrors.Guard(io, () =>
            {
                ManifestInput.Write(yaml, parse.GetValue(output), io);
                return ExitCodes.Success;
            });
        });
        return command;
    }
}
