using System.Collections.Immutable;
using Netpact.Compilers;
using Netpact.Intents;
using Netpact.Kubernetes;
using Netpact.Model;

namespace Netpact.Response;

/// <summary>
/// What a quarantine starts from: the cluster as the Kubernetes inputs describe it (the model the engine analyzes),
/// the text of those inputs (kept as the pre-incident record that --undo compares with), and, from an intent, the
/// intent itself and its other compiled layers.
/// </summary>
public sealed record QuarantineInput(Cluster Cluster, ImmutableArray<TextFile> KubernetesFiles)
{
    /// <summary>The intent the inputs were compiled from; null for manifests given as paths.</summary>
    public Intent? Intent { get; init; }

    /// <summary>The files of the other enforcement layers present (from an intent: every compiled layer).</summary>
    public ImmutableDictionary<Layer, ImmutableArray<TextFile>> OtherLayers { get; init; } = ImmutableDictionary<Layer, ImmutableArray<TextFile>>.Empty;

    /// <summary>
    /// The intent compiled in memory: its NetworkPolicies with its workloads placed as the intent describes them (a
    /// Deployment with its labels and ports, as verify does), and every other compiled layer.
    /// </summary>
    public static QuarantineInput FromIntent(Intent intent)
    {
        var k8s = LayerCompilers.Find(Layer.Kubernetes).Compile(intent);
        var cluster = WithIntentWorkloads(ReadCompiled(k8s), intent);
        var others = LayerCompilers.All.Where(c => c.Layer is not (Layer.Kubernetes or Layer.Prometheus))
            .ToImmutableDictionary(c => c.Layer, c => c.Compile(intent).ToImmutableArray());
        return new QuarantineInput(cluster, [.. k8s]) { Intent = intent, OtherLayers = others };
    }

    /// <summary>Manifests the compiler wrote (or the pre-incident record) read into one cluster; an error in them is a bug.</summary>
    internal static Cluster ReadCompiled(IEnumerable<TextFile> files)
    {
        var cluster = new Cluster([], [], [], []);
        foreach (var file in files)
        {
            var read = ManifestReader.ReadText(file.Content, file.Path);
            if (read.HasErrors) throw new InvalidOperationException($"netpact wrote a manifest it cannot read: {read.Diagnostics.First(d => d.Severity == Severity.Error)}");
            cluster = Combine(cluster, read.Cluster);
        }
        return cluster;
    }

    /// <summary>Adds the intent's workloads the manifests do not hold, as verify's NetworkPolicy reader does.</summary>
    internal static Cluster WithIntentWorkloads(Cluster cluster, Intent intent)
    {
        var placed = intent.Workloads.Select(intent.Placed)
            .Where(p => !cluster.Workloads.Any(w => w.Namespace == p.Namespace && w.BaseName == p.Name));
        return cluster with { Workloads = [.. cluster.Workloads, .. placed] };
    }

    /// <summary>
    /// One cluster of two: the objects of <paramref name="added"/> replace those of the same kind, namespace and name
    /// (applying a file again changes nothing).
    /// </summary>
    internal static Cluster Combine(Cluster cluster, Cluster added)
    {
        var policies = added.Policies.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var admin = added.AdminPolicies.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var workloads = added.Workloads.Select(w => w.Id).ToHashSet(StringComparer.Ordinal);
        return new Cluster(
            [.. cluster.Namespaces.Concat(added.Namespaces).DistinctBy(n => n.Name)],
            [.. cluster.Workloads.Where(w => !workloads.Contains(w.Id)), .. added.Workloads],
            [.. cluster.Policies.Where(p => !policies.Contains(p.Id)), .. added.Policies],
            [.. cluster.Skipped, .. added.Skipped])
        {
            AdminPolicies = [.. cluster.AdminPolicies.Where(p => !admin.Contains(p.Id)), .. added.AdminPolicies],
        };
    }

    /// <summary>The cluster without the policies of these ids (NetworkPolicy ns/name, AdminNetworkPolicy kind/name).</summary>
    internal static Cluster Without(Cluster cluster, IReadOnlySet<string> policyIds, IReadOnlySet<string> adminIds) =>
        cluster with
        {
            Policies = [.. cluster.Policies.Where(p => !policyIds.Contains(p.Id))],
            AdminPolicies = [.. cluster.AdminPolicies.Where(p => !adminIds.Contains(p.Id))],
        };
}
