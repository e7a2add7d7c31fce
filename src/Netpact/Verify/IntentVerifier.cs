using Netpact.Compilers;
using Netpact.Intents;
using Netpact.Kubernetes;
using Netpact.Model;
using Netpact.Sources;

namespace Netpact.Verify;

/// <summary>Runs verify: every compiled layer against the intent, or the user's files of any layer against it.</summary>
public static class IntentVerifier
{
    /// <summary>Targets whose files carry no flows (alert rules): verify skips them.</summary>
    public static IReadOnlyList<string> Unverifiable { get; } = [.. LayerReaders.All.Where(r => !r.CarriesFlows).Select(r => r.Name)];

    /// <summary>Compiles every target that carries flows in memory, reads each back and compares it with the intent.</summary>
    public static IReadOnlyList<Verification> VerifyCompiled(Intent intent)
    {
        var intended = IntendedFlows.Of(intent);
        return [.. LayerReaders.All.Where(r => r.CarriesFlows).Select(r => FlowComparison.Compare(r.Name, "compiled", intended, r.Read(LayerCompilers.Find(r.Layer).Compile(intent), intent)))];
    }

    /// <summary>
    /// Checks existing files against the intent, each layer on its own: Kubernetes manifests, Istio policies,
    /// Compose files, security groups (recognised by their content). A layer with errors in its files is left out
    /// with those errors, as manifests with errors are. Files of targets that carry no flows (Prometheus alert
    /// rules) are left out with a warning.
    /// </summary>
    public static IReadOnlyList<Verification> VerifyFiles(Intent intent, IReadOnlyList<string> paths, List<Diagnostic> diagnostics)
    {
        var inputs = InputSet.Read(paths, diagnostics);
        var input = paths.Count == 1 ? paths[0] : $"{paths[0]} (+{paths.Count - 1} more)";
        Cluster? cluster = null;
        if (inputs.Layers.Contains(Layer.Kubernetes))
        {
            var read = ManifestReader.Read(inputs, []);
            diagnostics.AddRange(read.Diagnostics);
            if (!read.HasErrors) cluster = read.Cluster;
        }
        return VerifyFiles(intent, inputs, cluster, input, diagnostics);
    }

    /// <summary>
    /// As <see cref="VerifyFiles(Intent, IReadOnlyList{string}, List{Diagnostic})"/>, on an input set already read and
    /// its manifests already read into <paramref name="cluster"/> (null when it holds none, or they had errors), for a
    /// caller that needs them too (flows maps pod addresses): each file is read once.
    /// </summary>
    public static IReadOnlyList<Verification> VerifyFiles(Intent intent, InputSet inputs, Cluster? cluster, string input, List<Diagnostic> diagnostics)
    {
        var results = new List<Verification>();
        if (cluster is not null) results.Add(ManifestVerifier.Verify(intent, cluster, input));
        var intended = IntendedFlows.Of(intent);
        foreach (var target in LayerReaders.All.Where(r => r.Layer != Layer.Kubernetes))
        {
            var layerFiles = inputs.Of(target.Layer);
            if (layerFiles.Count == 0) continue;
            if (!target.CarriesFlows)
            {
                diagnostics.AddRange(layerFiles.Select(f => Diagnostic.Warning(new SourceSpan(f.Path, 0, 0),
                    $"{target.Name} files allow no flows (alert rules); not verified")));
                continue;
            }
            // Istio's policies act on the pods the manifests beside them run: sidecars and service accounts come from there.
            var flows = target is IstioLayerReader istio && cluster is not null ? istio.Read(layerFiles, intent, cluster) : target.Read(layerFiles, intent);
            // A layer file that could not be read is bad input, as a manifest is: no verdict on what was not read.
            if (flows.Diagnostics.Any(d => d.Severity == Severity.Error))
            {
                diagnostics.AddRange(flows.Diagnostics.Where(d => d.Severity == Severity.Error));
                continue;
            }
            results.Add(FlowComparison.Compare(target.Name, input, intended, flows));
        }
        if (!inputs.Layers.Any(l => LayerReaders.Find(l).CarriesFlows))
            diagnostics.Add(Diagnostic.Error(new SourceSpan(input, 0, 0), "no files of any layer found to verify"));
        return results;
    }
}
