namespace Netpact.Cli;

/// <summary>The streams a command uses, so tests can run the CLI in process.</summary>
public sealed record CliIO(TextReader Stdin, TextWriter Stdout, TextWriter Stderr)
{
    /// <summary>Whether stderr is a terminal: summaries and progress are for people, not pipes.</summary>
    public bool StderrIsTerminal { get; init; }

    /// <summary>Whether stdout is a terminal: HTML is never written to one.</summary>
    public bool StdoutIsTerminal { get; init; }
}

public static class ExitCodes
{
    public const int Success = 0;
    public const int Findings = 1;
    public const int BadInput = 2;
    public const int InternalError = 3;
}
