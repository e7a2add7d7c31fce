using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Netpact.Compilers.Compose;
using Netpact.Intents;
using Netpact.Model;

namespace Netpact.Compilers.Aws;

/// <summary>
/// One rule of a planned security group: the group it belongs to, ingress or egress, its peer (another
/// workload's group or a CIDR), protocol and ports, and the intent flows it serves.
/// SCTP has no ports in a security group, so its rules have From = To = -1 (every port).
/// </summary>
internal sealed record PlannedRule(string Owner, bool Ingress, string? PeerGroup, Cidr? PeerCidr, Protocol Protocol, int From, int To, ImmutableArray<string> FlowIds);

/// <summary>A planned security group: one per workload.</summary>
internal sealed record PlannedGroup(string Workload, string Zone, string GroupId, ImmutableArray<PlannedRule> Ingress, ImmutableArray<PlannedRule> Egress);

/// <summary>
/// The security groups an intent needs: a group per workload, and for each intended flow an egress rule on the
/// source's group and an ingress rule on the destination's, naming each other's group, or the flow's CIDRs
/// when one end is outside. Both the Terraform and the describe-security-groups JSON are written from this.
/// </summary>
internal static class SecurityGroupPlan
{
    public static ImmutableArray<PlannedGroup> Of(Intent intent)
    {
        var rules = new Dictionary<(string Owner, bool Ingress, string? Group, string? Cidr, Protocol Protocol, int From, int To), (PlannedRule Rule, List<string> Flows)>();
        void Add(string owner, bool ingress, string? group, Cidr? cidr, Protocol protocol, int from, int to, string flow)
        {
            var key = (owner, ingress, group, cidr?.ToString(), protocol, from, to);
            if (!rules.TryGetValue(key, out var entry))
            {
                entry = (new PlannedRule(owner, ingress, group, cidr, protocol, from, to, []), []);
                rules[key] = entry;
            }
            if (!entry.Flows.Contains(flow)) entry.Flows.Add(flow);
        }

        foreach (var edge in IntentEdges.Of(intent))
        {
            foreach (var (protocol, from, to) in PortRanges(edge.Ports))
            {
                var flow = edge.Flow.Id;
                if (edge.Source.Workload is { } src && edge.Destination.Workload is { } dst)
                {
                    Add(src, false, dst, null, protocol, from, to, flow);
                    Add(dst, true, src, null, protocol, from, to, flow);
                }
                else if (edge.Destination.Workload is { } inside)
                {
                    foreach (var cidr in Cidrs.Of(edge.Source.Range!)) Add(inside, true, null, cidr, protocol, from, to, flow);
                }
                else
                {
                    foreach (var cidr in Cidrs.Of(edge.Destination.Range!)) Add(edge.Source.Workload!, false, null, cidr, protocol, from, to, flow);
                }
            }
        }

        var order = intent.Workloads.Select((w, i) => (w.Name, i)).ToDictionary(x => x.Name, x => x.i);
        var all = rules.Values.Select(v => v.Rule with { FlowIds = [.. v.Flows] })
            .OrderBy(r => r.PeerGroup is null ? 1 : 0)
            .ThenBy(r => r.PeerGroup is null ? 0 : order[r.PeerGroup])
            .ThenBy(r => r.PeerCidr?.IsV6)
            .ThenBy(r => r.PeerCidr?.First)
            .ThenBy(r => r.PeerCidr?.PrefixLength)
            .ThenBy(r => ProtocolOrder(r.Protocol))
            .ThenBy(r => r.From)
            .ToList();
        return [.. intent.Workloads.Select(w => new PlannedGroup(w.Name, w.Zone, GroupId(intent, w.Name),
            [.. all.Where(r => r.Owner == w.Name && r.Ingress)],
            [.. all.Where(r => r.Owner == w.Name && !r.Ingress)]))];
    }

    /// <summary>A stand-in group id, stable across runs: 'sg-' and 17 hex digits of a hash of intent and workload.</summary>
    public static string GroupId(Intent intent, string workload) =>
        "sg-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{intent.Name}/{workload}")))[..17];

    public static int ProtocolOrder(Protocol protocol) => protocol switch { Protocol.TCP => 0, Protocol.UDP => 1, _ => 2 };

    /// <summary>AWS's name of a protocol: tcp, udp, or 132 for SCTP (which has no name there).</summary>
    public static string AwsProtocol(Protocol protocol) => protocol switch { Protocol.TCP => "tcp", Protocol.UDP => "udp", _ => "132" };

    private static IEnumerable<(Protocol, int, int)> PortRanges(ConnectionSet ports)
    {
        foreach (var protocol in new[] { Protocol.TCP, Protocol.UDP })
        {
            foreach (var (lo, hi) in ports[protocol].Ranges) yield return (protocol, lo, hi);
        }
        if (!ports[Protocol.SCTP].IsEmpty) yield return (Protocol.SCTP, -1, -1);
    }

    /// <summary>
    /// Text as AWS accepts it in descriptions (letters, digits, spaces and ._-:/()#,@[]+=&amp;;!*), also safe
    /// inside a Terraform string: anything else becomes '-'.
    /// </summary>
    public static string Description(string text)
    {
        var sb = new StringBuilder();
        foreach (var c in text)
            sb.Append(char.IsAsciiLetterOrDigit(c) || " ._-:/()#,@[]+=&;!*".Contains(c) ? c : '-');
        return sb.Length > 255 ? sb.ToString(0, 255) : sb.ToString();
    }

    public static string RuleDescription(PlannedRule rule) =>
        Description((rule.FlowIds.Length == 1 ? "intent flow " : "intent flows ") + string.Join(", ", rule.FlowIds));
}
