using Netpact.Intents;
using Netpact.Model;

namespace Netpact.Compilers.Nftables;

/// <summary>
/// nftables host firewalls: one ruleset per workload (its host, VM or network namespace), default drop both
/// ways, one rule per intended flow at each end. Read evaluates such rulesets, generated or hand-written.
/// </summary>
public sealed class NftablesLayerCompiler : ILayerCompiler
{
    public Layer Layer => Layer.Nftables;

    /// <summary>The set a ruleset names a workload's addresses by: 'workload.NAME'.</summary>
    public static string SetOf(string workload) => NftablesCompiler.SetOf(workload);

    /// <summary>The sets of every workload's address (IPv4 and IPv6): traffic to the outside excludes them.</summary>
    public static IReadOnlyList<string> AllWorkloadSets { get; } = [NftablesCompiler.AllWorkloadsV4, NftablesCompiler.AllWorkloadsV6];

    /// <summary>Compiles with workloads numbered in their zones' subnets (placeholders where a zone has none).</summary>
    public IReadOnlyList<TextFile> Compile(Intent intent) => Compile(intent, AddressPlan.Default(intent));

    public IReadOnlyList<TextFile> Compile(Intent intent, AddressPlan plan) => NftablesCompiler.Compile(intent, plan);
}
