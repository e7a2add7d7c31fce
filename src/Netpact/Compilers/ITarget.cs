using System.Collections.Immutable;
using Netpact.Intents;
using Netpact.Model;

namespace Netpact.Compilers;

/// <summary>A file a compiler writes, with its path relative to the output folder.</summary>
public sealed record GeneratedFile(string Path, string Content);

/// <summary>
/// A place where a layer cannot express the intent exactly (a Compose network is all-to-all, ...):
/// the extra flows it causes between these pairs are named, not hidden. Connections limits what it excuses
/// (null: everything between the pairs); extra reach beyond it stays a real difference.
/// </summary>
public sealed record Approximation(
    string Text,
    ImmutableArray<(FlowPeer Source, FlowPeer Destination)> Pairs,
    ConnectionSet? Connections = null);

/// <summary>What a layer allows, read back into flows between intent workloads.</summary>
public sealed record LayerFlows(
    FlowMatrix Flows,
    ImmutableArray<Approximation> Approximations,
    ImmutableArray<Diagnostic> Diagnostics,
    bool CoversExternal);

/// <summary>
/// An enforcement layer: compiles an intent to its files, and reads such files back, so that
/// verify can prove the files allow exactly the intended flows.
/// </summary>
public interface ITarget
{
    /// <summary>The name used on the command line: k8s, compose, istio, aws.</summary>
    string Name { get; }

    /// <summary>
    /// Whether the files say which flows are allowed, so verify can read them back. Monitoring targets (alert rules)
    /// carry none: verify skips them and says so.
    /// </summary>
    bool CarriesFlows => true;

    /// <summary>Deterministic: the same intent gives byte-identical files.</summary>
    IReadOnlyList<GeneratedFile> Compile(Intent intent);

    /// <summary>Reads files of this layer (generated or hand-written) into the flows they allow between the intent's workloads.</summary>
    LayerFlows Read(IReadOnlyList<GeneratedFile> files, Intent intent);
}
