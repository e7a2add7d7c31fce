using System.CommandLine;
using Netpact.Checks;
using Netpact.Kubernetes;
using Netpact.Lint;
using Netpact.LiveCluster;
using Netpact.Model;
using Netpact.Reports;

namespace Netpact.Cli;

internal static class LintCommand
{
    public static Command Create(CliIO io)
    {
        var paths = ManifestInput.PathsArgument();
        var reading = ManifestInput.ReadingOptions();
        var live = ManifestInput.ClusterOptions();
        var format = new Option<LintFormat>("--format", "-f")
        {
            Description = "Output format: txt, json, sarif (SARIF 2.1.0, for code scanning) or md",
            DefaultValueFactory = _ => LintFormat.Txt,
        };
        var failOn = new Option<string>("--fail-on")
        {
            Description = "Exit 1 when a finding of this severity or worse remains: error, warning, note, or none to always exit 0",
            DefaultValueFactory = _ => "error",
        };
        failOn.AcceptOnlyFromAmong("error", "warning", "note", "none");
        var config = LintConfigInput.Option();
        var output = new Option<string?>("--output", "-o") { Description = "Write the output to this file instead of stdout" };
        var force = ManifestInput.ForceOption();
        var command = new Command("lint", "Check manifests against zero-trust rules (ZT001...), on what the policies actually allow")
        {
            paths, format, failOn, config, output, force,
        };
        reading.AddTo(command);
        live.AddTo(command);
        command.SetAction(parse =>
        {
            if (live.Misuse(parse) is { } misuse) return ManifestInput.UsageError(misuse, io);
            var inputs = parse.GetValue(paths)!;
            if (!ManifestInput.OutputAllowed(parse.GetValue(output), [.. inputs, parse.GetValue(config)], parse.GetValue(force), io)) return ExitCodes.BadInput;
            var liveCluster = live.From(parse);
            // Read stdin once: the manifests and the written facts (annotations) both come from it.
            var stdin = inputs.Contains("-") ? ManifestInput.ReadStdin(io) : "";
            if (stdin is null) return ExitCodes.BadInput;
            var sources = LintSources.Classify(inputs, stdin);
            IReadOnlyList<ManifestText> liveObjects = [];
            var cluster = sources.Manifests.IsEmpty && liveCluster is null
                ? (inputs.Length == 0 ? ManifestInput.Read([], ReadSwitches.None, io) : new Cluster([], [], [], []))
                : ManifestInput.Read([.. sources.Manifests], reading.From(parse) with { WithIstio = !sources.Mesh.IsEmpty || liveCluster is not null }, io with { Stdin = new StringReader(stdin) }, liveCluster, out liveObjects);
            if (cluster is null) return ExitCodes.BadInput;
            // The live cluster's Istio resources are linted with the Istio files'.
            if (liveObjects.Any(LiveReadResult.IsIstio))
                sources = sources with { Mesh = [.. sources.Mesh, .. liveObjects.Where(LiveReadResult.IsIstio).Select(o => new TextFile(o.Source, o.Text))] };
            var lintConfig = LintConfigInput.Read(parse.GetValue(config), io);
            if (lintConfig is null) return ExitCodes.BadInput;
            var diagnostics = new List<CheckDiagnostic>();
            var result = PactCheck.Lint(new CheckInput
            {
                Cluster = cluster,
                Paths = [.. inputs],
                Stdin = stdin,
                Sources = sources,
                LiveObjects = liveObjects,
                LintConfig = lintConfig,
            }, diagnostics);
            foreach (var d in diagnostics) io.Stderr.WriteLine(d.Diagnostic);
            if (result is null) return ExitCodes.BadInput;
            if (io.StderrIsTerminal && parse.GetValue(format) != LintFormat.Txt) io.Stderr.WriteLine($"netpact lint: {LintReport.Summary(result)}");
            return CliErrors.Guard(io, () =>
            {
                ManifestInput.Write(LintReport.Write(result, parse.GetValue(format), Directory.GetCurrentDirectory()), parse.GetValue(output), io);
                return parse.GetValue(failOn) switch
                {
                    "none" => ExitCodes.Success,
                    var level => result.Fails(Enum.Parse<LintSeverity>(level!, ignoreCase: true)) ? ExitCodes.Findings : ExitCodes.Success,
                };
            });
        });
        return command;
    }
}
