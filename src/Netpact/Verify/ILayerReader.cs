using Netpact.Compilers;
using Netpact.Intents;
using Netpact.Model;

namespace Netpact.Verify;

/// <summary>
/// Reads the files of an enforcement layer (compiled or hand-written) back into the flows they allow between the
/// intent's workloads, so that verify can prove they allow exactly the intended flows.
/// </summary>
public interface ILayerReader
{
    Layer Layer { get; }

    /// <summary>The layer's name on the command line and in reports: k8s, istio, compose, aws, nftables, prometheus.</summary>
    string Name => Layer.Name();

    /// <summary>
    /// Whether the files say which flows are allowed, so verify can read them back. Monitoring layers (alert rules)
    /// carry none: verify skips them and says so.
    /// </summary>
    bool CarriesFlows => true;

    /// <summary>Reads files of this layer (generated or hand-written) into the flows they allow between the intent's workloads.</summary>
    LayerFlows Read(IReadOnlyList<TextFile> files, Intent intent);
}
