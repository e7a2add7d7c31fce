using System.Collections.Immutable;
using Netpact.Model;

namespace Netpact.Response;

/// <summary>
/// A target or forensic source resolved against the inputs: its workloads, and the selector that picks exactly their
/// pods (the labels every pod of the workload carries; null selects the whole namespace).
/// </summary>
internal sealed record QuarantineScope(string Namespace, ImmutableSortedDictionary<string, string>? PodLabels, ImmutableArray<Workload> Workloads)
{
    /// <summary>Resolves `NS` or `NS/NAME`; null with <paramref name="error"/> saying what to do when it is not in the inputs.</summary>
    public static QuarantineScope? Resolve(Cluster cluster, QuarantineTarget target, string role, out string? error)
    {
        error = null;
        var inNamespace = cluster.Workloads.Where(w => w.Namespace == target.Namespace).ToList();
        if (target.Workload is null)
        {
            if (inNamespace.Count == 0)
            {
                var named = cluster.Workloads.Where(w => w.BaseName == target.Namespace).Select(w => $"{w.Namespace}/{w.BaseName}").ToList();
                error = named.Count > 0
                    ? $"'{target.Namespace}' is no namespace of the inputs ({role}); a workload is named so: write it as NAMESPACE/NAME, e.g. {Names(named)}"
                    : $"the inputs hold no workload in namespace '{target.Namespace}' ({role}); the namespaces with workloads are: {Names(cluster.Workloads.Select(w => w.Namespace))}";
                return null;
            }
            return new QuarantineScope(target.Namespace, null, [.. inNamespace]);
        }
        var name = $"{target.Namespace}/{target.Workload}";
        var workloads = inNamespace.Where(w => w.AnswersTo(name)).ToList();
        if (workloads.Count == 0)
        {
            error = inNamespace.Count == 0
                ? $"the inputs hold no workload '{name}' ({role}) and no workload in namespace '{target.Namespace}'; the namespaces with workloads are: {Names(cluster.Workloads.Select(w => w.Namespace))}"
                : $"the inputs hold no workload '{name}' ({role}); the workloads of namespace '{target.Namespace}' are: {Names(inNamespace.Select(w => w.BaseName))}";
            return null;
        }
        var pods = workloads.SelectMany(w => w.Pods).ToList();
        if (pods.Count == 0)
        {
            error = $"workload '{name}' ({role}) has no pods or pod template to select; quarantine its namespace '{target.Namespace}' instead";
            return null;
        }
        var common = pods[0].Labels.Where(l => pods.All(p => p.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).ToImmutableSortedDictionary(StringComparer.Ordinal);
        if (common.IsEmpty)
        {
            error = $"the pods of '{name}' ({role}) share no label, so no selector picks them alone; quarantine namespace '{target.Namespace}' instead";
            return null;
        }
        var others = inNamespace.Except(workloads).Where(w => w.Pods.Any(p => common.All(l => p.Labels.TryGetValue(l.Key, out var v) && v == l.Value))).ToList();
        if (others.Count > 0)
        {
            error = $"the labels of '{name}' ({role}: {string.Join(", ", common.Select(l => $"{l.Key}={l.Value}"))}) also select {Names(others.Select(o => o.Id))}; " +
                    $"give its pods a label of their own, or quarantine namespace '{target.Namespace}'";
            return null;
        }
        return new QuarantineScope(target.Namespace, common, [.. workloads]);
    }

    private static string Names(IEnumerable<string> names) => string.Join(", ", names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    public bool Contains(Workload w) => Workloads.Contains(w);

    /// <summary>Whether an intent workload (by namespace and labels) is one of these pods.</summary>
    public bool Holds(string ns, IReadOnlyDictionary<string, string> labels) =>
        ns == Namespace && (PodLabels is null || PodLabels.All(l => labels.TryGetValue(l.Key, out var v) && v == l.Value));
}
