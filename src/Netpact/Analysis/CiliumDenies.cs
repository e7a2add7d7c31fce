using System.Collections.Concurrent;
using Netpact.Model;

namespace Netpact.Analysis;

/// <summary>One ingressDeny or egressDeny rule compiled against the identities.</summary>
internal sealed class DenyGrant
{
    public required int Id { get; init; }
    public required CiliumPolicy Policy { get; init; }
    public required int RuleIndex { get; init; }
    public required CiliumRule Rule { get; init; }
    public required Direction Direction { get; init; }

    /// <summary>The identities the policy selects: destinations for ingress, sources for egress.</summary>
    public required Bitset Subjects { get; init; }

    /// <summary>The identities at the other end the rule matches.</summary>
    public required Bitset Peers { get; init; }

    /// <summary>The external atoms of the rule's direction it matches (sources for ingress, destinations for egress).</summary>
    public required Bitset Atoms { get; init; }

    public required int Spec { get; init; }

    /// <summary>What the ports match when they name no port, else -1 (resolved on each destination).</summary>
    public required int FixedConnection { get; init; }

    /// <summary>What the ports match towards an address outside the cluster, which declares no port names.</summary>
    public required int ExternalConnection { get; init; }
}

/// <summary>
/// Cilium's deny rules, applied after everything else decided: "Deny policies take precedence over allow policies,
/// regardless of whether they are a Cilium Network Policy, a Clusterwide Cilium Network Policy or even a Kubernetes
/// Network Policy". Per column, what the other layers allow minus what any deny rule selecting the subject matches,
/// computed on disjoint identity sets as the rest of the engine. (Cilium does not implement AdminNetworkPolicy; with
/// both in one input a deny also wins over an Admin tier allow.)
/// </summary>
internal sealed class CiliumDenies
{
    private readonly Identities _identities;
    private readonly ConnectionTable _table;
    private readonly ConcurrentDictionary<string, Cells> _ingress = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Cells> _egress = new(StringComparer.Ordinal);

    public CiliumDenies(Cluster cluster, Identities identities, ConnectionTable table, IReadOnlyList<IpRange> sourceAtoms, IReadOnlyList<IpRange> destinationAtoms)
    {
        _identities = identities;
        _table = table;
        var n = identities.Count;
        var grants = new List<DenyGrant>();
        var noNames = table.Signature([]);
        foreach (var policy in cluster.CiliumPolicies)
        {
            var subjects = identities.Matching(policy.Subject);
            foreach (var direction in new[] { Direction.Ingress, Direction.Egress })
            {
                var atoms = direction == Direction.Ingress ? sourceAtoms : destinationAtoms;
                var rules = policy.Denies(direction);
                for (var r = 0; r < rules.Length; r++)
                {
                    var rule = rules[r];
                    var peers = new Bitset(n);
                    foreach (var peer in rule.Peers)
                    {
                        if (peer.Endpoints is { } selector) peers.UnionWith(identities.Matching(selector));
                        if (peer.HostNetworkPods) peers.UnionWith(identities.HostNetwork);
                    }
                    var blocks = rule.Peers.SelectMany(p => p.Addresses).ToList();
                    var matched = new Bitset(atoms.Count);
                    for (var a = 0; a < atoms.Count; a++)
                    {
                        if (blocks.Any(atoms[a].Within)) matched.Add(a);
                    }
                    var spec = table.Spec(rule.Ports);
                    var external = table.Resolve(spec, rule.Ports, noNames, []);
                    grants.Add(new DenyGrant
                    {
                        Id = grants.Count,
                        Policy = policy,
                        RuleIndex = r,
                        Rule = rule,
                        Direction = direction,
                        Subjects = subjects,
                        Peers = peers,
                        Atoms = matched,
                        Spec = spec,
                        FixedConnection = rule.Ports.Any(p => p.Name is not null) ? -1 : external,
                        ExternalConnection = external,
                    });
                }
            }
        }
        EgressSubjects = new Bitset(n);
        foreach (var g in grants.Where(g => g.Direction == Direction.Egress)) EgressSubjects.UnionWith(g.Subjects);
        IngressOf = Index(grants, Direction.Ingress, g => g.Subjects, n);
        EgressTo = Index(grants, Direction.Egress, g => g.Peers, n);
        EgressOf = Index([.. grants.Where(g => !g.Atoms.IsEmpty)], Direction.Egress, g => g.Subjects, n);
    }

    /// <summary>The identities some egress deny rule applies to: not open even where no policy isolates them.</summary>
    public Bitset EgressSubjects { get; }

    /// <summary>Per destination identity, the ingress deny rules of the policies selecting it.</summary>
    public DenyGrant[][] IngressOf { get; }

    /// <summary>Per destination identity, the egress deny rules whose peers hold it.</summary>
    public DenyGrant[][] EgressTo { get; }

    /// <summary>Per source identity, the egress deny rules of the policies selecting it that match some external atom.</summary>
    public DenyGrant[][] EgressOf { get; }

    private static DenyGrant[][] Index(List<DenyGrant> grants, Direction direction, Func<DenyGrant, Bitset> by, int n)
    {
        var lists = Enumerable.Range(0, n).Select(_ => new List<DenyGrant>()).ToArray();
        foreach (var g in grants.Where(g => g.Direction == direction))
        {
            foreach (var i in by(g).Members()) lists[i].Add(g);
        }
        return [.. lists.Select(l => l.ToArray())];
    }

    /// <summary>What a deny rule's ports match towards a destination identity (named ports resolve on it).</summary>
    private int Conn(DenyGrant g, int destination) =>
        g.FixedConnection >= 0
            ? g.FixedConnection
            : _table.Resolve(g.Spec, g.Rule.Ports, _identities.Signatures[destination], _identities.Classes[destination].Ports);

    private string Key(DenyGrant[] grants, int destination) =>
        string.Join(",", grants.Select(g => g.Id)) + (grants.Any(g => g.FixedConnection < 0) ? $"|{_identities.Signatures[destination]}" : "");

    /// <summary>The ingress cells of a destination: what the other layers allow (null: everything) minus its deny rules.</summary>
    public Cells? Ingress(int d, Cells? allowed, int sourceAtomCount)
    {
        var grants = IngressOf[d];
        if (grants.Length == 0) return allowed;
        return _ingress.GetOrAdd($"{Key(grants, d)}|{allowed?.Id}", _ =>
        {
            var denied = Cells.Refine(grants.Select(g => (Conn(g, d), g.Peers)), _table, null);
            var groups = allowed is null
                ? [(Bitset.Full(_identities.Count), ConnectionTable.All)]
                : Enumerable.Range(0, allowed.Sets.Length).Select(i => (allowed.Sets[i], allowed.Connections[i])).ToList();
            var external = new int[sourceAtomCount];
            for (var a = 0; a < external.Length; a++)
            {
                var deny = ConnectionTable.Empty;
                foreach (var g in grants)
                {
                    if (g.Atoms.Contains(a)) deny = _table.Union(deny, Conn(g, d));
                }
                external[a] = _table.Subtract(allowed?.External![a] ?? ConnectionTable.All, deny);
            }
            return Subtract(groups, denied, external);
        });
    }

    /// <summary>
    /// The egress cells of a destination: what the other layers allow, with the sources no egress policy isolates but
    /// some egress deny rule applies to (<paramref name="open"/>, when the Admin tier has not already put them in)
    /// allowed everything, minus the egress deny rules whose peers hold the destination. Other unisolated sources stay
    /// in the state's open set.
    /// </summary>
    public Cells Egress(int d, Cells allowed, Bitset? open, int openVersion)
    {
        var grants = EgressTo[d];
        if (grants.Length == 0 && (open is null || open.IsEmpty)) return allowed;
        return _egress.GetOrAdd($"{Key(grants, d)}|{allowed.Id}|{(open is null ? "-" : openVersion)}", _ =>
        {
            var groups = new List<(Bitset, int)>();
            for (var i = 0; i < allowed.Sets.Length; i++)
            {
                var set = open is null ? allowed.Sets[i] : allowed.Sets[i].Except(open);
                if (!set.IsEmpty) groups.Add((set, allowed.Connections[i]));
            }
            if (open is not null && !open.IsEmpty) groups.Add((open, ConnectionTable.All));
            var denied = Cells.Refine(grants.Select(g => (Conn(g, d), g.Subjects)), _table, null);
            return Subtract(groups, denied, null);
        });
    }

    /// <summary>What a source may send to each external atom: the other layers' answer (null: everything) minus its egress deny rules.</summary>
    public int[]? ToExternal(int s, int[]? allowed, int atomCount)
    {
        var grants = EgressOf[s];
        if (grants.Length == 0) return allowed;
        var result = new int[atomCount];
        for (var a = 0; a < atomCount; a++)
        {
            var deny = ConnectionTable.Empty;
            foreach (var g in grants)
            {
                if (g.Atoms.Contains(a)) deny = _table.Union(deny, g.ExternalConnection);
            }
            result[a] = _table.Subtract(allowed?[a] ?? ConnectionTable.All, deny);
        }
        return result;
    }

    /// <summary>Disjoint allowed groups minus disjoint denied cells, as cells with one set per connection.</summary>
    private Cells Subtract(List<(Bitset Members, int Connection)> groups, Cells denied, int[]? external)
    {
        var byValue = new Dictionary<int, Bitset>();
        var order = new List<int>();
        void Add(int value, Bitset set)
        {
            if (value == ConnectionTable.Empty || set.IsEmpty) return;
            if (byValue.TryGetValue(value, out var existing))
            {
                existing.UnionWith(set);
            }
            else
            {
                byValue[value] = set.Clone();
                order.Add(value);
            }
        }
        foreach (var (members, connection) in groups)
        {
            var rest = members.Clone();
            for (var j = 0; j < denied.Sets.Length; j++)
            {
                if (!members.Overlaps(denied.Sets[j])) continue;
                Add(_table.Subtract(connection, denied.Connections[j]), members.Intersect(denied.Sets[j]));
                rest.ExceptWith(denied.Sets[j]);
            }
            Add(connection, rest);
        }
        return new Cells([.. order.Select(v => byValue[v])], [.. order], external);
    }
}
