using Netpact.Kubernetes;
using Netpact.LiveCluster;
using Netpact.Model;
using Netpact.Sources;

namespace Netpact.LiveCluster;

/// <summary>
/// A live cluster, read again from its API server on every run (as 'netpact analyze --cluster' reads it). It has no
/// files: verify checks the cluster model itself, and lint sees no other layers.
/// </summary>
public sealed class LiveClusterSource(LiveClusterOptions options) : IClusterSource
{
    public string Description { get; } = Describe(options);

    public async Task<SourceSnapshot> ReadAsync(CancellationToken cancellation)
    {
        var fetched = await LiveClusterReader.ReadAsync(options, cancellation).ConfigureAwait(false);
        cancellation.ThrowIfCancellationRequested();
        if (fetched.HasErrors) return new SourceSnapshot(null, [], fetched.Diagnostics);
        var read = ManifestReader.Read([], null, fetched.Objects);
        var diagnostics = fetched.Diagnostics.Concat(read.Diagnostics).ToList();
        var failed = diagnostics.Any(d => d.Severity == Severity.Error);
        return new SourceSnapshot(failed ? null : read.Cluster, [], [.. diagnostics]);
    }

    private static string Describe(LiveClusterOptions options)
    {
        var context = options.Context is { } c ? $"context {c}" : "current context";
        var config = options.Kubeconfig is { } k ? $" of {k}" : "";
        var namespaces = options.Namespaces.IsDefaultOrEmpty ? "" : $", namespaces {string.Join(", ", options.Namespaces)}";
        return $"live cluster ({context}{config}{namespaces})";
    }
}
