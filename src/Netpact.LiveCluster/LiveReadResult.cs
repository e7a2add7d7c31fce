using System.Collections.Immutable;
using Netpact.Kubernetes;
using Netpact.Model;

namespace Netpact.LiveCluster;

/// <summary>The objects read from a live cluster as manifests (one JSON document each), and what went wrong.</summary>
public sealed record LiveReadResult(ImmutableArray<ManifestText> Objects, ImmutableArray<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == Severity.Error);

    /// <summary>Whether an object read is one of Istio's security resources (for the Istio reader, not the manifest reader).</summary>
    public static bool IsIstio(ManifestText manifest) =>
        manifest.Text.StartsWith("{\n  \"apiVersion\": \"security.istio.io/", StringComparison.Ordinal);
}
