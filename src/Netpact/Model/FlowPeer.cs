namespace Netpact.Model;

/// <summary>An end of a flow as verification compares it: an intent workload (by name) or external addresses.</summary>
public sealed record FlowPeer(string? Workload, IpRange? Range) : IComparable<FlowPeer>
{
    public static FlowPeer Of(string workload) => new(workload, null);

    public static FlowPeer Of(IpRange range) => new(null, range);

    public bool IsExternal => Range is not null;

    public int CompareTo(FlowPeer? other) =>
        other is null ? 1
        : IsExternal != other.IsExternal ? IsExternal.CompareTo(other.IsExternal)
        : IsExternal ? Range!.CompareTo(other.Range)
        : string.CompareOrdinal(Workload, other.Workload);

    public override string ToString() => Workload ?? $"{Range}[External]";
}
