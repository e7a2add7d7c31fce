using System.Collections.Immutable;
using System.Text;

namespace Netpact.Model;

/// <summary>An immutable set of ports 1-65535 as sorted, disjoint, non-adjacent ranges.</summary>
public sealed class PortSet : IEquatable<PortSet>
{
    public const int MinPort = 1;
    public const int MaxPort = 65535;

    public static readonly PortSet Empty = new([]);
    public static readonly PortSet All = new([(MinPort, MaxPort)]);

    public ImmutableArray<(int Lo, int Hi)> Ranges { get; }

    private PortSet(ImmutableArray<(int Lo, int Hi)> ranges) => Ranges = ranges;

    public static PortSet Range(int lo, int hi) =>
        lo == MinPort && hi == MaxPort ? All : lo > hi ? Empty : new PortSet([(lo, hi)]);

    public static PortSet Single(int port) => Range(port, port);

    public bool IsEmpty => Ranges.IsEmpty;

    public bool IsAll => Ranges.Length == 1 && Ranges[0] == (MinPort, MaxPort);

    public bool Contains(int port)
    {
        foreach (var (lo, hi) in Ranges)
        {
            if (port < lo) return false;
            if (port <= hi) return true;
        }
        return false;
    }

    public PortSet Union(PortSet other)
    {
        if (other.IsEmpty || IsAll) return this;
        if (IsEmpty || other.IsAll) return other;
        var all = Ranges.Concat(other.Ranges).OrderBy(r => r.Lo).ToList();
        var result = ImmutableArray.CreateBuilder<(int, int)>();
        var (curLo, curHi) = all[0];
        foreach (var (lo, hi) in all.Skip(1))
        {
            if (lo <= curHi + 1)
            {
                curHi = Math.Max(curHi, hi);
            }
            else
            {
                result.Add((curLo, curHi));
                (curLo, curHi) = (lo, hi);
            }
        }
        result.Add((curLo, curHi));
        return Make(result.ToImmutable());
    }

    public PortSet Intersect(PortSet other)
    {
        if (IsEmpty || other.IsAll) return this;
        if (other.IsEmpty || IsAll) return other;
        var result = ImmutableArray.CreateBuilder<(int, int)>();
        int i = 0, j = 0;
        while (i < Ranges.Length && j < other.Ranges.Length)
        {
            var lo = Math.Max(Ranges[i].Lo, other.Ranges[j].Lo);
            var hi = Math.Min(Ranges[i].Hi, other.Ranges[j].Hi);
            if (lo <= hi) result.Add((lo, hi));
            if (Ranges[i].Hi < other.Ranges[j].Hi) i++; else j++;
        }
        return Make(result.ToImmutable());
    }

    public PortSet Complement()
    {
        var result = ImmutableArray.CreateBuilder<(int, int)>();
        var next = MinPort;
        foreach (var (lo, hi) in Ranges)
        {
            if (lo > next) result.Add((next, lo - 1));
            next = hi + 1;
        }
        if (next <= MaxPort) result.Add((next, MaxPort));
        return Make(result.ToImmutable());
    }

    public PortSet Subtract(PortSet other) => Intersect(other.Complement());

    private static PortSet Make(ImmutableArray<(int, int)> ranges) =>
        ranges.IsEmpty ? Empty : ranges.Length == 1 && ranges[0] == (MinPort, MaxPort) ? All : new PortSet(ranges);

    /// <summary>"80,443,8000-8080": the notation of netpol-analyzer.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var (lo, hi) in Ranges)
        {
            if (sb.Length > 0) sb.Append(',');
            sb.Append(lo);
            if (hi != lo) sb.Append('-').Append(hi);
        }
        return sb.ToString();
    }

    public bool Equals(PortSet? other) => other is not null && Ranges.SequenceEqual(other.Ranges);

    public override bool Equals(object? obj) => Equals(obj as PortSet);

    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var r in Ranges) h.Add(r);
        return h.ToHashCode();
    }
}
