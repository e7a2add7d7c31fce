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
        var read = ManifestReader.Read(paths);
        var diagnostics = read.Diagnostics.ToList();
        var failed = diagnostics.Any(d => d.Severity == Severity.Error);
        return Task.FromResult(new SourceSnapshot(failed ? null : read.Cluster, [.. paths], [.. diagnostics]));
    }
}
