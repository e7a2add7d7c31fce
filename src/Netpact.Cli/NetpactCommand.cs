using System.CommandLine;
using System.CommandLine.Help;

namespace Netpact.Cli;

/// <summary>The root command: wires verbs to library calls; parse errors are bad usage (exit 2).</summary>
public static class NetpactCommand
{
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr) => Run(args, stdin, stdout, stderr, null);

    /// <summary>As above; <paramref name="onTerminal"/> overrides whether stdout and stderr are taken for a terminal (tests).</summary>
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, bool? onTerminal)
    {
        var io = new CliIO(stdin, stdout, stderr)
        {
            StderrIsTerminal = onTerminal ?? (stderr == Console.Error && !Console.IsErrorRedirected),
            StdoutIsTerminal = onTerminal ?? (stdout == Console.Out && !Console.IsOutputRedirected),
        };
        // A Command named "netpact", not a RootCommand: that one takes its name from the executable, which is
        // Netpact.Cli when the launcher runs the dll; the help and version options RootCommand brings are added below.
        var serve = ServeCommand.Create(io);
        var root = new Command("netpact", "netpact: write the network pact once, enforce it everywhere, prove it.")
        {
            new HelpOption(),
            new VersionOption(),
            AnalyzeCommand.Create(io),
            ExplainCommand.Create(io),
            ValidateCommand.Create(io),
            CompileCommand.Create(io),
            VerifyCommand.Create(io),
            LintCommand.Create(io),
            DiffCommand.Create(io),
            LabCommand.Create(io),
            AuditCommand.Create(io),
            serve,
            ReportCommand.Create(io),
            QuarantineCommand.Create(io),
            BlockCommand.Create(io),
            FlowsCommand.Create(io),
            LearnCommand.Create(io),
        };
        // Bare netpact shows the help and succeeds, as kubectl does.
        var parse = root.Parse(args.Length == 0 ? ["--help"] : args);
        // A verb of verbs alone (netpact lab) shows its help too, as kubectl does for a group.
        if (parse.Errors.Count > 0 && parse.UnmatchedTokens.Count == 0 && parse.CommandResult.Command.Subcommands.Count > 0
            && parse.Errors.All(e => e.SymbolResult is System.CommandLine.Parsing.CommandResult) && !parse.CommandResult.Children.Any())
            parse = root.Parse([.. args, "--help"]);
        if (parse.Errors.Count > 0)
        {
            foreach (var line in ParseErrors.Describe(parse)) stderr.WriteLine($"netpact: error: {line}");
            var verb = parse.CommandResult.Command == root ? "" : " " + ParseErrors.VerbPath(parse.CommandResult);
            stderr.WriteLine($"Run 'netpact{verb} --help' for usage.");
            return ExitCodes.BadInput;
        }
        if ((ParseErrors.UndefinedChoice(parse) ?? ParseErrors.UnknownOption(parse)) is { } unknown)
        {
            stderr.WriteLine($"netpact: error: {unknown}");
            stderr.WriteLine($"Run 'netpact {ParseErrors.VerbPath(parse.CommandResult)} --help' for usage.");
            return ExitCodes.BadInput;
        }
        try
        {
            var invocation = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
            // serve stops on SIGINT and SIGTERM itself. System.CommandLine's handler of them would end the process with
            // 130 or 143 once its timeout (2 s) passed, with the current run still ending and the listener open.
            if (parse.CommandResult.Command == serve) invocation.ProcessTerminationTimeout = null;
            return parse.Invoke(invocation);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug, not bad input: one line, no stack trace, and a distinct exit code.
            stderr.WriteLine($"netpact: internal error: {e.GetType().Name}: {e.Message} (this is a bug in netpact; please report it with the input)");
            return ExitCodes.InternalError;
        }
    }
}
