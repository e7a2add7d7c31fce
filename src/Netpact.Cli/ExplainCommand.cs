using System.CommandLine;
using System.Globalization;
using Netpact.Analysis;
using Netpact.Model;
using Netpact.Reports;
using Netpact.Sources;

namespace Netpact.Cli;

internal static class ExplainCommand
{
    public static Command Create(CliIO io)
    {
        var paths = ManifestInput.PathsArgument();
        var reading = ManifestInput.ReadingOptions();
        var live = ManifestInput.ClusterOptions();
        var src = new Option<string>("--src") { Description = "Source: NS/NAME (a workload) or an IP address", Required = true };
        var dst = new Option<string>("--dst") { Description = "Destination: NS/NAME (a workload) or an IP address", Required = true };
        var port = new Option<string?>("--port") { Description = "Ask about one port, e.g. 5432/TCP (protocol defaults to TCP)" };
        var output = new Option<string?>("--output", "-o") { Description = "Write the output to this file instead of stdout" };
        var format = new Option<ExplainFormat>("--format", "-f") { Description = "Output format: txt or json", DefaultValueFactory = _ => ExplainFormat.Txt };
        var force = ManifestInput.ForceOption();
        var command = new Command("explain", "Explain why one workload can or cannot reach another: the policies and rules on both sides. "
            + "Exits 0 when the verdict is ALLOWED, 1 when it is DENIED (as kubectl auth can-i), 2 on bad usage or input")
        {
            paths, src, dst, port, format, output, force,
        };
        reading.AddTo(command);
        live.AddTo(command);
        command.SetAction(parse =>
        {
            if (live.Misuse(parse) is { } misuse) return ManifestInput.UsageError(misuse, io);
            if (!ManifestInput.OutputAllowed(parse.GetValue(output), parse.GetValue(paths)!, parse.GetValue(force), io)) return ExitCodes.BadInput;
            (Protocol, int)? portQuery = null;
            if (parse.GetValue(port) is { } portText)
            {
                if (ParsePort(portText) is not { } pq)
                {
                    io.Stderr.WriteLine($"netpact: error: --port '{portText}' is not PORT[/PROTOCOL], e.g. 5432/TCP or 53/UDP");
                    return ExitCodes.BadInput;
                }
                portQuery = pq;
            }
            string? stdin = null;
            if (parse.GetValue(paths)!.Contains("-") && (stdin = ManifestInput.ReadStdin(io)) is null) return ExitCodes.BadInput;
            var problems = new List<Diagnostic>();
            var inputs = InputSet.Read(parse.GetValue(paths)!, problems, stdin);
            if (inputs.Layers.Any(l => l is not (Layer.Kubernetes or Layer.Istio)))
                return LayerInput.Explain(inputs, problems, parse.GetValue(src)!, parse.GetValue(dst)!, portQuery, parse.GetValue(format), parse.GetValue(output), io);
            var cluster = LayerInput.ReadCluster(inputs, problems, parse.GetValue(paths)!, reading.From(parse), io, live.From(parse), out var mesh);
            if (cluster is null) return ExitCodes.BadInput;
            var source = EndpointParser.Resolve(cluster, parse.GetValue(src)!, out var srcError);
            var destination = EndpointParser.Resolve(cluster, parse.GetValue(dst)!, out var dstError);
            if (source is null || destination is null)
            {
                if (srcError is not null) io.Stderr.WriteLine($"netpact: error: --src: {srcError}");
                if (dstError is not null) io.Stderr.WriteLine($"netpact: error: --dst: {dstError}");
                return ExitCodes.BadInput;
            }
            if (source.IsExternal && destination.IsExternal)
            {
                io.Stderr.WriteLine("netpact: error: --src and --dst are both IP addresses; one of them must be a workload");
                return ExitCodes.BadInput;
            }
            var explanation = Explainer.Explain(cluster, source, destination, mesh is null ? null : new MeshLayer(cluster, mesh));
            return CliErrors.Guard(io, () =>
            {
                var text = parse.GetValue(format) == ExplainFormat.Json ? ExplainReport.WriteJson(explanation, portQuery) : ExplainReport.Write(explanation, portQuery);
                ManifestInput.Write(text, parse.GetValue(output), io);
                // DENIED is the finding, as kubectl auth can-i answers "no" with 1.
                return ExplainReport.IsAllowed(explanation, portQuery) ? ExitCodes.Success : ExitCodes.Findings;
            });
        });
        return command;
    }

    private static (Protocol, int)? ParsePort(string text)
    {
        var parts = text.Split('/');
        if (parts.Length > 2) return null;
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535) return null;
        Protocol? protocol = parts.Length == 1 ? Protocol.TCP : parts[1].ToUpperInvariant() switch
        {
            "TCP" => Protocol.TCP,
            "UDP" => Protocol.UDP,
            "SCTP" => Protocol.SCTP,
            _ => null,
        };
        return protocol is { } p ? (p, number) : null;
    }
}
