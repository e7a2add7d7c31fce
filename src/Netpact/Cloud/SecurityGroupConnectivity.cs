using Netpact.Model;

namespace Netpact.Cloud;

/// <summary>
/// What security groups let go where. Each group stands for the instances it is attached to, named by the
/// group's name (with its id when several groups share the name, as every VPC's "default" does). Groups are
/// stateful, so only the side that opens a connection matters: A reaches B on a port when A's egress admits B (by
/// B's group, or a CIDR that can hold B's address) and B's ingress admits A (likewise). A and B may be one group:
/// its instances reach each other, as a default group's rule naming the group itself allows. Outside addresses
/// have no group: a CIDR in B's ingress is reached from those addresses, a CIDR in A's egress is reached by A.
/// </summary>
public static class SecurityGroupConnectivity
{
    /// <param name="addressOf">The addresses a group's instances may have (a subnet), or null when unknown:
    /// then only a rule for every IPv4 address (0.0.0.0/0) is sure to admit them.</param>
    public static void AddTo(FlowMatrix matrix, IReadOnlyList<SecurityGroup> groups, Func<SecurityGroup, Cidr?> addressOf, List<Diagnostic> diagnostics)
    {
        var known = groups.Select(g => g.GroupId).ToHashSet(StringComparer.Ordinal);
        foreach (var rule in groups.SelectMany(g => g.Ingress.Concat(g.Egress)))
        {
            foreach (var reference in rule.Groups.Where(r => !known.Contains(r.GroupId)))
            {
                diagnostics.Add(Diagnostic.Warning(reference.Span,
                    $"this rule names security group {reference.GroupId}, which is not in the input; add its description to check what it admits"));
            }
        }

        var peers = PeerNames(groups);
        foreach (var source in groups)
        {
            foreach (var destination in groups)
            {
                var allowed = ConnectionSet.Empty;
                var reasons = new List<string>();
                foreach (var egress in source.Egress.Where(r => Admits(r, destination, addressOf)))
                {
                    foreach (var ingress in destination.Ingress.Where(r => Admits(r, source, addressOf)))
                    {
                        var both = egress.Connections.Intersect(ingress.Connections);
                        if (both.IsEmpty) continue;
                        allowed = allowed.Union(both);
                        Note(reasons, Reason(source, "egress", egress));
                        Note(reasons, Reason(destination, "ingress", ingress));
                    }
                }
                if (allowed.IsEmpty) continue;
                foreach (var reason in reasons)
                    matrix.Add(peers[source], peers[destination], allowed, reason);
            }
        }

        foreach (var group in groups)
        {
            var self = peers[group];
            foreach (var rule in group.Ingress)
            {
                foreach (var cidr in rule.Cidrs)
                    matrix.Add(FlowPeer.Of(Range(cidr.Cidr)), self, rule.Connections, Reason(group, "ingress", rule));
            }
            foreach (var rule in group.Egress)
            {
                foreach (var cidr in rule.Cidrs)
                    matrix.Add(self, FlowPeer.Of(Range(cidr.Cidr)), rule.Connections, Reason(group, "egress", rule));
            }
        }
    }

    /// <summary>Each group's end of a flow: its name, and its id too where another group of the input has that name.</summary>
    private static Dictionary<SecurityGroup, FlowPeer> PeerNames(IReadOnlyList<SecurityGroup> groups)
    {
        var shared = groups.GroupBy(g => g.GroupName, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        var peers = new Dictionary<SecurityGroup, FlowPeer>(ReferenceEqualityComparer.Instance);
        foreach (var g in groups) peers[g] = FlowPeer.Of(shared.Contains(g.GroupName) ? $"{g.GroupName} ({g.GroupId})" : g.GroupName);
        return peers;
    }

    /// <summary>Whether a rule admits a group's instances: by naming the group, or by a CIDR that can hold their addresses.</summary>
    private static bool Admits(SecurityGroupRule rule, SecurityGroup peer, Func<SecurityGroup, Cidr?> addressOf)
    {
        if (rule.Groups.Any(r => r.GroupId == peer.GroupId)) return true;
        var address = addressOf(peer);
        return rule.Cidrs.Any(c => address is null
            ? !c.Cidr.IsV6 && c.Cidr.PrefixLength == 0
            // Overlap, not containment: an instance may sit in the part of its subnet that the rule covers.
            : c.Cidr.IsV6 == address.IsV6 && c.Cidr.First <= address.Last && address.First <= c.Cidr.Last);
    }

    private static IpRange Range(Cidr cidr) => new(cidr.IsV6, cidr.First, cidr.Last);

    private static string Reason(SecurityGroup group, string direction, SecurityGroupRule rule) =>
        $"security group '{group.GroupName}' ({group.GroupId}) {direction} {rule.Describe()} ({rule.Span})";

    private static void Note(List<string> reasons, string reason)
    {
        if (!reasons.Contains(reason)) reasons.Add(reason);
    }
}
