using System.Collections.Immutable;
using Netpact.Intents;
using Netpact.Model;

namespace Netpact.Compilers.Kubernetes;

/// <summary>
/// Compiles an intent to NetworkPolicies in the seed's layout: per namespace a default deny (both
/// directions) and DNS egress to the resolver, then one policy per workload and direction whose rules
/// each name the intent flows they serve. Peers are exact: a workload is its namespace (by
/// kubernetes.io/metadata.name) AND its labels in one peer; ports are numbers with their protocol.
/// </summary>
internal static class NetworkPolicyCompiler
{
    public const string Root = "k8s/network-policies/base";

    private const string ManagedBy = "app.kubernetes.io/managed-by";

    /// <summary>One entry of from/to, as lines relative to the list's indentation; Key tells equal peers apart.</summary>
    private sealed record Peer(string Key, ImmutableArray<(int Indent, string Text)> Lines);

    /// <summary>A rule being built: everything that goes to (or comes from) its peers on exactly these ports.</summary>
    private sealed class Rule(ConnectionSet ports)
    {
        public ConnectionSet Ports { get; } = ports;
        public List<Peer> Peers { get; } = [];
        public List<string> Comments { get; } = [];
    }

    /// <summary>
    /// Rules keyed by their ports: merging the peers of two rules with equal ports allows exactly what the
    /// two rules allowed, so the result stays exact and gets shorter.
    /// </summary>
    private sealed class Rules
    {
        private readonly List<Rule> _rules = [];

        public IReadOnlyList<Rule> All => _rules;

        public void Add(ConnectionSet ports, IEnumerable<Peer> peers, string comment)
        {
            var list = peers.ToList();
            // An empty from/to would admit every peer: never write one.
            if (ports.IsEmpty || list.Count == 0) return;
            var rule = _rules.FirstOrDefault(r => r.Ports.Equals(ports));
            if (rule is null)
            {
                rule = new Rule(ports);
                _rules.Add(rule);
            }
            foreach (var peer in list.Where(p => rule.Peers.All(q => q.Key != p.Key))) rule.Peers.Add(peer);
            if (!rule.Comments.Contains(comment)) rule.Comments.Add(comment);
        }
    }

    public static IReadOnlyList<TextFile> Compile(Intent intent)
    {
        var files = new List<TextFile>();
        var resolver = intent.Defaults.DnsResolver is { } dns ? intent.Workload(dns) : null;
        // Expand yields the intent's own flows first, then those of defaults.dns.
        var dnsFlows = IntendedFlows.Expand(intent).Skip(intent.Flows.Length).ToList();
        var namespaces = intent.Zones.Select(z => z.Namespace)
            .Concat(intent.Workloads.Select(intent.NamespaceOf))
            .Distinct()
            .Order(StringComparer.Ordinal);
        foreach (var ns in namespaces)
        {
            files.Add(DefaultDeny(intent, ns));
            var dnsHere = dnsFlows.Where(f => intent.NamespaceOf(intent.Workload(f.From.Text)!) == ns).ToList();
            if (resolver is not null && dnsHere.Count > 0) files.Add(AllowDns(intent, ns, resolver, dnsHere));
        }
        foreach (var w in intent.Workloads)
        {
            var ingress = IngressRules(intent, w, resolver, dnsFlows);
            if (ingress.All.Count > 0) files.Add(Policy(intent, w, Direction.Ingress, ingress));
            var egress = EgressRules(intent, w);
            if (egress.All.Count > 0) files.Add(Policy(intent, w, Direction.Egress, egress));
        }
        return [.. files.OrderBy(f => f.Path, StringComparer.Ordinal)];
    }

    private static Rules IngressRules(Intent intent, IntentWorkload w, IntentWorkload? resolver, List<Flow> dnsFlows)
    {
        var rules = new Rules();
        foreach (var flow in intent.Flows)
        {
            if (!IntendedFlows.Workloads(intent, flow.To).Any(d => d.Name == w.Name)) continue;
            var peers = flow.From.IsExternal
                ? CidrPeers(flow.From)
                : IntendedFlows.Workloads(intent, flow.From).Where(s => s.Name != w.Name).Select(s => WorkloadPeer(intent, s));
            rules.Add(IntendedFlows.Ports(flow, w), peers, Comment(flow));
        }
        if (resolver?.Name == w.Name && dnsFlows.Count > 0)
        {
            // The resolver serves every namespace of the intent: one peer admits them all by name.
            var sources = dnsFlows.Select(f => intent.NamespaceOf(intent.Workload(f.From.Text)!)).Distinct().Order(StringComparer.Ordinal).ToList();
            var peer = NamespacesPeer(sources);
            foreach (var flow in dnsFlows) rules.Add(IntendedFlows.Ports(flow, w), [peer], Comment(flow));
        }
        return rules;
    }

    private static Rules EgressRules(Intent intent, IntentWorkload w)
    {
        var rules = new Rules();
        foreach (var flow in intent.Flows)
        {
            if (flow.From.IsExternal || !IntendedFlows.Workloads(intent, flow.From).Any(s => s.Name == w.Name)) continue;
            if (flow.To.IsExternal)
            {
                rules.Add(IntendedFlows.Ports(flow, null), CidrPeers(flow.To), Comment(flow));
                continue;
            }
            // Port names resolve per destination, so destinations may get different ports.
            foreach (var d in IntendedFlows.Workloads(intent, flow.To).Where(d => d.Name != w.Name))
                rules.Add(IntendedFlows.Ports(flow, d), [WorkloadPeer(intent, d)], Comment(flow));
        }
        return rules;
    }

    private static string Comment(Flow flow) => $"intent flow {flow.Id} ({flow.Span.File}:{flow.Span.Line}): {flow}";

    private static Peer WorkloadPeer(Intent intent, IntentWorkload w)
    {
        var ns = intent.NamespaceOf(w);
        var lines = ImmutableArray.CreateBuilder<(int, string)>();
        lines.Add((0, "- namespaceSelector:"));
        lines.Add((4, "matchLabels:"));
        lines.Add((6, $"{Namespace.NameLabel}: {YamlText.Scalar(ns)}"));
        lines.Add((2, "podSelector:"));
        lines.Add((4, "matchLabels:"));
        foreach (var (k, v) in w.Labels) lines.Add((6, $"{YamlText.Scalar(k)}: {YamlText.Scalar(v)}"));
        return new Peer($"workload {ns} {string.Join(",", w.Labels)}", lines.ToImmutable());
    }

    private static Peer NamespacesPeer(IReadOnlyList<string> namespaces)
    {
        var lines = ImmutableArray.CreateBuilder<(int, string)>();
        lines.Add((0, "- namespaceSelector:"));
        lines.Add((4, "matchExpressions:"));
        lines.Add((6, $"- key: {Namespace.NameLabel}"));
        lines.Add((8, "operator: In"));
        lines.Add((8, "values:"));
        foreach (var ns in namespaces) lines.Add((10, $"- {YamlText.Scalar(ns)}"));
        return new Peer($"namespaces {string.Join(",", namespaces)}", lines.ToImmutable());
    }

    /// <summary>The internet is two peers, 0.0.0.0/0 and ::/0; a CIDR is one.</summary>
    private static IEnumerable<Peer> CidrPeers(FlowEnd end) =>
        (end.Kind == FlowEndKind.Internet ? ["0.0.0.0/0", "::/0"] : new[] { end.Cidr!.ToString() })
        .Select(cidr => new Peer($"cidr {cidr}", [(0, "- ipBlock:"), (4, $"cidr: {YamlText.Scalar(cidr)}")]));

    private static YamlText Header(Intent intent, string what)
    {
        var y = new YamlText();
        y.Comment(0, $"Generated by netpact from {intent.Span.File} (intent {intent.Name}). Do not edit: change the intent and run netpact compile.");
        y.Comment(0, what);
        return y;
    }

    private static void Metadata(YamlText y, string name, string ns)
    {
        y.Line(0, "apiVersion: networking.k8s.io/v1");
        y.Line(0, "kind: NetworkPolicy");
        y.Line(0, "metadata:");
        y.Line(2, $"name: {YamlText.Scalar(name)}");
        y.Line(2, $"namespace: {YamlText.Scalar(ns)}");
        y.Map(2, "labels", [KeyValuePair.Create(ManagedBy, "netpact")]);
    }

    private static TextFile DefaultDeny(Intent intent, string ns)
    {
        var y = Header(intent, $"Zero trust: no pod of namespace {ns} sends or receives anything the policies beside this one do not allow.");
        Metadata(y, "default-deny", ns);
        y.Line(0, "spec:");
        y.Line(2, "podSelector: {}");
        y.Line(2, "policyTypes:");
        y.Line(4, "- Ingress");
        y.Line(4, "- Egress");
        return new TextFile($"{Root}/{ns}/default-deny.yaml", y.ToString());
    }

    private static TextFile AllowDns(Intent intent, string ns, IntentWorkload resolver, List<Flow> flows)
    {
        var y = Header(intent, $"DNS from every pod of namespace {ns} to the cluster resolver {resolver.Name} (defaults.dns), and to nothing else.");
        Metadata(y, "allow-dns", ns);
        y.Line(0, "spec:");
        y.Line(2, "podSelector: {}");
        y.Line(2, "policyTypes:");
        y.Line(4, "- Egress");
        y.Line(2, "egress:");
        var peer = WorkloadPeer(intent, resolver);
        var ports = flows.Aggregate(ConnectionSet.Empty, (acc, f) => acc.Union(IntendedFlows.Ports(f, resolver)));
        foreach (var flow in flows) y.Comment(4, Comment(flow));
        WriteRule(y, "to", ports, [peer]);
        return new TextFile($"{Root}/{ns}/allow-dns.yaml", y.ToString());
    }

    private static TextFile Policy(Intent intent, IntentWorkload w, Direction direction, Rules rules)
    {
        var ns = intent.NamespaceOf(w);
        var suffix = direction == Direction.Ingress ? "ingress" : "egress";
        var y = Header(intent, direction == Direction.Ingress
            ? $"What may reach {w.Name}: only the intent flows named above each rule; default-deny.yaml denies the rest."
            : $"Where {w.Name} may connect: only the intent flows named above each rule (DNS: allow-dns.yaml); default-deny.yaml denies the rest.");
        Metadata(y, $"{w.Name}-{suffix}", ns);
        y.Line(0, "spec:");
        y.Line(2, "podSelector:");
        y.Map(4, "matchLabels", w.Labels);
        y.Line(2, "policyTypes:");
        y.Line(4, $"- {direction}");
        y.Line(2, $"{suffix}:");
        foreach (var rule in rules.All)
        {
            foreach (var comment in rule.Comments) y.Comment(4, comment);
            WriteRule(y, direction == Direction.Ingress ? "from" : "to", rule.Ports, rule.Peers);
        }
        return new TextFile($"{Root}/{ns}/{w.Name}-{suffix}.yaml", y.ToString());
    }

    /// <summary>One rule: its peers, then its ports (omitted when the rule allows every port of every protocol).</summary>
    private static void WriteRule(YamlText y, string peersKey, ConnectionSet ports, IReadOnlyList<Peer> peers)
    {
        var first = true;
        foreach (var peer in peers)
        {
            foreach (var (indent, text) in peer.Lines)
            {
                if (first)
                {
                    y.Line(4, $"- {peersKey}:");
                    first = false;
                }
                y.Line(8 + indent, text);
            }
        }
        if (ports.IsAll) return;
        y.Line(6, "ports:");
        foreach (var protocol in new[] { Protocol.TCP, Protocol.UDP, Protocol.SCTP })
        {
            var set = ports[protocol];
            if (set.IsEmpty) continue;
            if (set.IsAll)
            {
                y.Line(8, $"- protocol: {protocol}");
                continue;
            }
            foreach (var (lo, hi) in set.Ranges)
            {
                y.Line(8, $"- protocol: {protocol}");
                y.Line(10, $"port: {YamlText.Number(lo)}");
                if (hi != lo) y.Line(10, $"endPort: {YamlText.Number(hi)}");
            }
        }
    }
}
