using System.Collections.Immutable;

namespace Netpact.Sources.Yaml;

/// <summary>A list ('- ' entries or '[a, b]').</summary>
public sealed class YamlSequence(ImmutableArray<YamlValue> children, int line, int column) : YamlValue(line, column)
{
    public ImmutableArray<YamlValue> Children { get; } = children;
}
