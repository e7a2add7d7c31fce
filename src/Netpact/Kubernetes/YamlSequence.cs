using System.Collections.Immutable;

namespace Netpact.Kubernetes;

/// <summary>A list ('- ' entries or '[a, b]').</summary>
internal sealed class YamlSequence(ImmutableArray<YamlValue> children, int line, int column) : YamlValue(line, column)
{
    public ImmutableArray<YamlValue> Children { get; } = children;
}
