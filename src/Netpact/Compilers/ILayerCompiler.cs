using System.Collections.Immutable;
using Netpact.Intents;
using Netpact.Model;

namespace Netpact.Compilers;

/// <summary>
/// A place where a layer cannot express the intent exactly (a Compose network is all-to-all, ...):
/// the extra flows it causes between these pairs are named, not hidden. Connections limits what it excuses
/// (null: everything between the pairs); extra reach beyond it stays a real difference.
/// </summary>
public sealed record Approximation(
    string Text,
    ImmutableArray<(FlowPeer Source, FlowPeer Destination)> Pairs,
    ConnectionSet? Connections = null)
{
    /// <summary>
    /// False for an approximation that over-counts what is allowed (a port counted open although only some requests
    /// pass): the flows it concerns are named, and extra ones stay differences.
    /// </summary>
    public bool ExcusesExtra { get; init; } = true;
}

/// <summary>
/// An enforcement layer: compiles an intent to its files. The verify stage reads such files back with the
/// layer reader of the same name.
/// </summary>
public interface ILayerCompiler
{
    Layer Layer { get; }

    /// <summary>The layer's name on the command line and in reports: k8s, istio, compose, aws, nftables, prometheus.</summary>
    string Name => Layer.Name();

    /// <summary>Deterministic: the same intent gives byte-identical files.</summary>
    IReadOnlyList<TextFile> Compile(Intent intent);
}
