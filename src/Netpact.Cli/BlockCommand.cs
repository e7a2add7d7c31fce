using System.CommandLine;
using System.Collections.Immutable;
using System.Globalization;
using Netpact.Compilers;
using Netpact.Model;
using Netpact.Reports;
using Netpact.Response;

namespace Netpact.Cli;

/// <summary>block: stops address ranges at every layer that can deny, writes what does it and prints the proof.</summary>
internal static class BlockCommand
{
    public static Command Create(CliIO io)
    {
        var args = new Argument<string[]>("CIDR")
        {
            Description = "The address ranges to block (e.g. 203.0.113.0/24), then the manifests and layer files (PATH...), or --intent",
            Arity = ArgumentArity.OneOrMore,
        };
        var intent = new Option<string?>("--intent") { Description = "Read the inputs from this intent, compiled to every layer in memory, instead of PATH" };
        var reason = new Option<string>("--reason")
        {
            Description = "Why: written into every file (annotation netpact.io/block-reason)",
            DefaultValueFactory = _ => "incident response (no --reason given)",
        };
        var time = new Option<string?>("--time") { Description = "When the block was decided, ISO 8601 (default: now); written into every file" };
        var output = new Option<string?>("--output", "-o") { Description = "Folder to write the block files into" };
        var force = new Option<bool>("--force") { Description = "Overwrite files in the output folder that netpact did not write" };
        var command = new Command("block", "Stop address ranges at every layer that can deny (admin-tier Deny, Istio DENY, nftables drop), name the layers that cannot, and prove it")
        {
            args, intent, reason, time, output, force,
        };
        command.SetAction(parse =>
        {
            var values = parse.GetValue(args) ?? [];
            var cidrs = values.TakeWhile(LooksLikeCidr).ToList();
            var paths = values.Skip(cidrs.Count).ToList();
            var errors = new List<string>();
            var networks = ImmutableArray.CreateBuilder<Cidr>();
            foreach (var c in cidrs)
            {
                var cidr = Cidr.TryParse(c, out var error, out var hostBits);
                if (cidr is null) errors.Add($"'{c}' is no address range: {error}");
                else if (hostBits) errors.Add($"'{c}' has host bits set; write the network it means ({cidr})");
                else networks.Add(cidr);
            }
            if (cidrs.Count == 0) errors.Add("name the address ranges to block first, e.g. netpact block 203.0.113.0/24 --intent intent.yaml -o DIR");
            var created = TimeProvider.System.GetUtcNow();
            var t = parse.GetValue(time);
            if (t is not null && !DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out created))
                errors.Add($"--time '{t}' is no date and time: write it as ISO 8601, e.g. 2026-12-07T23:12:00Z");
            var why = parse.GetValue(reason)!.Trim();
            if (why.Length == 0) errors.Add("--reason is empty: say why the ranges are blocked");
            var folder = parse.GetValue(output);
            if (folder is null) errors.Add("name the folder to write the block into with -o DIR");
            foreach (var e in errors) io.Stderr.WriteLine($"netpact: error: {e}");
            if (errors.Count > 0) return ExitCodes.BadInput;
            var input = QuarantineCommand.ReadInputs(parse.GetValue(intent), paths, io);
            if (input is null) return ExitCodes.BadInput;
            var request = new BlockRequest { Networks = networks.ToImmutable(), Reason = why, Created = created };
            var result = Block.Stop(input, request);
            foreach (var e in result.Errors) io.Stderr.WriteLine($"netpact: error: {e}");
            if (!result.Errors.IsEmpty) return ExitCodes.BadInput;
            if (!parse.GetValue(force) && QuarantineCommand.ForeignFolder(folder!) is { } foreign) return ManifestInput.UsageError(foreign, io);
            return CliErrors.Guard(io, () =>
            {
                var problems = OutputFolder.Write(folder!, result.Files, parse.GetValue(force));
                foreach (var p in problems) io.Stderr.WriteLine(p);
                if (problems.Count > 0) return ExitCodes.BadInput;
                io.Stderr.WriteLine($"netpact: wrote {result.Files.Length} files to {folder}");
                io.Stdout.Write(QuarantineReport.WriteBlock(request, result));
                return result.Holds ? ExitCodes.Success : ExitCodes.Findings;
            });
        });
        return command;
    }

    /// <summary>An address range rather than a path: digits and dots, or a colon, and a slash.</summary>
    private static bool LooksLikeCidr(string text) =>
        text.Contains('/', StringComparison.Ordinal) && !File.Exists(text) && !Directory.Exists(text)
        && (text.Contains(':', StringComparison.Ordinal) || text.Split('/')[0].All(ch => char.IsAsciiDigit(ch) || ch == '.'));
}
