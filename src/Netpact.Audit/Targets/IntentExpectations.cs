using System.Collections.Immutable;
using Netpact.Intents;

namespace Netpact.Audit.Targets;

/// <summary>
/// What an intent says about public endpoints: a workload that a flow from the internet reaches, in a
/// zone that is not internal, is public. Public endpoints must meet Mozilla's modern profile (the
/// seed's "TLS 1.3 only on the outside") and be HTTPS only: no port open but those the internet flows name.
/// </summary>
public sealed record IntentExpectations(ImmutableSortedDictionary<string, ImmutableArray<int>> PublicWorkloads)
{
    public ImmutableHashSet<int> PublicPorts => [.. PublicWorkloads.Values.SelectMany(p => p)];

    public static IntentExpectations Derive(Intent intent)
    {
        var result = new SortedDictionary<string, SortedSet<int>>(StringComparer.Ordinal);
        foreach (var flow in intent.Flows.Where(f => f.From.Kind == FlowEndKind.Internet))
        {
            var targets = flow.To.Kind switch
            {
                FlowEndKind.Workload => intent.Workload(flow.To.Text) is { } w ? [w] : [],
                FlowEndKind.Zone => intent.Zone(flow.To.Text) is { } z ? intent.WorkloadsIn(z).ToArray() : [],
                _ => Array.Empty<IntentWorkload>(),
            };
            foreach (var workload in targets)
            {
                if (intent.Zone(workload.Zone) is not { Internal: false }) continue;
                var ports = flow.Ports.IsEmpty
                    ? workload.Ports.Select(p => p.Port)
                    : flow.Ports.Select(p => p.Port ?? workload.Ports.FirstOrDefault(wp => wp.Name == p.Name)?.Port).OfType<int>();
                if (!result.TryGetValue(workload.Name, out var set)) result[workload.Name] = set = [];
                set.UnionWith(ports);
            }
        }
        return new IntentExpectations(result.ToImmutableSortedDictionary(kv => kv.Key, kv => kv.Value.ToImmutableArray(), StringComparer.Ordinal));
    }
}
