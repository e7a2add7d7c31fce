using Netpact.Cli;

namespace Netpact.Cli.Tests;

/// <summary>Runs the netpact command line in process and captures what it prints.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result Run(params string[] args) => RunWithInput("", args);

    public static Result RunWithInput(string stdin, params string[] args) => RunWithInput(stdin, null, args);

    /// <summary>As <see cref="RunWithInput(string, string[])"/>, with stdout and stderr taken for a terminal (notes and summaries for people, no HTML).</summary>
    public static Result RunOnTerminal(string stdin, params string[] args) => RunWithInput(stdin, true, args);

    private static Result RunWithInput(string stdin, bool? onTerminal, string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = NetpactCommand.Run(args, new StringReader(stdin), stdout, stderr, onTerminal);
        return new Result(code, stdout.ToString(), stderr.ToString());
    }
}
