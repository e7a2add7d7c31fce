namespace Netpact.Cli;

/// <summary>Turns I/O failures on output files into a clear message and exit code 2.</summary>
internal static class CliErrors
{
    public static int Guard(CliIO io, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            io.Stderr.WriteLine($"netpact: error: {e.Message}");
            return ExitCodes.BadInput;
        }
    }
}
