using System.Collections.Immutable;
using Netpact.Model;

namespace Netpact.Analysis;

/// <summary>
/// The ports a workload is exposed on towards a peer that may not exist yet. Like a <see cref="ConnectionSet"/>,
/// plus named ports that cannot be resolved: a named port of an egress rule resolves on the destination pod,
/// and a potential destination has no pod to resolve it on, so the name is kept.
/// </summary>
public sealed record ExposureConnection(ConnectionSet Ports, ImmutableSortedSet<(Protocol Protocol, string Name)> NamedPorts)
{
    public static readonly ExposureConnection Empty = new(ConnectionSet.Empty, []);

    public static readonly ExposureConnection All = new(ConnectionSet.All, []);

    public bool IsEmpty => Ports.IsEmpty && NamedPorts.IsEmpty;

    public bool IsAll => Ports.IsAll;

    public ExposureConnection Union(ExposureConnection other) =>
        new(Ports.Union(other.Ports), NamedPorts.Union(other.NamedPorts).Where(n => !Ports.Union(other.Ports)[n.Protocol].IsAll).ToImmutableSortedSet());

    /// <summary>Whether everything this allows, <paramref name="other"/> allows too.</summary>
    public bool ContainedIn(ExposureConnection other) =>
        Ports.Subtract(other.Ports).IsEmpty && NamedPorts.All(n => other.NamedPorts.Contains(n) || other.Ports[n.Protocol].IsAll);

    /// <summary>What the ports of a rule allow: named ports resolved on the pod given, or kept by name without one.</summary>
    public static ExposureConnection Of(IReadOnlyList<PolicyPort> ports, IReadOnlyList<ContainerPort>? resolveOn)
    {
        if (ports.Count == 0) return All;
        var numeric = ConnectionSet.Empty;
        var names = ImmutableSortedSet.CreateBuilder<(Protocol, string)>();
        foreach (var port in ports)
        {
            if (port.Name is { } name && resolveOn is null) names.Add((port.Protocol, name));
            else numeric = numeric.Union(PolicyPorts.Resolve(port, resolveOn ?? []));
        }
        return new(numeric, [.. names.Where(n => !numeric[n.Item1].IsAll)]);
    }

    /// <summary>"All Connections", or per protocol (alphabetical) the port numbers then the names: "TCP 80,http".</summary>
    public override string ToString()
    {
        if (NamedPorts.IsEmpty) return Ports.ToString();
        return string.Join(",", ConnectionSet.Protocols
            .Select(p => (Protocol: p, Parts: (Ports[p].IsEmpty ? [] : new[] { Ports[p].ToString() })
                .Concat(NamedPorts.Where(n => n.Protocol == p).Select(n => n.Name).Order(StringComparer.Ordinal)).ToList()))
            .Where(x => x.Parts.Count > 0)
            .Select(x => $"{x.Protocol} {string.Join(",", x.Parts)}"));
    }
}
