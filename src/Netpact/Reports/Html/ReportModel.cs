using System.Collections.Immutable;

namespace Netpact.Reports.Html;

/// <summary>
/// What the HTML report shows, serialized as JSON into the page. Nodes and groups are referred to by index, so no
/// user-written name ever becomes an identifier or a selector in the page. When <see cref="Detailed"/> is false the
/// cluster is too large to draw pair by pair: <see cref="Edges"/> then holds only the flows inside each group, and
/// flows between groups are in <see cref="GroupEdges"/> alone (the page draws and heat-maps groups).
/// </summary>
public sealed record ReportModel
{
    public required string Title { get; init; }

    /// <summary>"namespace", or "zone" when an intent names the zones.</summary>
    public required string GroupedBy { get; init; }

    public required bool Detailed { get; init; }

    public required ReportCounts Counts { get; init; }

    public required ImmutableArray<ReportGroup> Groups { get; init; }

    public required ImmutableArray<ReportNode> Nodes { get; init; }

    public required ImmutableArray<ReportEdge> Edges { get; init; }

    /// <summary>Allowed flows summed per (source group, destination group), the diagonal included.</summary>
    public required ImmutableArray<ReportGroupEdge> GroupEdges { get; init; }

    /// <summary>The explanations of both sides of edges, each text once (edges refer to them by index).</summary>
    public required ImmutableArray<string> Texts { get; init; }

    public required ImmutableArray<ReportFinding> Findings { get; init; }

    /// <summary>
    /// Set when the page shows one layer's own deployment (Compose services, security groups) instead of a cluster:
    /// nodes are then its services or groups, and each edge's explanation is that layer's rules.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public ReportLayer? Layer { get; init; }

    /// <summary>Defense in depth against the intent (with --intent and layers to verify): callers by workloads, each cell the layers that stop the caller.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public ReportDepth? Depth { get; init; }

    /// <summary>Policies in the input that netpact does not model (kind, name, location): the page ignores them, and says so in its header.</summary>
    public ImmutableArray<string> Unmodelled { get; init; } = [];
}

/// <summary>A layer shown on its own: its name (compose, aws), what one node is (Kind: "Service") and the words for them.</summary>
public sealed record ReportLayer(string Name, string Kind, string Noun, string Plural)
{
    /// <summary>The files read, comma separated, as explain names them.</summary>
    public string Files { get; init; } = "";

    public static readonly ReportLayer Compose = new("compose", "Service", "Compose service", "Compose services");

    public static readonly ReportLayer SecurityGroups = new("aws", "SecurityGroup", "security group", "security groups");
}

/// <summary>Totals shown in the page header.</summary>
public sealed record ReportCounts(int Workloads, int Namespaces, int Policies, int ExternalRanges, long Connections, long WorkloadPairs)
{
    /// <summary>Istio AuthorizationPolicies and the workloads with a sidecar, when the inputs hold Istio resources; else null (and not written).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public MeshCounts? Mesh { get; init; }
}

/// <summary>What the Istio layer holds: its AuthorizationPolicies, and the workloads that run a sidecar.</summary>
public sealed record MeshCounts(int AuthorizationPolicies, int Sidecars);

/// <summary>A namespace, a zone, or the external addresses; <see cref="IntraEdgesOmitted"/> when its inside flows were too many to embed.</summary>
public sealed record ReportGroup(string Name, string Kind, int Members, long IntraFlows, bool IntraEdgesOmitted);

/// <summary>A workload (ns/name[Kind]) or an external address range, in group <see cref="Group"/>.</summary>
public sealed record ReportNode(string Id, string Name, string Kind, string Namespace, int Group, string Labels);

/// <summary>An allowed flow: node indices, the ports, and the text indices of the egress and ingress explanations.</summary>
public sealed record ReportEdge(int Source, int Target, string Ports, int Egress, int Ingress);

/// <summary>Flows from one group to another: how many endpoint pairs, out of how many, and the union of their ports.</summary>
public sealed record ReportGroupEdge(int Source, int Target, long Flows, long Pairs, string Ports);

/// <summary>
/// The defense-in-depth matrix: callers (intent workloads, then "internet") by the intent's workloads; a pair without a
/// cell is one whose declared ports the intent all opens to that caller.
/// </summary>
public sealed record ReportDepth(ImmutableArray<string> Callers, ImmutableArray<string> Workloads, ImmutableArray<ReportDepthCell> Cells)
{
    public static ReportDepth? Of(IReadOnlyList<Verify.DepthPair> pairs)
    {
        if (pairs.Count == 0) return null;
        static string Name(Model.FlowPeer p) => p.Workload ?? "internet";
        var callers = pairs.Select(p => p.Source).Distinct().OrderBy(p => p.Workload is null).ThenBy(Name, StringComparer.Ordinal).Select(Name).ToList();
        var workloads = pairs.Select(p => Name(p.Destination)).Distinct().Order(StringComparer.Ordinal).ToList();
        return new ReportDepth([.. callers], [.. workloads], [.. pairs.Select(p => new ReportDepthCell(
            callers.IndexOf(Name(p.Source)), workloads.IndexOf(Name(p.Destination)), p.Layers, p.Unintended.ToString(), p.StoppedBy, p.LetThrough))]);
    }
}

/// <summary>One caller and workload: how many layers each stop the caller on the ports the intent does not open to it, and which.</summary>
public sealed record ReportDepthCell(int Caller, int Workload, int Layers, string Ports, ImmutableArray<string> StoppedBy, ImmutableArray<string> LetThrough);
