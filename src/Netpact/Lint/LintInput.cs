using System.Collections.Immutable;
using Netpact.Cloud;
using Netpact.Compose;
using Netpact.Istio;
using Netpact.Model;

namespace Netpact.Lint;

/// <summary>
/// What lint reads: the cluster model, what the manifests say as written, the lint configuration, and the other
/// layers when the input has them (Istio security policies, Compose projects, AWS security groups).
/// </summary>
public sealed record LintInput(Cluster Cluster, SourceFacts Facts, LintConfig Config)
{
    public IstioConfig Istio { get; init; } = new([], [], IstioConfig.DefaultRootNamespace);

    public ImmutableArray<ComposeProject> Compose { get; init; } = [];

    public ImmutableArray<SecurityGroup> SecurityGroups { get; init; } = [];

    /// <summary>The cluster's connectivity when the caller has it already; lint analyzes the cluster itself otherwise.</summary>
    public Analysis.Connectivity? Connectivity { get; init; }
}
