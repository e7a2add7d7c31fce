using System.CommandLine;
using Netpact.Intents;

namespace Netpact.Cli;

internal static class ValidateCommand
{
    public static Command Create(CliIO io)
    {
        var intent = IntentInput.Argument();
        var command = new Command("validate", "Check an intent file: its shape and its meaning (names, ports, isolation)") { intent };
        command.SetAction(parse =>
        {
            var read = IntentInput.Read(parse.GetValue(intent)!, io);
            if (read is null) return ExitCodes.BadInput;
            var flows = IntendedFlows.Of(read).Entries.Count();
            io.Stdout.WriteLine($"{parse.GetValue(intent)}: valid: {read.Zones.Length} zones, {read.Workloads.Length} workloads, " +
                                $"{read.Flows.Length} flows ({flows} workload-level flows with defaults)");
            return ExitCodes.Success;
        });
        return command;
    }
}
