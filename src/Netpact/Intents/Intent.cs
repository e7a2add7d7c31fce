using System.Collections.Immutable;
using Netpact.Model;

namespace Netpact.Intents;

/// <summary>
/// The architecture, written once: zones, workloads, the flows between them, and what every target
/// needs to enforce it. Everything not listed as a flow is denied.
/// </summary>
public sealed record Intent(
    string Name,
    ImmutableArray<Zone> Zones,
    ImmutableArray<IntentWorkload> Workloads,
    ImmutableArray<Flow> Flows,
    IntentDefaults Defaults,
    TargetOptions Targets,
    SourceSpan Span)
{
    /// <summary>No zones, workloads or flows: reading a layer with it keeps the layer's own names.</summary>
    public static readonly Intent Empty = new("input", [], [], [], new IntentDefaults(true, null, SourceSpan.None), TargetOptions.Default, SourceSpan.None);

    public IntentWorkload? Workload(string name) => Workloads.FirstOrDefault(w => w.Name == name);

    public Zone? Zone(string name) => Zones.FirstOrDefault(z => z.Name == name);

    public IEnumerable<IntentWorkload> WorkloadsIn(Zone zone) => Workloads.Where(w => w.Zone == zone.Name);

    public Zone ZoneOf(IntentWorkload workload) => Zone(workload.Zone) ?? throw new InvalidOperationException($"unknown zone {workload.Zone}");

    /// <summary>The Kubernetes namespace of a workload: its own, else its zone's.</summary>
    public string NamespaceOf(IntentWorkload workload) => workload.Namespace ?? ZoneOf(workload).Namespace;

    /// <summary>
    /// The workload as the intent describes it, for policies checked without their workloads: a Deployment of one
    /// pod with the intent's labels and ports, in its namespace.
    /// </summary>
    public Workload Placed(IntentWorkload workload) =>
        new(NamespaceOf(workload), workload.Name, "Deployment",
            [new Pod(workload.Name, workload.Labels, [.. workload.Ports.Select(p => new ContainerPort(p.Name, p.Port, p.Protocol))], workload.Span)],
            workload.Span);
}

/// <summary>A segment of the network (public, app, data, ...) and the platform facts targets need.</summary>
public sealed record Zone(
    string Name,
    string Namespace,
    Cidr? Subnet,
    bool Internal,
    ImmutableArray<string> IsolatedFrom,
    string? Description,
    SourceSpan Span);

/// <summary>A port a workload listens on.</summary>
public sealed record IntentPort(string? Name, int Port, Protocol Protocol, SourceSpan Span)
{
    public override string ToString() => Name is null ? $"{Port}/{Protocol}" : $"{Name} ({Port}/{Protocol})";
}

public sealed record IntentWorkload(
    string Name,
    string Zone,
    string? Namespace,
    ImmutableSortedDictionary<string, string> Labels,
    string ServiceAccount,
    ImmutableArray<IntentPort> Ports,
    string? Description,
    SourceSpan Span);

public enum FlowEndKind { Workload, Zone, Internet, Cidr }

/// <summary>One end of a flow: a workload, every workload of a zone, the internet, or a CIDR.</summary>
public sealed record FlowEnd(FlowEndKind Kind, string Text, Cidr? Cidr, SourceSpan Span)
{
    public bool IsExternal => Kind is FlowEndKind.Internet or FlowEndKind.Cidr;

    public override string ToString() => Text;
}

/// <summary>A port of a flow as written: a port name of the destination, or a number with a protocol.</summary>
public sealed record FlowPort(string? Name, int? Port, Protocol Protocol, SourceSpan Span)
{
    public override string ToString() => Name ?? $"{Port}/{Protocol}";
}

/// <summary>An allowed flow. No ports means every port the destination declares.</summary>
public sealed record Flow(string Id, FlowEnd From, FlowEnd To, ImmutableArray<FlowPort> Ports, string? Description, SourceSpan Span)
{
    public override string ToString() => $"{From} -> {To}" + (Ports.IsEmpty ? "" : $" [{string.Join(", ", Ports)}]");
}

/// <summary>What holds unless flows say otherwise.</summary>
public sealed record IntentDefaults(bool DenyAll, string? DnsResolver, SourceSpan Span);

/// <summary>Per-target options.</summary>
public sealed record TargetOptions(string IstioMtlsMode, string ComposeProject, string AwsVpcId, string ClusterDomain)
{
    public static readonly TargetOptions Default = new("STRICT", "app", "var.vpc_id", "cluster.local");
}
