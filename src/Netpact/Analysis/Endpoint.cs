using Netpact.Model;

namespace Netpact.Analysis;

/// <summary>One end of a connection: a workload of the cluster or a range of external addresses.</summary>
public sealed record Endpoint(Workload? Workload, IpRange? Range)
{
    public static Endpoint Of(Workload w) => new(w, null);

    public static Endpoint Of(IpRange r) => new(null, r);

    public bool IsExternal => Range is not null;

    public string Namespace => Workload?.Namespace ?? "";

    public override string ToString() => Workload?.Id ?? $"{Range}[External]";
}

/// <summary>An allowed connection between two endpoints.</summary>
public sealed record Connection(Endpoint Source, Endpoint Destination, ConnectionSet Allowed);
