using Netpact.Model;

namespace Netpact.Analysis;

/// <summary>
/// One rule of a cluster-scoped policy, compiled against the identities: the identities its policy's subject selects,
/// the identities and external destination atoms its peers match, and its ports. <see cref="Order"/> is its place in
/// its tier's evaluation (policies by priority, rules as written): the first matching grant decides.
/// </summary>
internal sealed class AdminGrant
{
    public required int Id { get; init; }
    public required int Order { get; init; }
    public required AdminNetworkPolicy Policy { get; init; }
    public required int RuleIndex { get; init; }
    public required AdminRule Rule { get; init; }
    public required Direction Direction { get; init; }
    public required Bitset Subjects { get; init; }
    public required Bitset Peers { get; init; }

    /// <summary>External destination atoms inside the rule's networks (egress rules only).</summary>
    public required Bitset Atoms { get; init; }

    /// <summary>What the ports match when they name no port (the same for every destination), else -1.</summary>
    public required int FixedConnection { get; init; }

    /// <summary>What the ports match towards an external address (named ports match nothing there).</summary>
    public required int ExternalConnection { get; init; }

    public AdminAction Action => Rule.Action;
}
