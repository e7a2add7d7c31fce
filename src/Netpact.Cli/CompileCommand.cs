using System.CommandLine;
using Netpact.Compilers;
using Netpact.Model;

namespace Netpact.Cli;

internal static class CompileCommand
{
    public static Command Create(CliIO io)
    {
        var intent = IntentInput.Argument();
        var target = new Option<string>("--target", "-t")
        {
            Description = "Layer to generate: " + string.Join(", ", LayerCompilers.Targets.Select(t => t.Name)) + " or all (one per layer: k8s, not cilium)",
            DefaultValueFactory = _ => "all",
        };
        target.AcceptOnlyFromAmong([.. LayerCompilers.Targets.Select(t => t.Name), "all"]);
        var output = new Option<string?>("--output", "-o") { Description = "Folder to write the files into (without it, files are printed)" };
        var force = new Option<bool>("--force") { Description = "Overwrite files in the output folder that netpact did not write" };
        var command = new Command("compile", "Generate the enforcement layers (NetworkPolicies, Istio, Compose, security groups) from an intent")
        {
            intent, target, output, force,
        };
        command.SetAction(parse =>
        {
            var read = IntentInput.Read(parse.GetValue(intent)!, io);
            if (read is null) return ExitCodes.BadInput;
            var name = parse.GetValue(target)!;
            var files = (name == "all" ? LayerCompilers.All : [LayerCompilers.Find(name)!]).SelectMany(t => t.Compile(read)).ToList();
            var folder = parse.GetValue(output);
            if (folder is null)
            {
                foreach (var f in files) io.Stdout.Write($"# ---- {f.Path}\n{f.Content}{(f.Content.EndsWith('\n') ? "" : "\n")}");
                return ExitCodes.Success;
            }
            return CliErrors.Guard(io, () =>
            {
                var problems = OutputFolder.Write(folder, files, parse.GetValue(force), [parse.GetValue(intent)!]);
                foreach (var p in problems) io.Stderr.WriteLine(p);
                if (problems.Any(p => p.Severity == Severity.Error)) return ExitCodes.BadInput;
                io.Stderr.WriteLine($"netpact: wrote {files.Count} files to {folder}");
                return ExitCodes.Success;
            });
        });
        return command;
    }
}
