using Netpact.Model;

namespace Netpact.Lint;

/// <summary>What lint reads: the cluster model, what the manifests say as written, and the lint configuration.</summary>
public sealed record LintInput(Cluster Cluster, SourceFacts Facts, LintConfig Config);
