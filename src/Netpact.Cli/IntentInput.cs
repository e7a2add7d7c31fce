using System.CommandLine;
using Netpact.Intents;
using Netpact.Model;
using Netpact.Sources;

namespace Netpact.Cli;

/// <summary>The INTENT argument shared by validate, compile and verify.</summary>
internal static class IntentInput
{
    public static Argument<string> Argument() => new("INTENT") { Description = "The intent file (apiVersion: netpact/v1, kind: Intent); '-' reads stdin" };

    /// <summary>Reads and checks the intent ('-': from stdin, named &lt;stdin&gt;); prints every diagnostic; null when there was an error.</summary>
    public static Intent? Read(string path, CliIO io)
    {
        var result = path == "-" ? FromStdin(io) : IntentReader.ReadFile(path);
        foreach (var d in result.Diagnostics) io.Stderr.WriteLine(d);
        return result.HasErrors ? null : result.Intent;
    }

    private static IntentReadResult FromStdin(CliIO io)
    {
        var problems = new List<Diagnostic>();
        return InputFiles.ReadStdin(io.Stdin, problems) is { } text ? IntentReader.ReadText(text, "<stdin>") : new IntentReadResult(null, [.. problems]);
    }
}
