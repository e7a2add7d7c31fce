using System.Text;
using Netpact.Compilers.Compose;
using Netpact.Intents;
using Netpact.Model;

namespace Netpact.Compilers.Nftables;

/// <summary>
/// Writes one nftables ruleset per workload (host): the table 'inet netpact' with input and output chains that
/// drop by default, accept replies of allowed connections, accept each intended flow in one rule named by a
/// comment, and count what they drop. Both ends of a flow filter: the source's output names the destination
/// and the destination's input names the source, so neither side admits more than the intent on its own.
/// </summary>
internal static class NftablesCompiler
{
    public const string Folder = "nftables";
    public const string TableName = "netpact";

    /// <summary>nftables keeps at most 128 bytes of a rule comment.</summary>
    private const int CommentLimit = 127;

    public static IReadOnlyList<TextFile> Compile(Intent intent, AddressPlan plan)
    {
        var edges = IntentEdges.Of(intent);
        return [.. intent.Workloads.Select(w => new TextFile($"{Folder}/{w.Name}.nft", Host(intent, plan, w, edges)))];
    }

    /// <summary>The name of the set that holds a workload's addresses (set names cannot start with a digit, workload names can).</summary>
    public static string SetOf(string workload) => $"workload.{workload}";

    public const string AllWorkloadsV4 = "workloads";
    public const string AllWorkloadsV6 = "workloads6";

    private sealed record Rule(string Text, string? Note);

    private static string Host(Intent intent, AddressPlan plan, IntentWorkload host, IReadOnlyList<IntentEdge> edges)
    {
        var self = FlowPeer.Of(host.Name);
        var sets = new SortedSet<string>(StringComparer.Ordinal);
        var input = new List<Rule>();
        var output = new List<Rule>();

        foreach (var group in edges.Where(e => e.Destination == self).GroupBy(e => (e.Flow, e.Ports)))
        {
            var comment = Comment(group.Key.Flow);
            var sources = group.Select(e => e.Source).ToList();
            if (sources.Any(s => s.Range == IpRange.AllIPv4) && sources.Any(s => s.Range == IpRange.AllIPv6))
            {
                // The internet, both families: no address to match.
                foreach (var ports in Ports(group.Key.Ports)) input.Add(new Rule($"{ports} accept {comment}", $"from every address: intent flow '{group.Key.Flow.Id}'"));
                sources.RemoveAll(s => s.Range == IpRange.AllIPv4 || s.Range == IpRange.AllIPv6);
            }
            foreach (var source in sources)
            {
                string? match;
                string from;
                if (source.Workload is { } name)
                {
                    var address = plan.AddressOf(name);
                    if (address.IsV6 != plan.AddressOf(host.Name).IsV6) continue;
                    sets.Add(SetOf(name));
                    match = $"{Ip(address.IsV6)} saddr @{SetOf(name)}";
                    from = name;
                }
                else
                {
                    (match, from) = OutsideMatch(plan, source.Range!, "saddr", exclude: null);
                }
                if (match is null)
                {
                    input.Add(new Rule("", $"not written: {from}, intent flow '{group.Key.Flow.Id}', has no address in this plan"));
                    continue;
                }
                foreach (var ports in Ports(group.Key.Ports))
                    input.Add(new Rule($"{match} {ports} accept {comment}".Replace("  ", " ", StringComparison.Ordinal), $"from {from}: intent flow '{group.Key.Flow.Id}'"));
            }
        }

        foreach (var e in edges.Where(e => e.Source == self))
        {
            var comment = Comment(e.Flow);
            if (e.Destination.Workload is { } name)
            {
                var address = plan.AddressOf(name);
                if (address.IsV6 != plan.AddressOf(host.Name).IsV6) continue;
                sets.Add(SetOf(name));
                foreach (var ports in Ports(e.Ports))
                    output.Add(new Rule($"{Ip(address.IsV6)} daddr @{SetOf(name)} {ports} accept {comment}", $"to {name}: intent flow '{e.Flow.Id}'"));
                continue;
            }
            var range = e.Destination.Range!;
            // Traffic to the outside never counts a workload as outside: exclude their addresses where they could match.
            var (match, to) = OutsideMatch(plan, range, "daddr", exclude: plan.Workloads.Values.Where(a => a.IsV6 == range.IsV6).ToList());
            if (match is null)
            {
                output.Add(new Rule("", $"not written: {to}, intent flow '{e.Flow.Id}', has no address in this plan"));
                continue;
            }
            if (match.Contains("@workloads", StringComparison.Ordinal)) sets.Add(range.IsV6 ? AllWorkloadsV6 : AllWorkloadsV4);
            foreach (var ports in Ports(e.Ports))
                output.Add(new Rule($"{match} {ports} accept {comment}".Replace("  ", " ", StringComparison.Ordinal), $"to {to}: intent flow '{e.Flow.Id}'"));
        }

        var zone = intent.ZoneOf(host);
        var sb = new StringBuilder();
        void Line(string text = "") => sb.Append(text).Append('\n');

        Line("#!/usr/sbin/nft -f");
        Line($"# {Folder}/{host.Name}.nft: the host firewall of workload '{host.Name}' (zone '{zone.Name}') in intent '{intent.Name}', compiled by netpact.");
        Line("# Generated from the intent: change the intent and compile again rather than editing this file.");
        Line($"# Load it on the host with 'nft -f {host.Name}.nft': it replaces the table 'inet {TableName}' and touches no other table.");
        Line("#");
        Line("# Both chains drop by default and accept the replies of allowed connections (ct state established,related).");
        Line("# Each intended flow is one rule whose comment names it; the source host's output and the destination");
        Line("# host's input both name the other end. What is dropped is counted: nft list table inet netpact.");
        Line("# Each set 'workload.NAME' holds the address of that workload's host: put the real addresses there");
        Line("# (netpact lab fills them with its own). 'workloads' holds them all: the outside never includes a workload.");
        Line();
        Line($"table inet {TableName}");
        Line($"delete table inet {TableName}");
        Line();
        Line($"table inet {TableName} {{");
        foreach (var set in sets)
        {
            var members = set switch
            {
                AllWorkloadsV4 => plan.Workloads.Where(w => !w.Value.IsV6).ToList(),
                AllWorkloadsV6 => plan.Workloads.Where(w => w.Value.IsV6).ToList(),
                _ => plan.Workloads.Where(w => SetOf(w.Key) == set).ToList(),
            };
            var v6 = set == AllWorkloadsV6 || members.Any(m => m.Value.IsV6);
            var type = v6 ? "ipv6_addr" : "ipv4_addr";
            var elements = members.Count == 0 ? "" : $" elements = {{ {string.Join(", ", members.Select(m => Address(m.Value)))} }};";
            var note = members.Count == 1 && set != AllWorkloadsV4 && set != AllWorkloadsV6 && plan.Notes.TryGetValue(members[0].Key, out var n) ? $" # {n}" : "";
            Line($"\tset {set} {{ type {type}; flags interval;{elements} }}{note}");
        }
        if (sets.Count > 0) Line();
        Chain(sb, "input", "iifname", input, "nd-neighbor-solicit, nd-neighbor-advert, nd-router-advert");
        Line();
        Chain(sb, "output", "oifname", output, "nd-neighbor-solicit, nd-neighbor-advert, nd-router-solicit");
        Line("}");
        return sb.ToString();
    }

    private static void Chain(StringBuilder sb, string hook, string loopbackField, List<Rule> rules, string neighbourDiscovery)
    {
        void Line(string text) => sb.Append(text).Append('\n');
        Line($"\tchain {hook} {{");
        Line($"\t\ttype filter hook {hook} priority filter; policy drop;");
        Line("\t\tct state established,related accept");
        Line("\t\tct state invalid counter drop comment \"invalid packets\"");
        Line($"\t\t{loopbackField} \"lo\" accept");
        Line($"\t\ticmpv6 type {{ {neighbourDiscovery} }} accept comment \"IPv6 neighbour discovery\"");
        foreach (var rule in rules)
        {
            if (rule.Text.Length > 0) Line($"\t\t{rule.Text}");
            else Line($"\t\t# {rule.Note}");
        }
        Line("\t\tcounter drop comment \"not an intended flow\"");
        Line("\t}");
    }

    /// <summary>The match for an outside range (null when the plan has no address for it) and how to name it.</summary>
    private static (string? Match, string Name) OutsideMatch(AddressPlan plan, IpRange range, string field, IReadOnlyList<IpRange>? exclude)
    {
        var ip = Ip(range.IsV6);
        var all = range == IpRange.AllIPv4 || range == IpRange.AllIPv6;
        var name = all ? $"every {(range.IsV6 ? "IPv6" : "IPv4")} address" : IntentEdge.Describe(range);
        var excluded = exclude is { Count: > 0 } ? $" {ip} {field} != @{(range.IsV6 ? AllWorkloadsV6 : AllWorkloadsV4)}" : "";
        if (all)
        {
            return (exclude is { Count: > 0 } ? excluded.TrimStart() : $"meta nfproto {(range.IsV6 ? "ipv6" : "ipv4")}", name);
        }
        var mapped = plan.Outside(range);
        if (mapped.Count == 0) return (null, name);
        var cidrs = mapped.SelectMany(Cidrs.Of).Select(c => c.PrefixLength == (c.IsV6 ? 128 : 32) ? Cidr.FormatAddress(c.IsV6, c.First) : c.ToString()).ToList();
        var value = cidrs.Count == 1 ? cidrs[0] : $"{{ {string.Join(", ", cidrs)} }}";
        var overlaps = exclude is not null && exclude.Any(a => mapped.Any(m => m.First <= a.First && a.Last <= m.Last));
        return ($"{ip} {field} {value}" + (overlaps ? excluded : ""), name);
    }

    /// <summary>
    /// The protocol and port matches of a connection set: one per group of protocols with the same ports, written
    /// as 'tcp dport 443', 'meta l4proto { tcp, udp } th dport 53', or 'meta l4proto tcp' for every port.
    /// </summary>
    internal static IReadOnlyList<string> Ports(ConnectionSet ports)
    {
        if (ports.IsAll) return ["meta l4proto { tcp, udp, sctp }"];
        var groups = new[] { Protocol.TCP, Protocol.UDP, Protocol.SCTP }
            .Where(p => !ports[p].IsEmpty)
            .GroupBy(p => ports[p])
            .Select(g => (Protocols: g.ToList(), Ports: g.Key));
        var result = new List<string>();
        foreach (var (protocols, set) in groups)
        {
            var names = protocols.Select(p => p.ToString().ToLowerInvariant()).ToList();
            var values = set.Ranges.Select(r => r.Lo == r.Hi ? $"{r.Lo}" : $"{r.Lo}-{r.Hi}").ToList();
            var value = values.Count == 1 ? values[0] : $"{{ {string.Join(", ", values)} }}";
            if (set.IsAll) result.Add(names.Count == 1 ? $"meta l4proto {names[0]}" : $"meta l4proto {{ {string.Join(", ", names)} }}");
            else if (names.Count == 1) result.Add($"{names[0]} dport {value}");
            else result.Add($"meta l4proto {{ {string.Join(", ", names)} }} th dport {value}");
        }
        return result;
    }

    private static string Ip(bool v6) => v6 ? "ip6" : "ip";

    private static string Address(IpRange a) =>
        a.First == a.Last ? Cidr.FormatAddress(a.IsV6, a.First) : $"{Cidr.FormatAddress(a.IsV6, a.First)}-{Cidr.FormatAddress(a.IsV6, a.Last)}";

    private static string Comment(Flow flow)
    {
        var text = $"intent flow {flow.Id}".Replace("\"", "'", StringComparison.Ordinal);
        while (Encoding.UTF8.GetByteCount(text) > CommentLimit) text = text[..^1];
        return $"comment \"{text}\"";
    }
}
