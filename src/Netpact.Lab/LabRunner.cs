using System.Diagnostics;
using Netpact.Intents;

namespace Netpact.Lab;

/// <summary>Probes a lab and compares each probe with the intent and with the prediction; or runs a whole lab.</summary>
internal static class LabRunner
{
    /// <summary>Probes a lab that is up, with its listeners on.</summary>
    public static async Task<LabResult> ProbeAsync(LabPlan plan, LabRules rules, string intentFile, ProbeOptions options, CancellationToken cancellation)
    {
        var started = Stopwatch.GetTimestamp();
        var intended = IntendedFlows.Of(plan.Intent);
        bool Intended(LabProbe p) => intended.Between(p.FromAddress.IntentPeer, p.ToAddress.IntentPeer).Allowed.Allows(p.Port.Protocol, p.Port.Port);
        bool Predicted(LabProbe p) => rules.Predicted.Flows.Between(p.FromAddress.LabPeer, p.ToAddress.LabPeer).Allowed.Allows(p.Port.Protocol, p.Port.Port);

        var observations = await LabProber.ProbeAsync(plan.Probes, p => Intended(p) || Predicted(p), options, cancellation).ConfigureAwait(false);
        var drops = await LabNetwork.DropsAsync(plan, cancellation).ConfigureAwait(false);
        var results = observations.Select(o => new ProbeResult(o.Probe, Intended(o.Probe), Predicted(o.Probe), o.Reach, o.Detail))
            .Select(r => r.Disagrees && !r.Predicted ? r with { DroppedBy = rules.DroppedBy(r.Probe) } : r);
        var notes = plan.Notes.ToList();
        if (!options.Sctp && plan.Probes.Any(p => p.Port.Protocol == Model.Protocol.SCTP)) notes.Add("SCTP probes were skipped: this kernel offers no SCTP sockets");
        return new LabResult(plan.Id, intentFile, rules.Source, plan.Hosts, [.. results], [.. drops], [.. notes.Distinct()],
            [.. rules.Predicted.Diagnostics], Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// Up, listen, probe, down in one call. Whatever happens (a failed step, a failed probe, cancellation), every
    /// namespace the lab made is removed before this returns or throws.
    /// </summary>
    public static async Task<LabResult> RunAsync(LabPlan plan, LabRules rules, string intentFile, string workDirectory, ProbeOptions options, Action<string> progress, CancellationToken cancellation)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await LabNetwork.UpAsync(plan, rules.Files, Path.Combine(workDirectory, "rules"), progress, cancellation).ConfigureAwait(false);
            LabResult result;
            progress("opening listeners on every port of every host");
            await using (var listeners = await LabListeners.StartAsync(plan, cancellation).ConfigureAwait(false))
            {
                progress($"probing: {plan.Probes.Length} connection attempts, {options.Parallelism} at a time");
                result = await ProbeAsync(plan, rules, intentFile, options with { Sctp = listeners.SctpSupported }, cancellation).ConfigureAwait(false);
            }
            return result with { Duration = Stopwatch.GetElapsedTime(started) };
        }
        finally
        {
            progress("removing the lab");
            await LabNetwork.DownAsync(plan.Id, CancellationToken.None).ConfigureAwait(false);
        }
    }
}
