using System.Collections.Immutable;
using System.CommandLine;
using Netpact.Checks;
using Netpact.Audit;
using Netpact.Audit.Findings;
using Netpact.Audit.Targets;
using Netpact.Intents;
using Netpact.Istio;
using Netpact.Lint;
using Netpact.Model;
using Netpact.Reports.Html;
using Netpact.Sources;
using Netpact.Verify;

namespace Netpact.Cli;

/// <summary>
/// `netpact report`: analysis, lint, and verify (with --intent) and audit (with --audit) findings, as one
/// self-contained HTML page. The audit results become the report's findings in
/// <see cref="AuditFindings"/>, shared with serve.
/// </summary>
internal static class ReportCommand
{
    public static Command Create(CliIO io)
    {
        var paths = ManifestInput.PathsArgument();
        var reading = ManifestInput.ReadingOptions();
        var intent = new Option<string?>("--intent") { Description = "An intent file: group workloads by its zones and add verify's findings (these manifests against it)" };
        var audit = new Option<string?>("--audit") { Description = "An audit file (kind: Audit, as for 'netpact audit'): probe its endpoints and add the audit's findings" };
        var config = LintConfigInput.Option();
        var title = new Option<string?>("--title") { Description = "The page title (default: 'netpact report' and the input paths)" };
        var output = new Option<string?>("--output", "-o") { Description = "Write the HTML page to this file (default: report.html in the current directory; '-' for stdout, never a terminal)" };
        var force = ManifestInput.ForceOption();
        var command = new Command("report", "Write one self-contained HTML page: the flow graph, the connectivity heat map, findings, and why each flow is allowed")
        {
            paths, intent, audit, config, title, output, force,
        };
        reading.AddTo(command);
        command.SetAction(async (parse, cancellation) =>
        {
            var inputs = parse.GetValue(paths)!;
            // 500 KB of HTML is for a browser: by default a file, and never a terminal.
            var target = parse.GetValue(output) ?? "report.html";
            if (target == "-" && io.StdoutIsTerminal)
                return ManifestInput.UsageError("-o -: the report is an HTML page for a browser, not for a terminal; pipe it (-o - | ...) or write a file (-o report.html)", io);
            if (!ManifestInput.OutputAllowed(target, [.. inputs, parse.GetValue(intent), parse.GetValue(audit), parse.GetValue(config)], parse.GetValue(force), io))
                return ExitCodes.BadInput;
            // Large inputs take a while (lint and analysis): say which stage on a terminal, nothing when piped;
            // an empty stage clears the line.
            void Stage(string stage)
            {
                if (io.StderrIsTerminal) io.Stderr.Write(stage.Length == 0 ? "\r\u001b[K" : $"\r\u001b[Knetpact report: {stage}...");
            }
            var stdin = inputs.Contains("-") ? ManifestInput.ReadStdin(io) : "";
            if (stdin is null) return ExitCodes.BadInput;
            var problems = new List<Diagnostic>();
            var sources = InputSet.Read(inputs, problems, stdin);
            // Compose files or security groups alone are their own deployment: drawn from what their reader finds.
            var own = LayerInput.OwnDeployment(sources);
            IstioConfig? mesh = null;
            var cluster = own is not null ? new Cluster([], [], [], []) : LayerInput.ReadCluster(sources, problems, inputs, reading.From(parse), io, null, out mesh,
                () => ManifestInput.Read(inputs, reading.From(parse), io with { Stdin = new StringReader(stdin) }));
            if (cluster is null) return ExitCodes.BadInput;
            var ownFlows = own is { } layer ? LayerInput.ReadFlows(sources, problems, layer, io) : null;
            if (own is not null && ownFlows is null) return ExitCodes.BadInput;

            Intent? pact = null;
            if (parse.GetValue(intent) is { } intentPath)
            {
                if (inputs.All(p => p == "-"))
                {
                    // verify reads files of any layer by name; stdin has none.
                    io.Stderr.WriteLine("netpact: error: --intent verifies manifest files or folders; give them as PATH instead of '-'");
                    return ExitCodes.BadInput;
                }
                pact = IntentInput.Read(intentPath, io);
                if (pact is null) return ExitCodes.BadInput;
            }
            var lintConfig = LintConfigInput.Read(parse.GetValue(config), io);
            if (lintConfig is null) return ExitCodes.BadInput;
            AuditPlan? plan = null;
            if (parse.GetValue(audit) is { } auditFile)
            {
                var builder = new AuditPlanBuilder();
                builder.ReadAuditFile(auditFile);
                plan = builder.Build();
                foreach (var d in builder.Diagnostics) io.Stderr.WriteLine(d);
                if (plan is null) return ExitCodes.BadInput;
            }

            var check = PactCheck.Run(new CheckInput
            {
                Cluster = cluster,
                Mesh = mesh,
                Paths = [.. inputs],
                Stdin = stdin,
                LintConfig = lintConfig,
                Intent = pact,
            }, Stage, cancellation);
            Stage("");
            DiagnosticLines.Write([.. check.Diagnostics.Select(d => d.Diagnostic)], io.Stderr);
            if (check.HasErrors) return ExitCodes.BadInput;
            var findings = check.Findings;
            if (plan is not null)
            {
                Stage("auditing endpoints");
                var result = await new Auditor(TimeProvider.System).RunAsync(plan, null, cancellation).ConfigureAwait(false);
                findings = findings.AddRange(AuditFindings.Of(result));
            }

            Stage("explaining flows");
            var reportInput = new ReportInput
            {
                Title = parse.GetValue(title) ?? $"netpact report: {string.Join(" ", inputs)}",
                Intent = pact,
                Findings = findings,
                Depth = pact is not null ? DefenseInDepth.Of(pact, check.Verifications) : [],
            };
            ReportModel model;
            if (ownFlows is not null && own is { } ownLayer)
            {
                var shown = ownLayer == Layer.Compose ? ReportLayer.Compose : ReportLayer.SecurityGroups;
                model = ReportModelBuilder.Build(ownFlows, shown with { Files = string.Join(", ", sources.Of(ownLayer).Select(f => f.Path)) }, reportInput);
            }
            else
            {
                model = ReportModelBuilder.Build(check.Connectivity, reportInput);
            }
            var page = HtmlReport.Write(model);
            Stage("");
            return CliErrors.Guard(io, () =>
            {
                ManifestInput.Write(page, target, io);
                if (parse.GetValue(output) is null) io.Stderr.WriteLine($"netpact: wrote the report to {Path.GetFullPath(target)}");
                if (io.StderrIsTerminal)
                {
                    io.Stderr.WriteLine($"netpact: report of {model.Counts.Workloads} workloads, {model.Counts.Connections} allowed flows, " +
                                        $"{model.Findings.Length} findings{(model.Detailed ? "" : $" (grouped by {model.GroupedBy}: large input)")}");
                }
                return ExitCodes.Success;
            });
        });
        return command;
    }
}
