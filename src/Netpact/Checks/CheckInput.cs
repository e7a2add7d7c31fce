using System.Collections.Immutable;
using Netpact.Istio;
using Netpact.Kubernetes;
using Netpact.Lint;
using Netpact.Model;

namespace Netpact.Checks;

/// <summary>
/// What a check runs on: the cluster read from the inputs, the input paths of every layer (Kubernetes, Istio,
/// Compose, AWS; '-' for <see cref="Stdin"/>), the lint configuration and, to verify against, the intent.
/// </summary>
public sealed record CheckInput
{
    public required Cluster Cluster { get; init; }

    /// <summary>Istio's configuration when the inputs hold Istio resources: the analysis is then over both layers.</summary>
    public IstioConfig? Mesh { get; init; }

    /// <summary>Files or folders of any layer, as given; empty for a live cluster.</summary>
    public ImmutableArray<string> Paths { get; init; } = [];

    /// <summary>The text read from standard input when <see cref="Paths"/> holds '-'.</summary>
    public string Stdin { get; init; } = "";

    /// <summary>The objects of a live cluster as fetched, for what they say as written (annotations).</summary>
    public IReadOnlyList<ManifestText> LiveObjects { get; init; } = [];

    /// <summary>The files of <see cref="Paths"/> by layer when the caller has sorted them already (each file is read once).</summary>
    public LintSources? Sources { get; init; }

    public LintConfig LintConfig { get; init; } = LintConfig.Empty;

    /// <summary>False to skip lint (its configuration could not be read).</summary>
    public bool Lint { get; init; } = true;

    public Intents.Intent? Intent { get; init; }

    /// <summary>Names the input in verify's results when there are no paths (a live cluster).</summary>
    public string Description { get; init; } = "";
}
