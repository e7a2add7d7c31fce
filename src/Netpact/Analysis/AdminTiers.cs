using System.Collections.Concurrent;
using Netpact.Model;

namespace Netpact.Analysis;

/// <summary>
/// The Admin and Baseline tiers compiled against the identities, and how they wrap what NetworkPolicy decides. Per
/// direction, a connection (one protocol and port) goes through the Admin tier's grants in order, where the first
/// match Allows, Denies or Passes it; what the Admin tier did not decide (passed or unmatched) is decided by the
/// NetworkPolicies if any selects the pod in that direction, else by the Baseline tier's first matching grant, else
/// allowed. As connection sets: allowed = A ∪ ((All − A − D) ∩ X), where A and D are what the Admin tier allows and
/// denies, and X what the NetworkPolicies allow or, without them, what the Baseline tier does not deny.
/// Every column is computed as a few disjoint identity sets, split grant by grant (partition refinement), never pair
/// by pair. Built once per analysis: a change to a cluster-scoped policy means a fresh analysis.
/// </summary>
internal sealed class AdminTiers
{
    private readonly Identities _identities;
    private readonly ConnectionTable _table;
    private readonly int[] _allSources;
    private readonly ConcurrentDictionary<(int Grant, int Signature), int> _resolved = new();
    private readonly ConcurrentDictionary<string, Cells?> _ingress = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Cells> _egress = new(StringComparer.Ordinal);

    public AdminTiers(Cluster cluster, Identities identities, ConnectionTable table, IReadOnlyList<IpRange> sourceAtoms, IReadOnlyList<IpRange> destinationAtoms)
    {
        _identities = identities;
        _table = table;
        _allSources = [.. Enumerable.Repeat(ConnectionTable.All, sourceAtoms.Count)];
        var n = identities.Count;
        var id = 0;
        var grants = new List<AdminGrant>();
        foreach (var tier in new[] { AdminTier.Admin, AdminTier.Baseline })
        {
            var order = 0;
            foreach (var policy in AdminNetworkPolicy.EvaluationOrder(cluster.AdminPolicies, tier))
            {
                var subjects = identities.Matching(policy.Subject);
                foreach (var direction in new[] { Direction.Ingress, Direction.Egress })
                {
                    var rules = policy.Rules(direction);
                    for (var r = 0; r < rules.Length; r++)
                    {
                        var rule = rules[r];
                        var peers = new Bitset(n);
                        foreach (var peer in rule.Peers)
                        {
                            if (peer.Selector is { } selector) peers.UnionWith(identities.Matching(selector));
                        }
                        var atoms = new Bitset(destinationAtoms.Count);
                        if (direction == Direction.Egress)
                        {
                            var networks = rule.Peers.SelectMany(p => p.Networks).ToList();
                            for (var a = 0; a < destinationAtoms.Count; a++)
                            {
                                if (networks.Any(destinationAtoms[a].Within)) atoms.Add(a);
                            }
                            // The API: networks peers are for addresses outside the cluster, "but cluster-internal
                            // traffic will be checked against the rule as well": pods whose addresses they hold match.
                            if (networks.Count > 0) peers.UnionWith(identities.Holding(false, range => networks.Any(range.Within)));
                        }
                        var external = table.Intern(AdminPorts.Resolve(rule.Ports, []));
                        grants.Add(new AdminGrant
                        {
                            Id = id++,
                            Order = order++,
                            Policy = policy,
                            RuleIndex = r,
                            Rule = rule,
                            Direction = direction,
                            Subjects = subjects,
                            Peers = peers,
                            Atoms = atoms,
                            FixedConnection = rule.Ports is { } ports && ports.Any(p => p.Name is not null) ? -1 : external,
                            ExternalConnection = external,
                        });
                    }
                }
            }
        }
        // Per tier and direction, in evaluation order: ingress rules by the destination they protect (subject),
        // egress rules by the destination their peers match and by the source they apply to.
        AdminIngressOf = Index(grants, AdminTier.Admin, Direction.Ingress, g => g.Subjects, n);
        BaselineIngressOf = Index(grants, AdminTier.Baseline, Direction.Ingress, g => g.Subjects, n);
        AdminEgressTo = Index(grants, AdminTier.Admin, Direction.Egress, g => g.Peers, n);
        BaselineEgressTo = Index(grants, AdminTier.Baseline, Direction.Egress, g => g.Peers, n);
        AdminEgressOf = Index([.. grants.Where(g => !g.Atoms.IsEmpty)], AdminTier.Admin, Direction.Egress, g => g.Subjects, n);
        BaselineEgressOf = Index([.. grants.Where(g => !g.Atoms.IsEmpty)], AdminTier.Baseline, Direction.Egress, g => g.Subjects, n);
    }

    public AdminGrant[][] AdminIngressOf { get; }
    public AdminGrant[][] BaselineIngressOf { get; }
    public AdminGrant[][] AdminEgressTo { get; }
    public AdminGrant[][] BaselineEgressTo { get; }
    public AdminGrant[][] AdminEgressOf { get; }
    public AdminGrant[][] BaselineEgressOf { get; }

    private static AdminGrant[][] Index(List<AdminGrant> grants, AdminTier tier, Direction direction, Func<AdminGrant, Bitset> by, int n)
    {
        var lists = Enumerable.Range(0, n).Select(_ => new List<AdminGrant>()).ToArray();
        foreach (var g in grants.Where(g => g.Policy.Tier == tier && g.Direction == direction))
        {
            foreach (var i in by(g).Members()) lists[i].Add(g);
        }
        return [.. lists.Select(l => l.ToArray())];
    }

    /// <summary>What a grant's ports match towards a destination identity.</summary>
    private int Conn(AdminGrant g, int destination)
    {
        if (g.FixedConnection >= 0) return g.FixedConnection;
        var signature = _identities.Signatures[destination];
        return _resolved.GetOrAdd((g.Id, signature), _ => _table.Intern(AdminPorts.Resolve(g.Rule.Ports, _identities.Classes[destination].Ports)));
    }

    private static string Key(AdminGrant[] grants) => string.Join(",", grants.Select(g => g.Id));

    private string SignatureKey(AdminGrant[] a, AdminGrant[] b, int destination) =>
        a.Concat(b).Any(g => g.FixedConnection < 0) ? $"|{_identities.Signatures[destination]}" : "";

    /// <summary>The ingress cells of a destination identity: the Admin tier around NetworkPolicy's cells (null when none isolates it) or the Baseline tier.</summary>
    public Cells? Ingress(int d, Cells? networkPolicy)
    {
        var admin = AdminIngressOf[d];
        var baseline = networkPolicy is null ? BaselineIngressOf[d] : [];
        if (admin.Length == 0 && (networkPolicy is not null || baseline.Length == 0)) return networkPolicy;
        var key = $"{Key(admin)}|{Key(baseline)}|{networkPolicy?.Id}{SignatureKey(admin, baseline, d)}";
        return _ingress.GetOrAdd(key, _ =>
        {
            var everyone = Bitset.Full(_identities.Count);
            var decided = Decide(everyone, admin, g => g.Peers, g => Conn(g, d));
            var rest = networkPolicy is not null
                ? Groups(networkPolicy, everyone)
                : Undenied(Decide(everyone, baseline, g => g.Peers, g => Conn(g, d)));
            return Combine(decided, rest, networkPolicy?.External ?? _allSources);
        });
    }

    /// <summary>
    /// The egress cells of a destination identity over every source: the Admin tier, then NetworkPolicy's egress cells
    /// for the sources it isolates, the Baseline tier for the others (<paramref name="open"/>).
    /// </summary>
    public Cells Egress(int d, Cells networkPolicy, Bitset open, int openVersion)
    {
        var admin = AdminEgressTo[d];
        var baseline = BaselineEgressTo[d];
        var key = $"{Key(admin)}|{Key(baseline)}|{networkPolicy.Id}|{openVersion}{SignatureKey(admin, baseline, d)}";
        return _egress.GetOrAdd(key, _ =>
        {
            var everyone = Bitset.Full(_identities.Count);
            var decided = Decide(everyone, admin, g => g.Subjects, g => Conn(g, d));
            var rest = Groups(networkPolicy, everyone.Except(open));
            rest.AddRange(Undenied(Decide(open, baseline, g => g.Subjects, g => Conn(g, d))));
            return Combine(decided, rest, null);
        });
    }

    /// <summary>What a source identity may send to each external atom: null (everything) or NetworkPolicy's answer when no cluster-scoped rule applies.</summary>
    public int[]? ToExternal(int s, int[]? networkPolicy, int atomCount)
    {
        var admin = AdminEgressOf[s];
        var baseline = networkPolicy is null ? BaselineEgressOf[s] : [];
        if (admin.Length == 0 && baseline.Length == 0) return networkPolicy;
        var result = new int[atomCount];
        for (var a = 0; a < atomCount; a++)
        {
            var (allowed, denied) = FirstMatch(admin, a);
            var x = networkPolicy?[a] ?? _table.Subtract(ConnectionTable.All, FirstMatch(baseline, a).Denied);
            result[a] = Value(allowed, denied, x);
        }
        return result;
    }

    private (int Allowed, int Denied) FirstMatch(AdminGrant[] grants, int atom)
    {
        int allowed = ConnectionTable.Empty, denied = ConnectionTable.Empty, passed = ConnectionTable.Empty;
        foreach (var g in grants)
        {
            if (g.Atoms.Contains(atom)) Apply(g.Action, g.ExternalConnection, ref allowed, ref denied, ref passed);
        }
        return (allowed, denied);
    }

    /// <summary>One more matching rule: it decides what no earlier rule decided.</summary>
    private void Apply(AdminAction action, int conn, ref int allowed, ref int denied, ref int passed)
    {
        var fresh = _table.Subtract(_table.Subtract(_table.Subtract(conn, allowed), denied), passed);
        if (fresh == ConnectionTable.Empty) return;
        switch (action)
        {
            case AdminAction.Allow: allowed = _table.Union(allowed, fresh); break;
            case AdminAction.Deny: denied = _table.Union(denied, fresh); break;
            default: passed = _table.Union(passed, fresh); break;
        }
    }

    /// <summary>A ∪ ((All − A − D) ∩ X).</summary>
    private int Value(int allowed, int denied, int rest) =>
        _table.Union(allowed, _table.Intersect(_table.Subtract(_table.Subtract(ConnectionTable.All, allowed), denied), rest));

    private readonly record struct Decision(int Allowed, int Denied, int Passed);

    /// <summary>Splits <paramref name="universe"/> by the grants in order into sets that the grants decide alike.</summary>
    private List<(Bitset Members, Decision State)> Decide(Bitset universe, AdminGrant[] grants, Func<AdminGrant, Bitset> membersOf, Func<AdminGrant, int> connOf)
    {
        var groups = new List<(Bitset Members, Decision State)> { (universe.Clone(), default) };
        foreach (var g in grants)
        {
            var conn = connOf(g);
            if (conn == ConnectionTable.Empty) continue;
            var members = membersOf(g);
            var next = new Dictionary<Decision, Bitset>();
            foreach (var (set, state) in groups)
            {
                if (!set.Overlaps(members))
                {
                    Add(next, state, set);
                    continue;
                }
                var outside = set.Except(members);
                if (!outside.IsEmpty) Add(next, state, outside);
                var (allowed, denied, passed) = (state.Allowed, state.Denied, state.Passed);
                Apply(g.Action, conn, ref allowed, ref denied, ref passed);
                Add(next, new Decision(allowed, denied, passed), set.Intersect(members));
            }
            groups = [.. next.Select(p => (p.Value, p.Key))];
        }
        return groups;
    }

    private static void Add(Dictionary<Decision, Bitset> groups, Decision state, Bitset set)
    {
        if (groups.TryGetValue(state, out var existing)) existing.UnionWith(set);
        else groups[state] = set.Clone();
    }

    /// <summary>Baseline decisions as what they leave allowed: everything they do not deny.</summary>
    private List<(Bitset Members, int Connection)> Undenied(List<(Bitset Members, Decision State)> decided) =>
        [.. decided.Select(d => (d.Members, _table.Subtract(ConnectionTable.All, d.State.Denied)))];

    /// <summary>NetworkPolicy cells as disjoint groups covering <paramref name="universe"/> (the sets they leave out get nothing).</summary>
    private static List<(Bitset Members, int Connection)> Groups(Cells cells, Bitset universe)
    {
        var result = new List<(Bitset, int)>();
        var rest = universe.Clone();
        for (var i = 0; i < cells.Sets.Length; i++)
        {
            var inside = cells.Sets[i].Intersect(universe);
            if (inside.IsEmpty) continue;
            result.Add((inside, cells.Connections[i]));
            rest.ExceptWith(inside);
        }
        if (!rest.IsEmpty) result.Add((rest, ConnectionTable.Empty));
        return result;
    }

    private Cells Combine(List<(Bitset Members, Decision State)> decided, List<(Bitset Members, int Connection)> rest, int[]? external)
    {
        var byValue = new Dictionary<int, Bitset>();
        var order = new List<int>();
        foreach (var (a, state) in decided)
        {
            foreach (var (x, conn) in rest)
            {
                if (!a.Overlaps(x)) continue;
                var value = Value(state.Allowed, state.Denied, conn);
                if (value == ConnectionTable.Empty) continue;
                var both = a.Intersect(x);
                if (byValue.TryGetValue(value, out var set))
                {
                    set.UnionWith(both);
                }
                else
                {
                    byValue[value] = both;
                    order.Add(value);
                }
            }
        }
        return new Cells([.. order.Select(v => byValue[v])], [.. order], external);
    }
}
