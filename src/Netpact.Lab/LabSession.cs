using Netpact.Compilers;
using Netpact.Intents;
using Netpact.Model;

namespace Netpact.Lab;

/// <summary>
/// The lab's use cases, one method each: make a lab and leave it running (<see cref="UpAsync"/>), probe it
/// (<see cref="ProbeAsync"/>), remove it (<see cref="DownAsync"/>), or all three at once (<see cref="RunAsync"/>).
/// A failure or a cancellation half-way through up or run removes everything the lab had made before the
/// exception leaves. Failures the user can act on are <see cref="LabException"/>s; callers only print.
/// </summary>
public static class LabSession
{
    /// <summary>Plans the lab for an intent and reads its rules: compiled from the intent, or every WORKLOAD.nft of <paramref name="rulesFolder"/>.</summary>
    public static LabSetup Prepare(Intent intent, string? rulesFolder, string? id)
    {
        LabEnvironment.Require();
        var plan = LabPlan.For(intent, id ?? LabPlan.NewId());
        return new LabSetup(plan, rulesFolder is null ? LabRules.Compiled(plan) : LabRules.FromDirectory(rulesFolder, plan));
    }

    /// <summary>
    /// Makes the lab and leaves it running: namespaces, links, addresses, rules, and a listener process started
    /// with <paramref name="listenerCommand"/> ('netpact', to which 'lab listen --id ID' is added). Saves the state
    /// that <see cref="Load"/> and <see cref="DownAsync"/> read. When a step fails or <paramref name="cancellation"/>
    /// fires, stops the listener, removes the namespaces and the state, and rethrows.
    /// </summary>
    public static async Task<LabState> UpAsync(LabSetup setup, string intentFile, IReadOnlyList<string> listenerCommand, Action<string> progress, CancellationToken cancellation)
    {
        var (plan, rules) = (setup.Plan, setup.Rules);
        if (LabState.Load(plan.Id) is not null) throw new LabException($"lab {plan.Id} exists already; remove it with 'netpact lab down --id {plan.Id}'");
        // Checked before anything is made: the rollback below must never remove a lab this call did not make.
        if (LabNetwork.Namespaces(plan.Id) is { Count: > 0 } existing)
            throw new LabException($"lab {plan.Id} exists already ({existing.Count} namespaces); remove it with 'netpact lab down --id {plan.Id}', or choose another id");

        int? listener = null;
        try
        {
            Directory.CreateDirectory(LabState.DirectoryOf(plan.Id));
            File.Copy(intentFile, LabState.IntentCopyOf(plan.Id), overwrite: true);
            await LabNetwork.UpAsync(plan, rules.Files, LabState.RulesOf(plan.Id), progress, cancellation).ConfigureAwait(false);
            progress("starting the listeners");
            listener = ListenerProcess.Start(plan.Id, listenerCommand);
            var sctp = await ListenerProcess.WaitReadyAsync(plan.Id, listener.Value, TimeSpan.FromSeconds(60), cancellation).ConfigureAwait(false);
            var state = new LabState(plan.Id, intentFile, rules.Source, listener, sctp, DateTimeOffset.UtcNow);
            state.Save();
            return state;
        }
        catch
        {
            if (listener is { } pid) await ListenerProcess.StopAsync(pid, plan.Id).ConfigureAwait(false);
            await LabNetwork.DownAsync(plan.Id, CancellationToken.None).ConfigureAwait(false);
            LabState.Remove(plan.Id);
            throw;
        }
    }

    /// <summary>The ids of every lab on this machine: those with state and those with namespaces only (a run that was killed).</summary>
    public static IReadOnlyList<string> Ids() => [.. LabState.Ids().Concat(LabNetwork.LabIds()).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>The lab meant: the given id, else the only one on this machine.</summary>
    public static string Resolve(string? id)
    {
        if (id is not null)
        {
            if (!LabPlan.IsValidId(id)) throw new LabException($"'{id}' is not a lab id: use 1-12 lowercase letters and digits");
            return id;
        }
        var ids = Ids();
        return ids.Count switch
        {
            0 => throw new LabException("no lab is up; start one with 'netpact lab up INTENT'"),
            1 => ids[0],
            _ => throw new LabException($"{ids.Count} labs are up ({string.Join(", ", ids)}); choose one with --id"),
        };
    }

    /// <summary>Reads the state of the lab meant (see <see cref="Resolve"/>) that 'up' left.</summary>
    public static SavedLab Load(string? id)
    {
        LabEnvironment.Require();
        var lab = Resolve(id);
        var state = LabState.Load(lab) ?? throw new LabException($"lab {lab} has no saved state (was it brought up by 'netpact lab up'?); remove it with 'netpact lab down --id {lab}'");
        var read = IntentReader.ReadText(File.ReadAllText(LabState.IntentCopyOf(lab)), state.IntentFile);
        return new SavedLab(lab, state, read.HasErrors ? null : LabPlan.For(read.Intent!, lab), read.Diagnostics);
    }

    /// <summary>Probes a lab that is up, once its namespaces and its listeners are found all there.</summary>
    public static async Task<LabResult> ProbeAsync(SavedLab saved, ProbeOptions options, Action<string> progress, CancellationToken cancellation)
    {
        var (lab, state) = (saved.Id, saved.State);
        var plan = saved.Plan ?? throw new ArgumentException($"the intent of lab {lab} did not read", nameof(saved));
        var missing = plan.Hosts.Select(h => h.Namespace).Prepend(plan.BridgeNamespace).Except(LabNetwork.Namespaces(lab)).ToList();
        if (missing.Count > 0) throw new LabException($"lab {lab} is incomplete ({string.Join(", ", missing)} missing); remove it with 'netpact lab down --id {lab}' and bring it up again");
        if (state.ListenerPid is not { } pid || !ListenerProcess.IsRunning(pid, lab))
            throw new LabException($"the listeners of lab {lab} are gone; remove it with 'netpact lab down --id {lab}' and bring it up again");

        var rules = state.Rules == LabRules.CompiledSource
            ? LabRules.Compiled(plan)
            : LabRules.FromFiles(state.Rules, [.. Directory.EnumerateFiles(LabState.RulesOf(lab), "*.nft").Order(StringComparer.Ordinal)
                .Select(f => new TextFile(Path.Combine(state.Rules, Path.GetFileName(f)), File.ReadAllText(f)))], plan);
        progress($"probing lab {lab}: {plan.Probes.Length} connection attempts, {options.Parallelism} at a time");
        return await LabRunner.ProbeAsync(plan, rules, state.IntentFile, options with { Sctp = state.Sctp }, cancellation).ConfigureAwait(false);
    }

    /// <summary>The labs 'down' removes: every lab on this machine with <paramref name="all"/>, else the one meant.</summary>
    public static IReadOnlyList<string> ToRemove(string? id, bool all)
    {
        LabEnvironment.Require();
        return all ? Ids() : [Resolve(id)];
    }

    /// <summary>
    /// Removes a lab, whatever is left of it (after 'up', or after a 'run' that was killed): its listener process,
    /// its namespaces (and with them its links and rules), its state. Returns the namespaces removed.
    /// </summary>
    public static async Task<IReadOnlyList<string>> DownAsync(string id)
    {
        if (LabState.Load(id) is { ListenerPid: { } pid }) await ListenerProcess.StopAsync(pid, id).ConfigureAwait(false);
        var removed = await LabNetwork.DownAsync(id, CancellationToken.None).ConfigureAwait(false);
        LabState.Remove(id);
        return removed;
    }

    /// <summary>
    /// Up, probe and down in one call, the listeners in this process. Whatever happens (a failed step, a failed
    /// probe, cancellation), the lab's namespaces and its work folder are removed before this returns or throws.
    /// </summary>
    public static async Task<LabResult> RunAsync(LabSetup setup, string intentFile, ProbeOptions options, Action<string> progress, CancellationToken cancellation)
    {
        var (plan, rules) = (setup.Plan, setup.Rules);
        var work = LabState.DirectoryOf(plan.Id);
        if (Directory.Exists(work)) throw new LabException($"lab {plan.Id} exists already; remove it with 'netpact lab down --id {plan.Id}'");
        try
        {
            Directory.CreateDirectory(work);
            return await LabRunner.RunAsync(plan, rules, intentFile, work, options, progress, cancellation).ConfigureAwait(false);
        }
        finally
        {
            LabState.Remove(plan.Id);
        }
    }

    /// <summary>
    /// What the listener process does: holds the listeners of lab <paramref name="id"/> open until
    /// <paramref name="cancellation"/> fires or <see cref="ListenerProcess.Lifetime"/> ends. False when they
    /// could not be opened, the reason written to the listener's log (nobody reads the process's output: 'up'
    /// shows the log when the listeners do not come up).
    /// </summary>
    public static async Task<bool> ListenAsync(string id, CancellationToken cancellation)
    {
        try
        {
            var read = IntentReader.ReadText(File.ReadAllText(LabState.IntentCopyOf(id)), LabState.IntentCopyOf(id));
            if (read.HasErrors) throw new LabException(string.Join("; ", read.Diagnostics));
            var plan = LabPlan.For(read.Intent!, id);
            using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            lifetime.CancelAfter(ListenerProcess.Lifetime);
            await LabListeners.ServeAsync(plan, LabState.ReadyFileOf(id), lifetime.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is LabException or IOException or System.Net.Sockets.SocketException or UnauthorizedAccessException)
        {
            await File.WriteAllTextAsync(ListenerProcess.LogOf(id), e.Message + "\n", CancellationToken.None).ConfigureAwait(false);
            return false;
        }
    }
}
