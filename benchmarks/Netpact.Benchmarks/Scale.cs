namespace Netpact.Benchmarks;

/// <summary>A size of synthetic cluster: the scale points of the benchmarks.</summary>
public sealed record Scale(string Name, int Pods, int Workloads, int Policies, int Namespaces)
{
    public static readonly Scale S = new("S", 1_000, 200, 100, 20);
    public static readonly Scale M = new("M", 10_000, 2_000, 1_000, 100);
    public static readonly Scale L = new("L", 100_000, 20_000, 10_000, 1_000);

    public static IReadOnlyList<Scale> All => [S, M, L];

    public static Scale Parse(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown scale '{name}': use S, M or L", nameof(name));

    public override string ToString() => Name;
}
