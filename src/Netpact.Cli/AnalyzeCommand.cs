using System.CommandLine;
using Netpact.Analysis;
using Netpact.Reports;

namespace Netpact.Cli;

internal static class AnalyzeCommand
{
    public static Command Create(CliIO io)
    {
        var paths = ManifestInput.PathsArgument();
        var verbose = ManifestInput.VerboseOption();
        var format = new Option<ConnlistFormat>("--format", "-f")
        {
            Description = "Output format: txt, json, csv, md (those of netpol-analyzer's list) or dot",
            DefaultValueFactory = _ => ConnlistFormat.Txt,
        };
        var output = new Option<string?>("--output", "-o") { Description = "Write the output to this file instead of stdout" };
        var focus = new Option<string[]>("--focus-workload")
        {
            Description = "Only connections of this workload (NS/NAME or NAME); repeatable",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("analyze", "List which workloads can reach which, on which ports, from Kubernetes manifests")
        {
            paths, format, output, focus, verbose,
        };
        command.SetAction(parse =>
        {
            var cluster = ManifestInput.Read(parse.GetValue(paths)!, parse.GetValue(verbose), io);
            if (cluster is null) return ExitCodes.BadInput;
            var connectivity = ConnectivityEngine.Analyze(cluster).Focus(parse.GetValue(focus) ?? []);
            if (io.StderrIsTerminal)
            {
                io.Stderr.WriteLine($"netpact: {cluster.Workloads.Length} workloads, {cluster.Policies.Length} policies, " +
                                    $"{connectivity.Connections.Length} allowed connections");
            }
            return CliErrors.Guard(io, () =>
            {
                ManifestInput.Write(ConnlistReport.Write(connectivity, parse.GetValue(format)), parse.GetValue(output), io);
                return ExitCodes.Success;
            });
        });
        return command;
    }
}
