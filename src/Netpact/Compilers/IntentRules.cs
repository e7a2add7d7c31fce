using Netpact.Intents;
using Netpact.Model;

namespace Netpact.Compilers;

/// <summary>How one policy compiler writes the peers of a rule: an intent workload, the namespaces of DNS clients, an external end; and the key that tells equal peers apart.</summary>
internal sealed record PeerWriter<TPeer>(
    Func<IntentWorkload, TPeer> Workload,
    Func<IReadOnlyList<string>, TPeer> Namespaces,
    Func<FlowEnd, IEnumerable<TPeer>> External,
    Func<TPeer, string> Key);

/// <summary>A rule being built: everything that goes to (or comes from) its peers on exactly these ports, and the intent flows it serves.</summary>
internal sealed class IntentRule<TPeer>(ConnectionSet ports)
{
    public ConnectionSet Ports { get; } = ports;
    public List<TPeer> Peers { get; } = [];
    public List<string> Comments { get; } = [];
}

/// <summary>
/// The rules of one workload and direction, gathered from the intent's flows for the per-workload policies of the
/// NetworkPolicy and Cilium targets. Rules are keyed by their ports: merging the peers of two rules with equal ports
/// allows exactly what the two rules allowed, so the result stays exact and gets shorter.
/// </summary>
internal sealed class IntentRules<TPeer>(PeerWriter<TPeer> writer)
{
    private readonly List<IntentRule<TPeer>> _rules = [];

    public IReadOnlyList<IntentRule<TPeer>> All => _rules;

    public void Add(ConnectionSet ports, IEnumerable<TPeer> peers, string comment)
    {
        var list = peers.ToList();
        // An empty from/to would admit every peer (in Cilium, a rule of ports alone applies to every peer): never write one.
        if (ports.IsEmpty || list.Count == 0) return;
        var rule = _rules.FirstOrDefault(r => r.Ports.Equals(ports));
        if (rule is null)
        {
            rule = new IntentRule<TPeer>(ports);
            _rules.Add(rule);
        }
        foreach (var peer in list.Where(p => rule.Peers.All(q => writer.Key(q) != writer.Key(p)))) rule.Peers.Add(peer);
        if (!rule.Comments.Contains(comment)) rule.Comments.Add(comment);
    }

    /// <summary>What may reach workload <paramref name="w"/>: its flows' sources, and every DNS client when it is the resolver.</summary>
    public static IntentRules<TPeer> Ingress(Intent intent, IntentWorkload w, IntentWorkload? resolver, IReadOnlyList<Flow> dnsFlows, PeerWriter<TPeer> writer)
    {
        var rules = new IntentRules<TPeer>(writer);
        foreach (var flow in intent.Flows)
        {
            if (!IntendedFlows.Workloads(intent, flow.To).Any(d => d.Name == w.Name)) continue;
            var peers = flow.From.IsExternal
                ? writer.External(flow.From)
                : IntendedFlows.Workloads(intent, flow.From).Where(s => s.Name != w.Name).Select(writer.Workload);
            rules.Add(IntendedFlows.Ports(flow, w), peers, Comment(flow));
        }
        if (resolver?.Name == w.Name && dnsFlows.Count > 0)
        {
            // The resolver serves every namespace of the intent: one peer admits them all by name.
            var sources = dnsFlows.Select(f => intent.NamespaceOf(intent.Workload(f.From.Text)!)).Distinct().Order(StringComparer.Ordinal).ToList();
            var peer = writer.Namespaces(sources);
            foreach (var flow in dnsFlows) rules.Add(IntendedFlows.Ports(flow, w), [peer], Comment(flow));
        }
        return rules;
    }

    /// <summary>What workload <paramref name="w"/> may reach: its flows' destinations.</summary>
    public static IntentRules<TPeer> Egress(Intent intent, IntentWorkload w, PeerWriter<TPeer> writer)
    {
        var rules = new IntentRules<TPeer>(writer);
        foreach (var flow in intent.Flows)
        {
            if (flow.From.IsExternal || !IntendedFlows.Workloads(intent, flow.From).Any(s => s.Name == w.Name)) continue;
            if (flow.To.IsExternal)
            {
                rules.Add(IntendedFlows.Ports(flow, null), writer.External(flow.To), Comment(flow));
                continue;
            }
            // Port names resolve per destination, so destinations may get different ports.
            foreach (var d in IntendedFlows.Workloads(intent, flow.To).Where(d => d.Name != w.Name))
                rules.Add(IntendedFlows.Ports(flow, d), [writer.Workload(d)], Comment(flow));
        }
        return rules;
    }

    private static string Comment(Flow flow) => IntentRules.Comment(flow);
}

internal static class IntentRules
{
    /// <summary>The comment above a rule that names the intent flow it serves, with its place.</summary>
    public static string Comment(Flow flow) => $"intent flow {flow.Id} ({flow.Span.File}:{flow.Span.Line}): {flow}";
}
