using System.CommandLine;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using Netpact.Compilers;
using Netpact.Intents;
using Netpact.Lab;
using Netpact.Lab.Reports;
using Netpact.Model;

namespace Netpact.Cli;

/// <summary>
/// netpact lab up|probe|down|run: proves an intent on real packets in network namespaces on this machine.
/// Ctrl-C (or SIGTERM) during up or run removes everything the lab made before netpact exits.
/// </summary>
internal static class LabCommand
{
    public static Command Create(CliIO io)
    {
        var command = new Command("lab", "Prove an intent on real packets: a network namespace per workload, the compiled nftables rules loaded, every pair and port probed")
        {
            Up(io), Probe(io), Down(io), Run(io), Listen(io),
        };
        return command;
    }

    private static Option<string?> IdOption(string description) => new("--id") { Description = description };

    private static Option<string?> RulesOption() => new("--rules")
    {
        Description = "Load these rulesets (a folder of WORKLOAD.nft, hand-written or broken) instead of compiling the intent",
    };

    private sealed record ProbeOptionsInput(Option<LabFormat> Format, Option<string?> Output, Option<int> Timeout, Option<int> Parallel);

    private static ProbeOptionsInput ProbeInputs() => new(
        new Option<LabFormat>("--format", "-f") { Description = "Output format: txt, json or md", DefaultValueFactory = _ => LabFormat.Txt },
        new Option<string?>("--output", "-o") { Description = "Write the report to this file instead of stdout" },
        new Option<int>("--timeout") { Description = "Milliseconds a connection attempt waits before it counts as blocked", DefaultValueFactory = _ => 1000 },
        new Option<int>("--parallel") { Description = "Connection attempts at once", DefaultValueFactory = _ => 64 });

    private static Command Up(CliIO io)
    {
        var intent = IntentInput.Argument();
        var rules = RulesOption();
        var id = IdOption("The lab's id (1-12 lowercase letters and digits); a random one by default");
        var command = new Command("up", "Build the lab for an intent and leave it running: namespaces, bridge, addresses, rules, listeners") { intent, rules, id };
        command.SetAction(parse => Guard(io, () => UpAsync(io, parse.GetValue(intent)!, parse.GetValue(rules), parse.GetValue(id))));
        return command;
    }

    private static Command Probe(CliIO io)
    {
        var id = IdOption("The lab to probe (needed when several are up)");
        var inputs = ProbeInputs();
        var command = new Command("probe", "Probe every pair of hosts on every declared port (and a sample of the others); exit 1 on any disagreement")
        {
            id, inputs.Format, inputs.Output, inputs.Timeout, inputs.Parallel,
        };
        command.SetAction(parse => Guard(io, () => ProbeAsync(io, parse.GetValue(id), Options(parse, inputs), parse.GetValue(inputs.Format), parse.GetValue(inputs.Output)),
            "interrupted; the probes stopped and the lab is still up"));
        return command;
    }

    private static Command Down(CliIO io)
    {
        var id = IdOption("The lab to remove (needed when several are up)");
        var all = new Option<bool>("--all") { Description = "Remove every netpact lab on this machine" };
        var command = new Command("down", "Remove a lab: its listeners, its namespaces (and with them its links and rules), its state") { id, all };
        command.SetAction(parse => Guard(io, () => DownAsync(io, parse.GetValue(id), parse.GetValue(all))));
        return command;
    }

    private static Command Run(CliIO io)
    {
        var intent = IntentInput.Argument();
        var rules = RulesOption();
        var id = IdOption("The lab's id (1-12 lowercase letters and digits); a random one by default");
        var inputs = ProbeInputs();
        var command = new Command("run", "up, probe and down in one go; nothing is left behind, whatever happens")
        {
            intent, rules, id, inputs.Format, inputs.Output, inputs.Timeout, inputs.Parallel,
        };
        command.SetAction(parse => Guard(io, () => RunAsync(io, parse.GetValue(intent)!, parse.GetValue(rules), parse.GetValue(id),
            Options(parse, inputs), parse.GetValue(inputs.Format), parse.GetValue(inputs.Output))));
        return command;
    }

    /// <summary>The process 'lab up' leaves behind to hold the listeners open.</summary>
    private static Command Listen(CliIO io)
    {
        var id = new Option<string>("--id") { Required = true };
        var command = new Command("listen", "Hold a lab's listeners open until 'lab down' (started by 'lab up')") { id };
        command.Hidden = true;
        command.SetAction(parse => Guard(io, () => ListenAsync(parse.GetValue(id)!)));
        return command;
    }

    private static ProbeOptions Options(ParseResult parse, ProbeOptionsInput inputs) => new()
    {
        Timeout = TimeSpan.FromMilliseconds(Math.Clamp(parse.GetValue(inputs.Timeout), 50, 60_000)),
        RetryTimeout = TimeSpan.FromMilliseconds(Math.Clamp(3 * parse.GetValue(inputs.Timeout), 150, 180_000)),
        Parallelism = Math.Clamp(parse.GetValue(inputs.Parallel), 1, 1024),
    };

    /// <summary>Lab failures the user can act on are 'netpact: error: ...' and exit 2, never a stack trace.</summary>
    private static int Guard(CliIO io, Func<Task<int>> action, string interrupted = "interrupted; everything the lab had made is removed")
    {
        try
        {
            return action().GetAwaiter().GetResult();
        }
        catch (LabException e)
        {
            io.Stderr.WriteLine($"netpact: error: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (OperationCanceledException)
        {
            io.Stderr.WriteLine($"netpact: {interrupted}");
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            io.Stderr.WriteLine($"netpact: error: {e.Message}");
            return ExitCodes.BadInput;
        }
    }

    /// <summary>Ctrl-C, SIGTERM and SIGHUP cancel the work (which then cleans up) instead of killing netpact.</summary>
    private sealed class Interrupt : IDisposable
    {
        private readonly CancellationTokenSource _cancel = new();
        private readonly List<PosixSignalRegistration> _registrations = [];

        public Interrupt()
        {
            foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
            {
                _registrations.Add(PosixSignalRegistration.Create(signal, context =>
                {
                    context.Cancel = true;
                    _cancel.Cancel();
                }));
            }
        }

        public CancellationToken Token => _cancel.Token;

        public void Dispose()
        {
            foreach (var r in _registrations) r.Dispose();
            _cancel.Dispose();
        }
    }

    private static Action<string> Progress(CliIO io) => io.StderrIsTerminal ? message => io.Stderr.WriteLine($"netpact lab: {message}") : _ => { };

    private static void RequireEnvironment()
    {
        var missing = LabEnvironment.Missing();
        if (missing.Count > 0) throw new LabException(string.Join("; ", missing));
    }

    /// <summary>Reads the intent and the rules and plans the lab; null (after printing why) when the input is bad.</summary>
    private static (LabPlan Plan, LabRules Rules)? Prepare(CliIO io, Intent intent, string? rulesFolder, string? id)
    {
        id ??= LabPlan.NewId();
        var plan = LabPlan.For(intent, id);
        var rules = rulesFolder is null ? LabRules.Compiled(plan) : LabRules.FromDirectory(rulesFolder, plan);
        foreach (var d in rules.Predicted.Diagnostics) io.Stderr.WriteLine(d);
        return rules.Errors.Any() ? null : (plan, rules);
    }

    private static async Task<int> UpAsync(CliIO io, string intentPath, string? rulesFolder, string? id)
    {
        var intent = IntentInput.Read(intentPath, io);
        if (intent is null) return ExitCodes.BadInput;
        RequireEnvironment();
        if (Prepare(io, intent, rulesFolder, id) is not (var plan, var rules)) return ExitCodes.BadInput;
        if (LabState.Load(plan.Id) is not null) throw new LabException($"lab {plan.Id} exists already; remove it with 'netpact lab down --id {plan.Id}'");

        using var interrupt = new Interrupt();
        var progress = Progress(io);
        int? listener = null;
        try
        {
            Directory.CreateDirectory(LabState.DirectoryOf(plan.Id));
            File.Copy(intentPath, LabState.IntentCopyOf(plan.Id), overwrite: true);
            await LabNetwork.UpAsync(plan, rules.Files, LabState.RulesOf(plan.Id), progress, interrupt.Token).ConfigureAwait(false);
            progress("starting the listeners");
            listener = ListenerProcess.Start(plan.Id, Self());
            var sctp = await ListenerProcess.WaitReadyAsync(plan.Id, listener.Value, TimeSpan.FromSeconds(60), interrupt.Token).ConfigureAwait(false);
            new LabState(plan.Id, intentPath, rules.Source, listener, sctp, DateTimeOffset.UtcNow).Save();
        }
        catch
        {
            if (listener is { } pid) await ListenerProcess.StopAsync(pid, plan.Id).ConfigureAwait(false);
            await LabNetwork.DownAsync(plan.Id, CancellationToken.None).ConfigureAwait(false);
            LabState.Remove(plan.Id);
            throw;
        }

        io.Stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"lab {plan.Id} is up: {plan.Hosts.Length} hosts, rules {(rules.Source == LabRules.CompiledSource ? rules.Source : "from " + rules.Source)}"));
        foreach (var h in plan.Hosts)
            io.Stdout.WriteLine($"  {h.Name,-28} {string.Join(" ", h.Addresses.Select(a => a.Address)),-16} {h.Namespace}");
        io.Stdout.WriteLine($"probe it with 'netpact lab probe --id {plan.Id}', remove it with 'netpact lab down --id {plan.Id}'");
        return ExitCodes.Success;
    }

    /// <summary>The lab meant: the given id, else the only one up.</summary>
    private static string ResolveId(string? id)
    {
        if (id is not null)
        {
            if (!LabPlan.IsValidId(id)) throw new LabException($"'{id}' is not a lab id: use 1-12 lowercase letters and digits");
            return id;
        }
        var ids = LabState.Ids().Concat(LabNetwork.LabIds()).Distinct().Order(StringComparer.Ordinal).ToList();
        return ids.Count switch
        {
            0 => throw new LabException("no lab is up; start one with 'netpact lab up INTENT'"),
            1 => ids[0],
            _ => throw new LabException($"{ids.Count} labs are up ({string.Join(", ", ids)}); choose one with --id"),
        };
    }

    private static async Task<int> ProbeAsync(CliIO io, string? id, ProbeOptions options, LabFormat format, string? output)
    {
        RequireEnvironment();
        var lab = ResolveId(id);
        var state = LabState.Load(lab) ?? throw new LabException($"lab {lab} has no saved state (was it brought up by 'netpact lab up'?); remove it with 'netpact lab down --id {lab}'");
        var read = IntentReader.ReadText(File.ReadAllText(LabState.IntentCopyOf(lab)), state.IntentFile);
        foreach (var d in read.Diagnostics) io.Stderr.WriteLine(d);
        if (read.HasErrors) return ExitCodes.BadInput;
        var plan = LabPlan.For(read.Intent!, lab);
        var missing = plan.Hosts.Select(h => h.Namespace).Prepend(plan.BridgeNamespace).Except(LabNetwork.Namespaces(lab)).ToList();
        if (missing.Count > 0) throw new LabException($"lab {lab} is incomplete ({string.Join(", ", missing)} missing); remove it with 'netpact lab down --id {lab}' and bring it up again");
        if (state.ListenerPid is not { } pid || !ListenerProcess.IsRunning(pid, lab))
            throw new LabException($"the listeners of lab {lab} are gone; remove it with 'netpact lab down --id {lab}' and bring it up again");

        var rules = state.Rules == LabRules.CompiledSource
            ? LabRules.Compiled(plan)
            : LabRules.FromFiles(state.Rules, [.. Directory.EnumerateFiles(LabState.RulesOf(lab), "*.nft").Order(StringComparer.Ordinal)
                .Select(f => new GeneratedFile(Path.Combine(state.Rules, Path.GetFileName(f)), File.ReadAllText(f)))], plan);
        using var interrupt = new Interrupt();
        Progress(io)($"probing lab {lab}: {plan.Probes.Length} connection attempts, {options.Parallelism} at a time");
        var result = await LabRunner.ProbeAsync(plan, rules, state.IntentFile, options with { Sctp = state.Sctp }, interrupt.Token).ConfigureAwait(false);
        ManifestInput.Write(LabReport.Write(result, format), output, io);
        return result.Agrees ? ExitCodes.Success : ExitCodes.Findings;
    }

    private static async Task<int> DownAsync(CliIO io, string? id, bool all)
    {
        RequireEnvironment();
        var labs = all ? LabState.Ids().Concat(LabNetwork.LabIds()).Distinct().Order(StringComparer.Ordinal).ToList() : [ResolveId(id)];
        if (labs.Count == 0) io.Stderr.WriteLine("netpact lab: no lab is up");
        foreach (var lab in labs)
        {
            if (LabState.Load(lab) is { ListenerPid: { } pid }) await ListenerProcess.StopAsync(pid, lab).ConfigureAwait(false);
            var removed = await LabNetwork.DownAsync(lab, CancellationToken.None).ConfigureAwait(false);
            LabState.Remove(lab);
            io.Stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"lab {lab} removed: {removed.Count} network namespaces"));
        }
        return ExitCodes.Success;
    }

    private static async Task<int> RunAsync(CliIO io, string intentPath, string? rulesFolder, string? id, ProbeOptions options, LabFormat format, string? output)
    {
        var intent = IntentInput.Read(intentPath, io);
        if (intent is null) return ExitCodes.BadInput;
        RequireEnvironment();
        if (Prepare(io, intent, rulesFolder, id) is not (var plan, var rules)) return ExitCodes.BadInput;
        using var interrupt = new Interrupt();
        var work = LabState.DirectoryOf(plan.Id);
        if (Directory.Exists(work)) throw new LabException($"lab {plan.Id} exists already; remove it with 'netpact lab down --id {plan.Id}'");
        try
        {
            Directory.CreateDirectory(work);
            var result = await LabRunner.RunAsync(plan, rules, intentPath, work, options, Progress(io), interrupt.Token).ConfigureAwait(false);
            ManifestInput.Write(LabReport.Write(result, format), output, io);
            return result.Agrees ? ExitCodes.Success : ExitCodes.Findings;
        }
        finally
        {
            LabState.Remove(plan.Id);
        }
    }

    private static async Task<int> ListenAsync(string id)
    {
        try
        {
            var read = IntentReader.ReadText(File.ReadAllText(LabState.IntentCopyOf(id)), LabState.IntentCopyOf(id));
            if (read.HasErrors) throw new LabException(string.Join("; ", read.Diagnostics));
            var plan = LabPlan.For(read.Intent!, id);
            using var interrupt = new Interrupt();
            using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(interrupt.Token);
            lifetime.CancelAfter(ListenerProcess.Lifetime);
            await LabListeners.ServeAsync(plan, LabState.ReadyFileOf(id), lifetime.Token).ConfigureAwait(false);
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is LabException or IOException or System.Net.Sockets.SocketException or UnauthorizedAccessException)
        {
            // Nobody reads this process's output: 'lab up' shows the log when the listeners do not come up.
            File.WriteAllText(ListenerProcess.LogOf(id), e.Message + "\n");
            return ExitCodes.BadInput;
        }
    }

    /// <summary>How to run this netpact again: the apphost, or 'dotnet netpact.dll'.</summary>
    private static IReadOnlyList<string> Self()
    {
        var process = Environment.ProcessPath ?? throw new LabException("cannot tell how netpact was started, to start its listener process");
        var entry = Assembly.GetEntryAssembly()?.Location;
        return Path.GetFileNameWithoutExtension(process) == "dotnet" && !string.IsNullOrEmpty(entry) ? [process, entry] : [process];
    }
}
