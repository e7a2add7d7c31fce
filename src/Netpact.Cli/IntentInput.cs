using System.CommandLine;
using Netpact.Intents;

namespace Netpact.Cli;

/// <summary>The INTENT argument shared by validate, compile and verify.</summary>
internal static class IntentInput
{
    public static Argument<string> Argument() => new("INTENT") { Description = "The intent file (apiVersion: netpact/v1, kind: Intent)" };

    /// <summary>Reads and checks the intent; prints every diagnostic; null when there was an error.</summary>
    public static Intent? Read(string path, CliIO io)
    {
        var result = IntentReader.ReadFile(path);
        foreach (var d in result.Diagnostics) io.Stderr.WriteLine(d);
        return result.HasErrors ? null : result.Intent;
    }
}
