using System.Collections.Immutable;

namespace Netpact.Model;

/// <summary>Allowed traffic between two endpoints: a port set per protocol.</summary>
public sealed class ConnectionSet : IEquatable<ConnectionSet>
{
    public static readonly ImmutableArray<Protocol> Protocols = [Protocol.SCTP, Protocol.TCP, Protocol.UDP];

    public static readonly ConnectionSet Empty = new(PortSet.Empty, PortSet.Empty, PortSet.Empty);
    public static readonly ConnectionSet All = new(PortSet.All, PortSet.All, PortSet.All);

    private readonly PortSet[] _ports;

    private ConnectionSet(PortSet sctp, PortSet tcp, PortSet udp) => _ports = [sctp, tcp, udp];

    public static ConnectionSet Of(Protocol protocol, PortSet ports) => Make(
        protocol == Protocol.SCTP ? ports : PortSet.Empty,
        protocol == Protocol.TCP ? ports : PortSet.Empty,
        protocol == Protocol.UDP ? ports : PortSet.Empty);

    public PortSet this[Protocol protocol] => _ports[(int)protocol];

    public bool IsEmpty => _ports[0].IsEmpty && _ports[1].IsEmpty && _ports[2].IsEmpty;

    public bool IsAll => _ports[0].IsAll && _ports[1].IsAll && _ports[2].IsAll;

    public bool Allows(Protocol protocol, int port) => this[protocol].Contains(port);

    public ConnectionSet Union(ConnectionSet other) =>
        other.IsEmpty || IsAll ? this
        : IsEmpty || other.IsAll ? other
        : Make(_ports[0].Union(other._ports[0]), _ports[1].Union(other._ports[1]), _ports[2].Union(other._ports[2]));

    public ConnectionSet Intersect(ConnectionSet other) =>
        IsEmpty || other.IsAll ? this
        : other.IsEmpty || IsAll ? other
        : Make(_ports[0].Intersect(other._ports[0]), _ports[1].Intersect(other._ports[1]), _ports[2].Intersect(other._ports[2]));

    public ConnectionSet Subtract(ConnectionSet other) =>
        Make(_ports[0].Subtract(other._ports[0]), _ports[1].Subtract(other._ports[1]), _ports[2].Subtract(other._ports[2]));

    private static ConnectionSet Make(PortSet sctp, PortSet tcp, PortSet udp)
    {
        if (sctp.IsEmpty && tcp.IsEmpty && udp.IsEmpty) return Empty;
        if (sctp.IsAll && tcp.IsAll && udp.IsAll) return All;
        return new ConnectionSet(sctp, tcp, udp);
    }

    /// <summary>"All Connections", or "SCTP 9003,TCP 80,UDP 5353" (protocols alphabetical), as netpol-analyzer prints.</summary>
    public override string ToString()
    {
        if (IsAll) return "All Connections";
        if (IsEmpty) return "No Connections";
        return string.Join(",", Protocols.Where(p => !this[p].IsEmpty).Select(p => $"{p} {this[p]}"));
    }

    public bool Equals(ConnectionSet? other) =>
        other is not null && _ports[0].Equals(other._ports[0]) && _ports[1].Equals(other._ports[1]) && _ports[2].Equals(other._ports[2]);

    public override bool Equals(object? obj) => Equals(obj as ConnectionSet);

    public override int GetHashCode() => HashCode.Combine(_ports[0], _ports[1], _ports[2]);
}
