using System.CommandLine;
using Netpact.Model;
using Netpact.Reports;
using Netpact.Verify;

namespace Netpact.Cli;

internal static class VerifyCommand
{
    public static Command Create(CliIO io)
    {
        var intent = IntentInput.Argument();
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Existing files of any layer to check (Kubernetes manifests, Istio policies, Compose files, security groups as AWS CLI JSON or Terraform state); without them, every compiled layer is checked",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var format = new Option<VerificationFormat>("--format", "-f") { Description = "Output format: txt, json or md", DefaultValueFactory = _ => VerificationFormat.Txt };
        var output = new Option<string?>("--output", "-o") { Description = "Write the output to this file instead of stdout" };
        var depth = new Option<bool>("--depth")
        {
            Description = "Also count, for every caller the intent does not allow, the layers that would each stop it (0 exposed, 1 a single point of failure); exit 1 on an exposed pair",
        };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "List every flow under each named approximation (by default, how many; json lists them always)" };
        var live = ManifestInput.ClusterOptions();
        var force = ManifestInput.ForceOption();
        var command = new Command("verify", "Prove that the layers allow exactly the intended flows: extra and missing flows per layer, each explained")
        {
            intent, paths, format, output, force, depth, verbose,
        };
        live.AddTo(command);
        command.SetAction(parse =>
        {
            if (live.Misuse(parse) is { } misuse) return ManifestInput.UsageError(misuse, io);
            var intentPath = parse.GetValue(intent)!;
            if (!ManifestInput.OutputAllowed(parse.GetValue(output), [intentPath, .. parse.GetValue(paths) ?? []], parse.GetValue(force), io)) return ExitCodes.BadInput;
            var read = IntentInput.Read(intentPath, io);
            if (read is null) return ExitCodes.BadInput;
            var files = parse.GetValue(paths) ?? [];
            var diagnostics = new List<Diagnostic>();
            var liveCluster = live.From(parse);
            var results = files.Length == 0
                ? liveCluster is null ? IntentVerifier.VerifyCompiled(read) : []
                : IntentVerifier.VerifyFiles(read, files, diagnostics);
            DiagnosticLines.Write(diagnostics, io.Stderr);
            if (files.Length == 0 && io.StderrIsTerminal)
            {
                foreach (var name in IntentVerifier.Unverifiable) io.Stderr.WriteLine($"netpact: {name}: alert rules allow no flows; not verified");
            }
            if (diagnostics.Any(d => d.Severity == Severity.Error)) return ExitCodes.BadInput;
            if (liveCluster is not null)
            {
                // The live cluster is one more Kubernetes layer, checked like manifest files.
                if (ManifestInput.Read([], ReadSwitches.None, io, liveCluster) is not { } cluster) return ExitCodes.BadInput;
                results = [.. results, ManifestVerifier.Verify(read, cluster, "live cluster")];
            }
            return CliErrors.Guard(io, () =>
            {
                var text = VerificationReport.Write(intentPath, results, parse.GetValue(format), approximatedFlows: parse.GetValue(verbose));
                var pairs = parse.GetValue(depth) ? DefenseInDepth.Of(read, results) : [];
                if (parse.GetValue(depth)) text += DepthReport.Write(pairs);
                ManifestInput.Write(text, parse.GetValue(output), io);
                return results.All(r => r.Proven) && !pairs.Any(p => p.Layers == 0) ? ExitCodes.Success : ExitCodes.Findings;
            });
        });
        return command;
    }
}
