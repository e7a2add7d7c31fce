using Netpact.Compilers.Kubernetes;
using Netpact.Intents;
using Netpact.Model;

namespace Netpact.Compilers.Cilium;

/// <summary>
/// Compiles an intent to CiliumNetworkPolicies in the layout of the k8s target: per namespace a default deny (an empty
/// ingress and egress rule, which allow nothing) and DNS egress to the resolver, then one policy per workload and
/// direction whose rules each name the intent flows they serve. A workload peer is one endpoint selector with its
/// namespace (k8s:io.kubernetes.pod.namespace) and labels; the internet is the world entity, a CIDR a toCIDR/fromCIDR
/// (which match addresses outside the cluster only, as the intent means them). Each rule holds one kind of L3 peer,
/// as Cilium requires, and ports as numbers or ranges with their protocol.
/// </summary>
internal static class CiliumPolicyCompiler
{
    public const string Root = "cilium/policies";

    private const string ManagedBy = "app.kubernetes.io/managed-by";
    private const string NamespaceKey = "k8s:io.kubernetes.pod.namespace";

    private enum PeerKind { Endpoints, Cidr, Entities }

    /// <summary>One peer as the lines of its list entry; Key tells equal peers apart.</summary>
    private sealed record Peer(PeerKind Kind, string Key, IReadOnlyList<(int Indent, string Text)> Lines);

    private sealed class Rule(ConnectionSet ports)
    {
        public ConnectionSet Ports { get; } = ports;
        public List<Peer> Peers { get; } = [];
        public List<string> Comments { get; } = [];
    }

    /// <summary>Rules keyed by their ports: merging the peers of rules with equal ports keeps them exact.</summary>
    private sealed class Rules
    {
        private readonly List<Rule> _rules = [];

        public IReadOnlyList<Rule> All => _rules;

        public void Add(ConnectionSet ports, IEnumerable<Peer> peers, string comment)
        {
            var list = peers.ToList();
            // A rule without peers would be a toPorts-only rule, which Cilium applies to every peer: never write one.
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
                ? ExternalPeers(flow.From)
                : IntendedFlows.Workloads(intent, flow.From).Where(s => s.Name != w.Name).Select(s => WorkloadPeer(intent, s));
            rules.Add(IntendedFlows.Ports(flow, w), peers, Comment(flow));
        }
        if (resolver?.Name == w.Name && dnsFlows.Count > 0)
        {
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
                rules.Add(IntendedFlows.Ports(flow, null), ExternalPeers(flow.To), Comment(flow));
                continue;
            }
            foreach (var d in IntendedFlows.Workloads(intent, flow.To).Where(d => d.Name != w.Name))
                rules.Add(IntendedFlows.Ports(flow, d), [WorkloadPeer(intent, d)], Comment(flow));
        }
        return rules;
    }

    private static string Comment(Flow flow) => $"intent flow {flow.Id} ({flow.Span.File}:{flow.Span.Line}): {flow}";

    private static Peer WorkloadPeer(Intent intent, IntentWorkload w)
    {
        var ns = intent.NamespaceOf(w);
        List<(int, string)> lines = [(0, "- matchLabels:"), (4, $"{NamespaceKey}: {YamlText.Scalar(ns)}")];
        foreach (var (k, v) in w.Labels) lines.Add((4, $"{YamlText.Scalar(k)}: {YamlText.Scalar(v)}"));
        return new Peer(PeerKind.Endpoints, $"workload {ns} {string.Join(",", w.Labels)}", lines);
    }

    private static Peer NamespacesPeer(IReadOnlyList<string> namespaces)
    {
        List<(int, string)> lines = [(0, "- matchExpressions:"), (4, $"- key: {NamespaceKey}"), (6, "operator: In"), (6, "values:")];
        foreach (var ns in namespaces) lines.Add((6, $"- {YamlText.Scalar(ns)}"));
        return new Peer(PeerKind.Endpoints, $"namespaces {string.Join(",", namespaces)}", lines);
    }

    /// <summary>The internet is the world entity (every address outside the cluster); a CIDR is itself.</summary>
    private static IEnumerable<Peer> ExternalPeers(FlowEnd end) =>
        end.Kind == FlowEndKind.Internet
            ? [new Peer(PeerKind.Entities, "world", [(0, "- world")])]
            : [new Peer(PeerKind.Cidr, $"cidr {end.Cidr}", [(0, $"- {YamlText.Scalar(end.Cidr!.ToString())}")])];

    private static YamlText Header(Intent intent, string what)
    {
        var y = new YamlText();
        y.Comment(0, $"Generated by netpact from {intent.Span.File} (intent {intent.Name}). Do not edit: change the intent and run netpact compile.");
        y.Comment(0, what);
        return y;
    }

    private static void Metadata(YamlText y, string name, string ns)
    {
        y.Line(0, "apiVersion: cilium.io/v2");
        y.Line(0, "kind: CiliumNetworkPolicy");
        y.Line(0, "metadata:");
        y.Line(2, $"name: {YamlText.Scalar(name)}");
        y.Line(2, $"namespace: {YamlText.Scalar(ns)}");
        y.Map(2, "labels", [KeyValuePair.Create(ManagedBy, "netpact")]);
    }

    private static TextFile DefaultDeny(Intent intent, string ns)
    {
        var y = Header(intent, $"Zero trust: no pod of namespace {ns} sends or receives anything the policies beside this one do not allow (an empty rule allows nothing but puts the direction into default deny).");
        Metadata(y, "default-deny", ns);
        y.Line(0, "spec:");
        y.Line(2, "endpointSelector: {}");
        y.Line(2, "ingress:");
        y.Line(4, "- {}");
        y.Line(2, "egress:");
        y.Line(4, "- {}");
        return new TextFile($"{Root}/{ns}/default-deny.yaml", y.ToString());
    }

    private static TextFile AllowDns(Intent intent, string ns, IntentWorkload resolver, List<Flow> flows)
    {
        var y = Header(intent, $"DNS from every pod of namespace {ns} to the cluster resolver {resolver.Name} (defaults.dns), and to nothing else.");
        Metadata(y, "allow-dns", ns);
        y.Line(0, "spec:");
        y.Line(2, "endpointSelector: {}");
        y.Line(2, "egress:");
        var ports = flows.Aggregate(ConnectionSet.Empty, (acc, f) => acc.Union(IntendedFlows.Ports(f, resolver)));
        foreach (var flow in flows) y.Comment(4, Comment(flow));
        WriteRules(y, Direction.Egress, ports, [WorkloadPeer(intent, resolver)]);
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
        y.Line(2, "endpointSelector:");
        y.Map(4, "matchLabels", w.Labels);
        y.Line(2, $"{suffix}:");
        foreach (var rule in rules.All)
        {
            foreach (var comment in rule.Comments) y.Comment(4, comment);
            WriteRules(y, direction, rule.Ports, rule.Peers);
        }
        return new TextFile($"{Root}/{ns}/{w.Name}-{suffix}.yaml", y.ToString());
    }

    /// <summary>One Cilium rule per kind of peer (Cilium does not combine L3 kinds in one rule), each with the same toPorts.</summary>
    private static void WriteRules(YamlText y, Direction direction, ConnectionSet ports, IReadOnlyList<Peer> peers)
    {
        var prefix = direction == Direction.Ingress ? "from" : "to";
        foreach (var group in peers.GroupBy(p => p.Kind).OrderBy(g => g.Key))
        {
            var key = prefix + group.Key switch { PeerKind.Endpoints => "Endpoints", PeerKind.Cidr => "CIDR", _ => "Entities" };
            y.Line(4, $"- {key}:");
            foreach (var peer in group)
            {
                foreach (var (indent, text) in peer.Lines) y.Line(8 + indent, text);
            }
            WritePorts(y, ports);
        }
    }

    /// <summary>toPorts, omitted when the rule allows every port of every protocol; every port of one protocol is 1-65535.</summary>
    private static void WritePorts(YamlText y, ConnectionSet ports)
    {
        if (ports.IsAll) return;
        y.Line(6, "toPorts:");
        y.Line(8, "- ports:");
        foreach (var protocol in new[] { Protocol.TCP, Protocol.UDP, Protocol.SCTP })
        {
            foreach (var (lo, hi) in ports[protocol].Ranges)
            {
                y.Line(12, $"- port: \"{YamlText.Number(lo)}\"");
                if (hi != lo) y.Line(14, $"endPort: {YamlText.Number(hi)}");
                y.Line(14, $"protocol: {protocol}");
            }
        }
    }
}
