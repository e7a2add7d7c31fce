using System.Text.RegularExpressions;

namespace Netpact.Response;

/// <summary>
/// What a quarantine isolates: one workload (<see cref="Workload"/> set, the `NS/NAME` form) or every pod of a
/// namespace (<see cref="Workload"/> null).
/// </summary>
public sealed partial record QuarantineTarget(string Namespace, string? Workload)
{
    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex NamespaceShape();

    [GeneratedRegex(@"^[A-Za-z0-9][-A-Za-z0-9_.~]*(\[[A-Za-z]+\])?$")]
    private static partial Regex WorkloadShape();

    /// <summary>`NS/NAME` or `NS`; null with <paramref name="error"/> set when it is neither.</summary>
    public static QuarantineTarget? Parse(string text, out string? error)
    {
        error = null;
        var parts = text.Split('/');
        if (parts.Length is 1 or 2 && NamespaceShape().IsMatch(parts[0]) && (parts.Length == 1 || WorkloadShape().IsMatch(parts[1])))
            return new QuarantineTarget(parts[0], parts.Length == 2 ? parts[1] : null);
        error = $"'{text}' is no quarantine target: name a workload as NAMESPACE/NAME (e.g. databases/postgresql) or a namespace (e.g. databases)";
        return null;
    }

    /// <summary>The target's part of object names: the namespace, or namespace-name.</summary>
    public string Slug => Workload is null ? Namespace : $"{Namespace}-{Workload.Split('[')[0].Replace('~', '-').ToLowerInvariant()}";

    public override string ToString() => Workload is null ? Namespace : $"{Namespace}/{Workload}";
}
