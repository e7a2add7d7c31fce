using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Netpact.Model;

namespace Netpact.Flows;

/// <summary>
/// <c>netpact learn</c>: a least-privilege intent proposed from the accepted flows of logs. Workloads are named by what
/// the logs and manifests say (Hubble's namespace, workload and labels; pod addresses of the manifests), zones are their
/// namespaces; a private address nothing names becomes a workload of its own (host-10-0-2-1) in a zone per /24 (IPv6:
/// /64) with that subnet. Each workload exposes the ports it was reached on; each pair that talked gets one flow with
/// the ports seen (ephemeral client ports folded away). Outside peers are named ranges: their /32 (/128) when few
/// (at most <see cref="LearnOptions.MaxNamedPeers"/>), else the whole family (0.0.0.0/0, ::/0, or internet for both).
/// </summary>
public static partial class IntentLearner
{
    [GeneratedRegex("[^a-z0-9-]+")]
    private static partial Regex NotDnsLabel();

    /// <summary>Labels that name a pod, a revision or the platform's bookkeeping, not the workload: left out of the learned selector.</summary>
    private static readonly string[] VolatileLabels = ["pod-template-hash", "controller-revision-hash", "statefulset.kubernetes.io/pod-name", "apps.kubernetes.io/pod-index", "pod-template-generation"];

    private sealed record End(string? Workload, FlowAddress? Outside);

    private sealed class LearnedWorkload
    {
        public required string Name { get; set; }

        public required string Namespace { get; init; }

        public required string Zone { get; set; }

        public Cidr? Subnet { get; init; }

        /// <summary>The address of a workload named by its address alone: the order of its zone (compile numbers hosts in it).</summary>
        public FlowAddress? Address { get; init; }

        public required IReadOnlyDictionary<string, string> Labels { get; init; }

        public SortedSet<(int Protocol, int Port)> Ports { get; } = [];

        public bool FromOutside { get; set; }
    }

    public static string Learn(FlowTally tally, Cluster? cluster, LearnOptions options)
    {
        var workloads = new Dictionary<string, LearnedWorkload>(StringComparer.Ordinal);
        var pods = new Dictionary<FlowAddress, Workload>();
        foreach (var w in cluster?.Workloads ?? [])
        {
            foreach (var a in w.Pods.SelectMany(p => p.HostNetwork ? [] : p.Addresses)) pods[new FlowAddress(a.IsV6, a.First)] = w;
        }

        End Name(FlowAddress address)
        {
            if (tally.Identities.TryGetValue(address, out var id))
            {
                // Pods are one workload when their namespace and selector agree (Hubble names the workload on some flows only).
                var selector = Selector(id.Labels);
                var key = selector.Count > 0 ? $"{id.Namespace}|{string.Join(",", selector.Select(l => $"{l.Key}={l.Value}"))}" : $"{id.Namespace}/{id.Workload ?? id.Pod}";
                var end = Add(key, id.Namespace, id.Workload ?? (selector.Count == 1 ? selector.Single().Value : id.Pod), selector, null);
                if (id.Workload is { } named) workloads[key].Name = Dns(named);
                return end;
            }
            if (pods.TryGetValue(address, out var w))
            {
                var common = w.Pods.Select(p => (IEnumerable<KeyValuePair<string, string>>)p.Labels).Aggregate((a, b) => a.Intersect(b)).ToDictionary(l => l.Key, l => l.Value);
                return Add($"{w.Namespace}/{w.BaseName}", w.Namespace, w.BaseName, Selector(common), null);
            }
            if (!IsPrivate(address)) return new End(null, address);
            var host = address.ToString().Replace('.', '-').Replace(':', '-');
            var subnet = Subnet(address);
            return Add(host, ZoneOf(subnet), $"host-{host}", new SortedDictionary<string, string>(StringComparer.Ordinal) { ["app"] = Dns($"host-{host}") }, subnet, address);
        }

        End Add(string key, string ns, string name, IReadOnlyDictionary<string, string> labels, Cidr? subnet, FlowAddress? address = null)
        {
            if (!workloads.ContainsKey(key))
            {
                var namespaceName = Dns(ns);
                workloads[key] = new LearnedWorkload { Name = Dns(name), Namespace = namespaceName, Zone = namespaceName, Subnet = subnet, Labels = labels, Address = address };
            }
            return new End(key, null);
        }

        var pairs = new SortedDictionary<(string Src, string Dst), SortedSet<(int Protocol, int Port)>>();
        var outsideClients = new Dictionary<(string Dst, int Protocol, int Port), HashSet<FlowAddress>>();
        var outsideServers = new Dictionary<(string Src, int Protocol, int Port), HashSet<FlowAddress>>();
        var used = 0L;
        foreach (var (key, count) in tally.Flows.OrderBy(f => f.Key.Client).ThenBy(f => f.Key.Server))
        {
            if (key.Verdict != FlowVerdict.Accepted || FlowProtocols.Model(key.Protocol) is null || key.Port == 0) continue;
            var src = Name(key.Client);
            var dst = Name(key.Server);
            if (src.Workload is null && dst.Workload is null) continue;
            if (src.Workload is not null && src.Workload == dst.Workload) continue;
            used += count.Records;
            var service = (key.Protocol, key.Port);
            if (dst.Workload is { } d) workloads[d].Ports.Add(service);
            if (src.Workload is null)
            {
                Bucket(outsideClients, (dst.Workload!, key.Protocol, key.Port)).Add(key.Client);
                workloads[dst.Workload!].FromOutside = true;
            }
            else if (dst.Workload is null) Bucket(outsideServers, (src.Workload, key.Protocol, key.Port)).Add(key.Server);
            else Bucket(pairs, (src.Workload, dst.Workload)).Add(service);
        }

        Disambiguate(workloads.Values);
        var flows = new List<(string From, string To, SortedSet<(int Protocol, int Port)> Ports)>();
        foreach (var ((src, dst), ports) in pairs) flows.Add((workloads[src].Name, workloads[dst].Name, ports));
        foreach (var ((dst, protocol, port), clients) in outsideClients)
        {
            foreach (var range in Ranges(clients, options)) flows.Add((range, workloads[dst].Name, [(protocol, port)]));
        }
        foreach (var ((src, protocol, port), servers) in outsideServers)
        {
            foreach (var range in Ranges(servers, options)) flows.Add((workloads[src].Name, range, [(protocol, port)]));
        }
        // One flow per pair of ends, with every port seen between them.
        var merged = flows.GroupBy(f => (f.From, f.To))
            .Select(g => (g.Key.From, g.Key.To, Ports: new SortedSet<(int, int)>(g.SelectMany(f => f.Ports))))
            .OrderBy(f => f.From, StringComparer.Ordinal).ThenBy(f => f.To, StringComparer.Ordinal).ToList();

        return Yaml(options, workloads.Values, merged, used);
    }

    private static TValue Bucket<TKey, TValue>(IDictionary<TKey, TValue> map, TKey key) where TValue : new()
    {
        if (!map.TryGetValue(key, out var value)) map[key] = value = new TValue();
        return value;
    }

    /// <summary>The outside peers of one service as named ranges: each address when few, else its whole family.</summary>
    private static IEnumerable<string> Ranges(HashSet<FlowAddress> peers, LearnOptions options)
    {
        if (peers.Count <= options.MaxNamedPeers) return peers.Order().Select(a => $"{a}/{(a.IsV6 ? 128 : 32)}");
        var v4 = peers.Any(a => !a.IsV6);
        var v6 = peers.Any(a => a.IsV6);
        return [v4 && v6 ? "internet" : v4 ? "0.0.0.0/0" : "::/0"];
    }

    /// <summary>
    /// Zones and workloads share one namespace of names: a workload name used in two namespaces takes its namespace as
    /// a prefix, and a zone named like a workload (namespace noa-server holding workload noa-server) becomes NS-zone.
    /// </summary>
    private static void Disambiguate(IEnumerable<LearnedWorkload> all)
    {
        var list = all.ToList();
        foreach (var group in list.GroupBy(w => w.Name).Where(g => g.Select(w => w.Namespace).Distinct().Count() > 1))
        {
            foreach (var w in group) w.Name = Dns($"{w.Namespace}-{w.Name}");
        }
        var names = list.Select(w => w.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var w in list.Where(w => names.Contains(w.Zone))) w.Zone = Dns($"{w.Namespace}-zone");
    }

    /// <summary>net-10-0-2 for 10.0.2.0/24; net-fd00-0-0-1 for fd00:0:0:1::/64.</summary>
    private static string ZoneOf(Cidr subnet)
    {
        if (!subnet.IsV6) return $"net-{(uint)(subnet.First >> 24)}-{(uint)(subnet.First >> 16) & 255}-{(uint)(subnet.First >> 8) & 255}";
        var hextets = Enumerable.Range(0, 4).Select(i => ((uint)(subnet.First >> (112 - 16 * i)) & 0xFFFF).ToString("x", CultureInfo.InvariantCulture));
        return $"net-{string.Join('-', hextets)}";
    }

    private static string Yaml(LearnOptions options, IEnumerable<LearnedWorkload> all, List<(string From, string To, SortedSet<(int, int)> Ports)> flows, long records)
    {
        var workloads = all.OrderBy(w => w.Zone, StringComparer.Ordinal).ThenBy(w => w.Address ?? default).ThenBy(w => w.Name, StringComparer.Ordinal).ToList();
        var sb = new StringBuilder();
        sb.Append("# Learned by netpact learn from ").Append(records).Append(" accepted flow records").Append(options.Source.Length > 0 ? $" of {options.Source}" : "")
            .Append(": the least privilege that lets through what was seen, and nothing else.\n")
            .Append("# Review it before use: a flow seen is not a flow meant (check it with: netpact flows LOG... --intent THIS-FILE).\n")
            .Append("apiVersion: netpact/v1\nkind: Intent\nmetadata:\n  name: ").Append(Dns(options.Name)).Append('\n');
        sb.Append("\nzones:\n");
        foreach (var zone in workloads.GroupBy(w => w.Zone).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            sb.Append("  ").Append(zone.Key).Append(":\n    namespace: ").Append(zone.First().Namespace).Append('\n');
            if (zone.First().Subnet is { } subnet) sb.Append("    subnet: ").Append(subnet).Append('\n');
            if (zone.Any(w => w.FromOutside)) sb.Append("    internal: false\n");
        }
        sb.Append("\nworkloads:\n");
        foreach (var w in workloads)
        {
            sb.Append("  ").Append(w.Name).Append(":\n    zone: ").Append(w.Zone).Append('\n');
            if (w.Labels.Count > 0)
                sb.Append("    labels: {").Append(string.Join(", ", w.Labels.Select(l => $"{Quote(l.Key)}: {Quote(l.Value)}"))).Append("}\n");
            if (w.Ports.Count > 0)
            {
                sb.Append("    ports:\n");
                foreach (var (protocol, port) in w.Ports)
                {
                    sb.Append("      - {port: ").Append(port.ToString(CultureInfo.InvariantCulture));
                    if (protocol != FlowProtocols.Tcp) sb.Append(", protocol: ").Append(FlowProtocols.Name(protocol));
                    sb.Append("}\n");
                }
            }
        }
        sb.Append("\nflows:\n");
        if (flows.Count == 0) sb.Length -= 1;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (from, to, ports) in flows)
        {
            var name = Dns($"{from}-to-{to}");
            for (var i = 2; !names.Add(name); i++) name = Dns($"{from}-to-{to}-{i}");
            sb.Append("  - name: ").Append(name).Append("\n    from: ").Append(Quote(from)).Append("\n    to: ").Append(Quote(to)).Append("\n    ports: [")
                .Append(string.Join(", ", ports.Select(p => p.Item1 == FlowProtocols.Tcp ? p.Item2.ToString(CultureInfo.InvariantCulture) : $"{p.Item2}/{FlowProtocols.Name(p.Item1)}")))
                .Append("]\n");
        }
        if (flows.Count == 0) sb.Append(" []\n");
        return sb.ToString();
    }

    /// <summary>Private, shared and unique-local ranges: addresses of the architecture, not of the internet.</summary>
    private static bool IsPrivate(FlowAddress a)
    {
        if (a.IsV6) return (a.Value >> 121) == (0xFC >> 1);
        var v = (uint)a.Value;
        return (v >> 24) == 10 || (v >> 20) == (172 << 4 | 1) || (v >> 16) == (192 << 8 | 168) || (v >> 22) == (100 << 2 | 1);
    }

    private static Cidr Subnet(FlowAddress a) =>
        a.IsV6
            ? new Cidr(true, a.Value & ~((UInt128.One << 64) - 1), a.Value | ((UInt128.One << 64) - 1), 64)
            : new Cidr(false, a.Value & 0xFFFFFF00u, a.Value | 0xFFu, 24);

    private static IReadOnlyDictionary<string, string> Selector(IEnumerable<KeyValuePair<string, string>> labels)
    {
        var kept = labels.Where(l => !VolatileLabels.Contains(l.Key) && !l.Key.StartsWith("io.kubernetes.", StringComparison.Ordinal)
                                     && !l.Key.StartsWith("io.cilium.", StringComparison.Ordinal))
            .ToDictionary(l => l.Key, l => l.Value);
        // The conventional name labels, when present, are the selector alone: narrow and stable across releases.
        foreach (var key in new[] { "app.kubernetes.io/name", "app", "k8s-app" })
        {
            if (kept.TryGetValue(key, out var v)) return new SortedDictionary<string, string>(StringComparer.Ordinal) { [key] = v };
        }
        return new SortedDictionary<string, string>(kept, StringComparer.Ordinal);
    }

    private static string Dns(string text)
    {
        var s = NotDnsLabel().Replace(text.ToLowerInvariant(), "-").Trim('-');
        if (s.Length > 63) s = s[..63].TrimEnd('-');
        return s.Length == 0 ? "x" : s;
    }

    private static string Quote(string s) =>
        s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '/' or '_') && !char.IsAsciiDigit(s[0]) ? s : $"'{s.Replace("'", "''", StringComparison.Ordinal)}'";
}

/// <summary>Options of <see cref="IntentLearner"/>.</summary>
public sealed record LearnOptions
{
    public string Name { get; init; } = "learned";

    /// <summary>What the intent was learned from, for its header comment.</summary>
    public string Source { get; init; } = "";

    /// <summary>Outside peers of one service named one by one up to this many; more stand for their whole family.</summary>
    public int MaxNamedPeers { get; init; } = 3;
}
