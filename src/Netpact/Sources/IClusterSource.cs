using System.Collections.Immutable;
using Netpact.Model;

namespace Netpact.Sources;

/// <summary>
/// What one run analyzes: the cluster model, the files and folders it came from as given (lint and verify also read
/// other layers in them: Istio, Compose, security groups; they name them as given, as 'netpact report' does), and the
/// problems met reading it.
/// </summary>
public sealed record SourceSnapshot(Cluster? Cluster, ImmutableArray<string> Files, ImmutableArray<Diagnostic> Diagnostics)
{
    public bool HasErrors => Cluster is null || Diagnostics.Any(d => d.Severity == Severity.Error);
}

/// <summary>
/// Where serve gets the cluster from on every run. Folders of manifests today (<see cref="ManifestFolderSource"/>);
/// a live cluster is another implementation (returning no files), chosen by the configuration.
/// </summary>
public interface IClusterSource
{
    /// <summary>What the source reads, for logs and the status page.</summary>
    string Description { get; }

    Task<SourceSnapshot> ReadAsync(CancellationToken cancellation);
}
