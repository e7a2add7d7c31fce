using System.Collections.Immutable;
using System.Net;
using Netpact.Model;

namespace Netpact.Lab;

/// <summary>
/// An address of a lab host, and what it stands for: in the intent (a workload, or a piece of the outside
/// address space) and in the lab's rules (the workload, or the single lab address).
/// </summary>
public sealed record LabAddress(IPAddress Address, FlowPeer IntentPeer, FlowPeer LabPeer)
{
    /// <summary>The address as a one-address range, as the rules' reader names outside peers.</summary>
    public IpRange Range
    {
        get
        {
            var bytes = Address.GetAddressBytes();
            var value = bytes.Aggregate(UInt128.Zero, (acc, b) => (acc << 8) | b);
            return new IpRange(bytes.Length == 16, value, value);
        }
    }

    public override string ToString() => Address.ToString();
}

/// <summary>A port a lab host listens on; declared by the intent, or a sample of the undeclared.</summary>
public sealed record LabPort(int Port, Protocol Protocol, bool Declared) : IComparable<LabPort>
{
    public int CompareTo(LabPort? other) =>
        other is null ? 1 : Port != other.Port ? Port.CompareTo(other.Port) : Protocol.CompareTo(other.Protocol);

    public override string ToString() => $"{Port}/{Protocol}";
}

/// <summary>
/// A host of the lab: a network namespace with one interface (eth0) on the lab's bridge. A workload has one
/// address; the 'internet' host has one per piece of the outside address space the intent tells apart.
/// </summary>
public sealed record LabHost(string Name, string Namespace, bool Outside, ImmutableArray<LabAddress> Addresses, ImmutableArray<LabPort> Ports)
{
    public const string InternetName = "internet";
}

/// <summary>One connection attempt: from an address of one host to an address and port of another.</summary>
public sealed record LabProbe(LabHost From, LabAddress FromAddress, LabHost To, LabAddress ToAddress, LabPort Port);
