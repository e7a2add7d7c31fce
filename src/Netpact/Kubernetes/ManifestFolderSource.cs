using System.Collections.Immutable;
using Netpact.Kubernetes;
using Netpact.Model;
using Netpact.Sources;

namespace Netpact.Kubernetes;

/// <summary>Manifest files and folders, read again on every run (so edits and deployments show up).</summary>
public sealed class ManifestFolderSource(IReadOnlyList<string> paths) : IClusterSource
{
    public string Description => string.Join(", ", paths);

    public Task<SourceSnapshot> ReadAsync(CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        // Istio's resources are read by lint and the analysis from their own files (PactCheck), as report reads them.
        var withIstio = InputSet.Read(paths, []).Layers.Contains(Layer.Istio);
        var read = ManifestReader.Read(paths, null, [], new ReadOptions { WithIstio = withIstio });
        var diagnostics = read.Diagnostics.ToList();
        var failed = diagnostics.Any(d => d.Severity == Severity.Error);
        return Task.FromResult(new SourceSnapshot(failed ? null : read.Cluster, [.. paths], [.. diagnostics]));
    }
}
