using System.Collections.Immutable;
using Netpact.Diff;
using Netpact.Kubernetes;
using Netpact.Model;

namespace Netpact.Response;

/// <summary>
/// Ends a quarantine: names the files of its folder to delete and proves, with the semantic diff, that the inputs
/// without them allow exactly what the pre-incident record (kept in the folder when the quarantine was written)
/// allowed. A difference means the inputs changed during the incident or the folder holds more than the quarantine.
/// </summary>
public static class QuarantineUndo
{
    /// <param name="input">The inputs now (they may hold the quarantine's objects, applied, or not).</param>
    /// <param name="folder">The files netpact wrote to the quarantine folder, paths relative to it.</param>
    public static UndoResult Prove(QuarantineInput input, IReadOnlyList<TextFile> folder)
    {
        var record = folder.FirstOrDefault(f => f.Path == Quarantine.PreIncidentRecord);
        if (record is null)
        {
            return new UndoResult([], null, [$"the folder holds no {Quarantine.PreIncidentRecord} written by netpact: name the folder 'netpact quarantine -o' wrote"]);
        }
        var manifests = folder.Where(f => f.Path.StartsWith(Quarantine.KubernetesFolder + "/", StringComparison.Ordinal)
                                          && f.Content.Contains(QuarantineManifests.ReasonAnnotation, StringComparison.Ordinal)).ToList();
        var errors = new List<string>();
        var quarantine = new Cluster([], [], [], []);
        foreach (var file in manifests)
        {
            var read = ManifestReader.ReadText(file.Content, file.Path);
            errors.AddRange(read.Diagnostics.Where(d => d.Severity == Severity.Error).Select(d => d.ToString()));
            quarantine = QuarantineInput.Combine(quarantine, read.Cluster);
        }
        var preIncidentRead = ManifestReader.ReadText(record.Content, record.Path);
        errors.AddRange(preIncidentRead.Diagnostics.Where(d => d.Severity == Severity.Error).Select(d => d.ToString()));
        if (errors.Count > 0) return new UndoResult([], null, [.. errors]);

        var preIncident = input.Intent is { } intent ? QuarantineInput.WithIntentWorkloads(preIncidentRead.Cluster, intent) : preIncidentRead.Cluster;
        var applied = QuarantineInput.Combine(input.Cluster, quarantine);
        var restored = QuarantineInput.Without(applied,
            quarantine.Policies.Select(p => p.Id).ToHashSet(StringComparer.Ordinal),
            quarantine.AdminPolicies.Select(p => p.Id).ToHashSet(StringComparer.Ordinal));
        var delete = folder.Select(f => f.Path).Order(StringComparer.Ordinal).ToImmutableArray();
        return new UndoResult(delete, SemanticDiff.Compare(preIncident, restored), []);
    }
}

/// <summary>The files to delete, and the semantic diff from the pre-incident record to the inputs without the quarantine.</summary>
public sealed record UndoResult(ImmutableArray<string> FilesToDelete, ConnectivityDiff? Diff, ImmutableArray<string> Errors)
{
    public bool Restores => Errors.IsEmpty && Diff is { IsEmpty: true };
}
