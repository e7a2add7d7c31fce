using System.Collections.Immutable;
using Netpact.Model;

namespace Netpact.Analysis;

/// <summary>
/// One rule of one policy, compiled: the identities the policy selects, the identities and external atoms the rule
/// admits at the other end, and its ports. An ingress grant lets Peers reach Selected; an egress grant lets Selected
/// reach Peers. Ids are unique for the life of an analysis (caches key on them).
/// </summary>
internal sealed class Grant
{
    public required int Id { get; init; }
    public required NetworkPolicy Policy { get; init; }
    public required Direction Direction { get; init; }
    public required Bitset Selected { get; init; }
    public required Bitset Peers { get; init; }
    public required bool AllPeers { get; init; }

    /// <summary>The external atoms of the rule's direction that it admits.</summary>
    public required Bitset Atoms { get; init; }

    public required ImmutableArray<PolicyPort> Ports { get; init; }
    public required int Spec { get; init; }

    /// <summary>What the ports allow when they name no port (then they mean the same for every destination), else -1.</summary>
    public required int FixedConnection { get; init; }

    /// <summary>What the ports allow towards an external address, which declares no port names.</summary>
    public required int ExternalConnection { get; init; }
}

/// <summary>A policy compiled against the identities: whom it isolates, and its rules as grants.</summary>
internal sealed record CompiledPolicy(NetworkPolicy Policy, Bitset Selected, ImmutableArray<Grant> Grants)
{
    public static CompiledPolicy Compile(
        NetworkPolicy policy, Identities identities, ConnectionTable table,
        IReadOnlyList<IpRange> sourceAtoms, IReadOnlyList<IpRange> destinationAtoms, Func<int> nextId)
    {
        var selected = identities.Selected(policy);
        var grants = ImmutableArray.CreateBuilder<Grant>();
        var noNames = table.Signature([]);
        foreach (var direction in new[] { Direction.Ingress, Direction.Egress })
        {
            if (!policy.Affects(direction)) continue;
            var atoms = direction == Direction.Ingress ? sourceAtoms : destinationAtoms;
            foreach (var rule in policy.Rules(direction))
            {
                var all = rule.AdmitsAllPeers;
                Bitset peers;
                if (all)
                {
                    peers = Bitset.Full(identities.Count);
                }
                else
                {
                    peers = new Bitset(identities.Count);
                    foreach (var peer in rule.Peers!.Value) peers.UnionWith(identities.Peers(policy, peer, direction));
                }
                var admitted = new Bitset(atoms.Count);
                var blocks = (rule.Peers ?? []).Where(p => p.IpBlock is not null).Select(p => p.IpBlock!).ToList();
                for (var a = 0; a < atoms.Count; a++)
                {
                    if (all || blocks.Any(atoms[a].Within)) admitted.Add(a);
                }
                var spec = table.Spec(rule.Ports);
                var external = table.Resolve(spec, rule.Ports, noNames, []);
                grants.Add(new Grant
                {
                    Id = nextId(),
                    Policy = policy,
                    Direction = direction,
                    Selected = selected,
                    Peers = peers,
                    AllPeers = all,
                    Atoms = admitted,
                    Ports = rule.Ports,
                    Spec = spec,
                    FixedConnection = rule.Ports.Any(p => p.Name is not null) ? -1 : external,
                    ExternalConnection = external,
                });
            }
        }
        return new CompiledPolicy(policy, selected, grants.ToImmutable());
    }
}
