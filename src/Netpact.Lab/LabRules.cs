using Netpact.Compilers;
using Netpact.Compilers.Nftables;
using Netpact.Intents;
using Netpact.Model;
using Netpact.Verify;

namespace Netpact.Lab;

/// <summary>
/// The rulesets a lab loads (one per workload, named WORKLOAD.nft) and what netpact predicts they allow: the
/// nftables reader's flows, with the lab's addresses in the workload sets as the lab puts them there.
/// </summary>
public sealed record LabRules(
    string Source,
    IReadOnlyList<TextFile> Files,
    LayerFlows Predicted,
    Func<FlowPeer, FlowPeer, (ConnectionSet Output, ConnectionSet Input)> Sides)
{
    public const string CompiledSource = "compiled from the intent";

    public IEnumerable<Diagnostic> Errors => Predicted.Diagnostics.Where(d => d.Severity == Severity.Error);

    /// <summary>The intent compiled to nftables with the lab's addresses.</summary>
    public static LabRules Compiled(LabPlan plan) => Of(CompiledSource, new NftablesLayerCompiler().Compile(plan.Intent, plan.Addresses), plan);

    /// <summary>Hand-written (or broken) rulesets: every WORKLOAD.nft in a folder; a workload without one is not filtered.</summary>
    public static LabRules FromDirectory(string directory, LabPlan plan)
    {
        if (!Directory.Exists(directory)) throw new LabException($"{directory}: no such folder of rulesets");
        var files = Directory.EnumerateFiles(directory, "*.nft").Order(StringComparer.Ordinal)
            .Select(f => new TextFile(f, File.ReadAllText(f))).ToList();
        if (files.Count == 0) throw new LabException($"{directory}: no rulesets (WORKLOAD.nft) in this folder");
        return FromFiles(directory, files, plan);
    }

    public static LabRules FromFiles(string source, IReadOnlyList<TextFile> files, LabPlan plan) => Of(source, files, plan);

    private static LabRules Of(string source, IReadOnlyList<TextFile> files, LabPlan plan)
    {
        var reader = new NftablesLayerReader();
        return new LabRules(source, files, reader.Read(files, plan.Intent, plan.WorkloadAddresses), reader.Sides(files, plan.Intent, plan.WorkloadAddresses));
    }

    /// <summary>Which side's rules drop a probe: the source's output, the destination's input, or both (null when neither does).</summary>
    public string? DroppedBy(LabProbe probe)
    {
        var (output, input) = Sides(probe.FromAddress.LabPeer, probe.ToAddress.LabPeer);
        var sides = new List<string>();
        if (!output.Allows(probe.Port.Protocol, probe.Port.Port)) sides.Add($"{probe.From.Name}'s output");
        if (!input.Allows(probe.Port.Protocol, probe.Port.Port)) sides.Add($"{probe.To.Name}'s input");
        return sides.Count == 0 ? null : string.Join(" and ", sides);
    }
}
