using System.Collections.Immutable;
using System.Text;
using Netpact.Intents;
using Netpact.Model;

namespace Netpact.Compilers.Compose;

/// <summary>
/// Docker Compose: one network per pair of workloads that talk, one network with a route outside per workload
/// that the intent connects with the outside, ports published only for flows from outside. Compose has no
/// per-port or per-direction rule, so what it cannot express is named as approximations, in the file and by Read.
/// </summary>
public sealed class ComposeLayerCompiler : ILayerCompiler
{
    public const string FileName = "docker-compose.security.yml";

    public Layer Layer => Layer.Compose;

    public IReadOnlyList<TextFile> Compile(Intent intent)
    {
        var edges = IntentEdges.Of(intent);
        var networks = Plan(intent, edges);
        var approximations = ComposeApproximations.Of(intent, ComposeApproximations.Envelope(intent));

        var sb = new StringBuilder();
        void Line(string text = "") => sb.Append(text).Append('\n');

        Line($"# {FileName}: the network of intent '{intent.Name}', compiled by netpact.");
        Line("# Generated from the intent: change the intent and compile again rather than editing this file.");
        Line("#");
        Line("# How the intent becomes Compose networks. Compose has no per-port or per-direction rule: services on one");
        Line("# network reach each other on every port and protocol, both ways. A network per zone would also join");
        Line("# workloads of a zone that must not talk (the members of a zone isolated from itself, databases of one");
        Line("# zone), so instead:");
        Line("# - every pair of workloads with an intended flow shares a network of its own, 'a.b', internal, and no");
        Line("#   network holds a third service: the only extra reach is what a shared network cannot avoid;");
        Line("# - internal networks have no route outside; a workload that the intent connects with the outside also");
        Line("#   joins 'NAME.internet', the only kind of network that is not internal, and publishes exactly the");
        Line("#   ports of the flows from outside;");
        Line("# - a workload with no flow at all has network_mode: none (no network, not even the default one).");
        Line("# Images are placeholders: put the real images in, or set them in an override file.");
        Line("#");
        if (approximations.IsEmpty)
        {
            Line("# Approximations: none; this file allows exactly the intended flows.");
        }
        else
        {
            Line("# Approximations (reach Compose cannot avoid; netpact verify names each of them):");
            foreach (var a in approximations) Line($"# - {OneLine(a.Text)}");
        }
        Line($"name: {intent.Targets.ComposeProject}");
        Line();
        Line("services:");
        foreach (var workload in intent.Workloads)
        {
            var self = FlowPeer.Of(workload.Name);
            Line($"  {workload.Name}:");
            Line($"    image: {intent.Targets.ComposeProject}/{workload.Name} # placeholder");
            var joined = networks.Where(n => n.Members.Contains(workload.Name)).ToList();
            if (joined.Count == 0)
            {
                Line("    network_mode: none # no intended flow");
                continue;
            }
            Line("    networks:");
            foreach (var n in joined) Line($"      - {n.Name}");
            var inward = edges.Where(e => e.Destination == self && e.Source.IsExternal).ToList();
            var published = inward.Aggregate(ConnectionSet.Empty, (acc, e) => acc.Union(e.Ports));
            if (published.IsEmpty) continue;
            Line("    ports:");
            foreach (var protocol in new[] { Protocol.TCP, Protocol.UDP, Protocol.SCTP })
            {
                foreach (var (lo, hi) in published[protocol].Ranges)
                {
                    var ports = lo == hi ? $"{lo}" : $"{lo}-{hi}";
                    var suffix = protocol == Protocol.TCP ? "" : "/" + protocol.ToString().ToLowerInvariant();
                    var served = inward.Where(e => !e.Ports.Intersect(ConnectionSet.Of(protocol, PortSet.Range(lo, hi))).IsEmpty).ToList();
                    var from = string.Join(", ", served.Select(e => IntentEdge.Describe(e.Source.Range!)).Distinct());
                    var ids = string.Join(", ", served.Select(e => $"'{e.Flow.Id}'").Distinct());
                    Line($"      - \"{ports}:{ports}{suffix}\" # from {from}: intent flow {ids}");
                }
            }
        }
        Line();
        Line("networks:");
        foreach (var n in networks)
        {
            Line($"  {n.Name}:");
            foreach (var why in n.Serves) Line($"    # {OneLine(why)}");
            Line("    driver: bridge");
            Line($"    internal: {(n.Internal ? "true" : "false")}");
        }
        return [new TextFile(FileName, sb.ToString())];
    }

    private sealed record PlannedNetwork(string Name, bool Internal, ImmutableArray<string> Members, ImmutableArray<string> Serves);

    /// <summary>The networks, sorted by name: one per talking pair ('a.b', a before b), one 'w.internet' per workload with outside flows.</summary>
    private static List<PlannedNetwork> Plan(Intent intent, IReadOnlyList<IntentEdge> edges)
    {
        var networks = new List<PlannedNetwork>();
        var pairs = edges.Where(e => !e.Source.IsExternal && !e.Destination.IsExternal)
            .GroupBy(e => string.CompareOrdinal(e.Source.Workload, e.Destination.Workload) < 0
                ? (e.Source.Workload!, e.Destination.Workload!) : (e.Destination.Workload!, e.Source.Workload!));
        foreach (var pair in pairs)
        {
            var (a, b) = pair.Key;
            var serves = pair.OrderBy(e => e.Source).ThenBy(e => e.Destination)
                .Select(e => $"{e.Source} -> {e.Destination} {IntentEdge.Describe(e.Ports)} (intent flow '{e.Flow.Id}')");
            networks.Add(new PlannedNetwork($"{a}.{b}", true, [a, b], [.. serves]));
        }
        foreach (var workload in intent.Workloads)
        {
            var self = FlowPeer.Of(workload.Name);
            var outside = edges.Where(e => (e.Source == self && e.Destination.IsExternal) || (e.Destination == self && e.Source.IsExternal)).ToList();
            if (outside.Count == 0) continue;
            var serves = new List<string>();
            foreach (var e in outside)
            {
                var text = e.Source.IsExternal
                    ? $"from {IntentEdge.Describe(e.Source.Range!)} to {workload.Name} {IntentEdge.Describe(e.Ports)} (intent flow '{e.Flow.Id}')"
                    : $"{workload.Name} to {IntentEdge.Describe(e.Destination.Range!)} {IntentEdge.Describe(e.Ports)} (intent flow '{e.Flow.Id}')";
                if (!serves.Contains(text)) serves.Add(text);
            }
            serves.Add("not internal: the route outside these flows need; it reaches every address on every port");
            if (intent.Zone(workload.Zone) is { Internal: true } zone)
                serves.Add($"zone '{zone.Name}' is marked internal, but the flows above need a route outside");
            networks.Add(new PlannedNetwork($"{workload.Name}.internet", false, [workload.Name], [.. serves]));
        }
        return [.. networks.OrderBy(n => n.Name, StringComparer.Ordinal)];
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
