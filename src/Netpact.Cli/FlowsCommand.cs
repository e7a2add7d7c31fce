using System.CommandLine;
using Netpact.Flows;
using Netpact.Model;
using Netpact.Reports;

namespace Netpact.Cli;

internal static class FlowsCommand
{
    public static Command Create(CliIO io, TimeProvider? clock = null)
    {
        clock ??= TimeProvider.System;
        var inputs = new Argument<string[]>("LOG")
        {
            Description = "Flow logs (AWS VPC Flow Logs text or gzip, hubble observe -o json, nftables log lines, conntrack -E output; '-' reads stdin), " +
                          "then optionally the pact's files of any layer (manifests, Istio, Compose, security groups, nftables), told apart by content",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var intent = new Option<string?>("--intent", "-i") { Description = "The intent file the flows are checked against" };
        var since = new Option<string?>("--since") { Description = "Only records from this time: RFC 3339, Unix seconds, or a duration before now (30d, 24h)" };
        var until = new Option<string?>("--until") { Description = "Only records before this time (same forms as --since)" };
        var format = new Option<FlowsFormat>("--format", "-f") { Description = "Output format: txt, json, md or sarif", DefaultValueFactory = _ => FlowsFormat.Txt };
        var output = new Option<string?>("--output", "-o") { Description = "Write the output to this file instead of stdout" };
        var scan = new Option<int>("--scan-threshold")
        {
            Description = "A source stopped on at least this many distinct ports or destinations is reported as a port scan",
            DefaultValueFactory = _ => new FlowsOptions().ScanThreshold,
        };
        var emitSql = new Option<string?>("--emit-sql")
        {
            Description = "Write the classification as SQL over a table flow_logs (DuckDB, Athena/Trino) to this file ('-': stdout); no log is needed then",
        };
        var baseline = new Option<string[]>("--baseline")
        {
            Description = "Logs of a baseline window: accepted flows whose pair, port or outside source it never showed are reported as new (exit 1)",
            AllowMultipleArgumentsPerToken = true,
        };
        var force = ManifestInput.ForceOption();
        var command = new Command("flows", "Check flow logs against the pact: traffic allowed but not intended, intended but rejected, blocked attempts, scans, unused flows")
        {
            inputs, intent, since, until, format, output, force, scan, emitSql, baseline,
        };
        command.SetAction(parse =>
        {
            var named = parse.GetValue(inputs) ?? [];
            if (named.FirstOrDefault(p => p.StartsWith('-') && p != "-") is { } unknown)
                return ManifestInput.UsageError($"unknown option '{unknown}' (a file whose name starts with '-' can be given as ./{unknown})", io);
            var intentPath = parse.GetValue(intent);
            var (logs, paths) = FlowCheck.Split(named);
            var sqlPath = parse.GetValue(emitSql);
            if (logs.Count == 0 && sqlPath is null) return ManifestInput.UsageError(NoLog(paths), io);
            if (intentPath is null && paths.Count == 0)
                return ManifestInput.UsageError("name the pact to check the flows against: --intent INTENT, or the policy files (PATH...) after the logs", io);
            if (parse.GetValue(scan) < 1) return ManifestInput.UsageError("--scan-threshold must be at least 1", io);
            DateTimeOffset? Time(Option<string?> option)
            {
                if (parse.GetValue(option) is not { } text) return null;
                var t = FlowWindow.Parse(text, clock, out var error);
                if (t is null) io.Stderr.WriteLine($"netpact: error: {option.Name} {error}");
                return t;
            }
            var window = new FlowWindow(Time(since), Time(until));
            if ((parse.GetValue(since) is not null && window.Since is null) || (parse.GetValue(until) is not null && window.Until is null)) return ExitCodes.BadInput;
            if (!ManifestInput.OutputAllowed(parse.GetValue(output), [intentPath, .. named, .. parse.GetValue(baseline) ?? []], parse.GetValue(force), io)) return ExitCodes.BadInput;
            if (!ManifestInput.OutputAllowed(sqlPath, [intentPath, .. named, parse.GetValue(output)], parse.GetValue(force), io)) return ExitCodes.BadInput;
            Intents.Intent? pact = null;
            if (intentPath is not null && (pact = IntentInput.Read(intentPath, io)) is null) return ExitCodes.BadInput;

            var diagnostics = new List<Diagnostic>();
            if (sqlPath is not null)
            {
                var sql = FlowCheck.EmitSql(pact, intentPath, paths, diagnostics);
                if (sql is null)
                {
                    DiagnosticLines.Write(diagnostics, io.Stderr);
                    return ExitCodes.BadInput;
                }
                if (CliErrors.Guard(io, () =>
                    {
                        ManifestInput.Write(sql, sqlPath, io);
                        return ExitCodes.Success;
                    }) != ExitCodes.Success)
                {
                    return ExitCodes.BadInput;
                }
                if (logs.Count == 0)
                {
                    DiagnosticLines.Write(diagnostics, io.Stderr);
                    return ExitCodes.Success;
                }
                diagnostics.Clear();
            }
            var request = new FlowsRequest(logs, pact, intentPath, paths, window)
            {
                Options = new FlowsOptions { ScanThreshold = parse.GetValue(scan) },
                Baseline = parse.GetValue(baseline) ?? [],
            };
            var result = FlowCheck.Run(request, io.Stdin, diagnostics);
            DiagnosticLines.Write(diagnostics, io.Stderr);
            if (result is null) return ExitCodes.BadInput;
            return CliErrors.Guard(io, () =>
            {
                ManifestInput.Write(FlowsReport.Write(result, parse.GetValue(format), Directory.GetCurrentDirectory()), parse.GetValue(output), io);
                // A log that could not be read whole (wrong format, cut-off gzip) is bad input, even though what was read is classified.
                if (diagnostics.Any(d => d.Severity == Severity.Error)) return ExitCodes.BadInput;
                return result.HasProblems ? ExitCodes.Findings : ExitCodes.Success;
            });
        });
        return command;
    }

    /// <summary>Why no log was found: none named, or the files named were taken for the pact's (by their content and extension).</summary>
    internal static string NoLog(IReadOnlyList<string> paths) =>
        "name at least one flow log (AWS VPC Flow Logs, Hubble JSON, nftables log lines or conntrack events)" +
        (paths.Count == 0 ? "" : $"; {string.Join(", ", paths)} {(paths.Count == 1 ? "is" : "are")} read as the pact's files (a folder, or a .yaml/.yml/.json/.nft/.tfstate file whose first line is no flow record)");
}
