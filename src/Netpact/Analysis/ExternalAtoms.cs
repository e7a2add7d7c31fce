using Netpact.Model;

namespace Netpact.Analysis;

/// <summary>
/// Cuts the address space at the edges of every ipBlock's address set (cidr minus except) into disjoint ranges, so that each range
/// lies wholly inside or outside every ipBlock. IPv6 is cut only when some ipBlock is IPv6.
/// Sources are cut by the ipBlocks of ingress rules and destinations by those of egress rules, as
/// netpol-analyzer reports them.
/// </summary>
public static class ExternalAtoms
{
    public static IReadOnlyList<IpRange> Of(IEnumerable<NetworkPolicy> policies, Direction direction) =>
        Cut(Blocks(policies, direction), [], allNetworks: false);

    /// <summary>
    /// The atoms of a cluster: cut also by the `networks` of egress rules of cluster-scoped policies. Their IPv6
    /// networks cut only when some NetworkPolicy ipBlock is IPv6 (netpol-analyzer reads only IPv4 networks, and
    /// reports list IPv6 ranges only when an ipBlock names one).
    /// </summary>
    public static IReadOnlyList<IpRange> Of(Cluster cluster, Direction direction) =>
        Cut(ClusterBlocks(cluster, direction), direction == Direction.Egress ? Networks(cluster.AdminPolicies) : [], allNetworks: false);

    /// <summary>
    /// The atoms pod addresses are sorted into: as <see cref="Of(Cluster, Direction)"/>, but cut by every network,
    /// IPv6 ones too, since a network matches a pod whose address it holds whatever ranges reports list.
    /// </summary>
    internal static IReadOnlyList<IpRange> ForPods(Cluster cluster, Direction direction) =>
        Cut(ClusterBlocks(cluster, direction), direction == Direction.Egress ? Networks(cluster.AdminPolicies) : [], allNetworks: true);

    /// <summary>The ipBlocks of the NetworkPolicies and the address ranges of the Cilium policies (allow and deny rules).</summary>
    private static List<IpBlock> ClusterBlocks(Cluster cluster, Direction direction) =>
        [.. Blocks(cluster.Policies, direction), .. CiliumLowering.Blocks(cluster.CiliumPolicies, direction)];

    /// <summary>Every CIDR of the networks peers of the policies' egress rules.</summary>
    public static IEnumerable<Cidr> Networks(IEnumerable<AdminNetworkPolicy> policies) =>
        policies.SelectMany(p => p.Egress).SelectMany(r => r.Peers).SelectMany(peer => peer.Networks);

    private static List<IpBlock> Blocks(IEnumerable<NetworkPolicy> policies, Direction direction) =>
        policies
            .SelectMany(p => p.Rules(direction))
            .SelectMany(r => r.Peers ?? [])
            .Where(peer => peer.IpBlock is not null)
            .Select(peer => peer.IpBlock!)
            .ToList();

    private static List<IpRange> Cut(List<IpBlock> policyBlocks, IEnumerable<Cidr> networks, bool allNetworks)
    {
        var hasV6 = policyBlocks.Any(b => b.Cidr.IsV6);
        var blocks = policyBlocks.Concat(networks.Where(c => allNetworks || !c.IsV6 || hasV6).Select(c => new IpBlock(c, []))).ToList();
        var result = new List<IpRange>();
        foreach (var v6 in new[] { false, true })
        {
            var sets = blocks.Where(b => b.Cidr.IsV6 == v6).Select(IpRangeSet.Of).ToList();
            if (v6 && sets.Count == 0) continue;
            var max = Cidr.MaxOf(v6);
            var cuts = new SortedSet<UInt128> { 0 };
            foreach (var range in sets.SelectMany(s => s.Ranges))
            {
                cuts.Add(range.First);
                if (range.Last != max) cuts.Add(range.Last + 1);
            }
            var starts = cuts.ToList();
            for (var i = 0; i < starts.Count; i++)
            {
                var last = i + 1 < starts.Count ? starts[i + 1] - 1 : max;
                result.Add(new IpRange(v6, starts[i], last));
            }
        }
        return result;
    }
}
