using System.Collections.Immutable;
using Netpact.Model;

namespace Netpact.Response;

/// <summary>Address ranges to stop at every layer that can deny, and why and when (written into every file).</summary>
public sealed record BlockRequest
{
    public required ImmutableArray<Cidr> Networks { get; init; }

    public required string Reason { get; init; }

    public required DateTimeOffset Created { get; init; }

    /// <summary>The ranges' part of object names: the first range, and how many more.</summary>
    public string Slug => Networks[0].ToString().Replace('/', '-').Replace(':', '-').Replace('.', '-') + (Networks.Length > 1 ? $"-and-{Networks.Length - 1}" : "");
}
