using System.Collections.Immutable;

namespace Netpact.Sources.Yaml;

/// <summary>'key: value' entries in the order written; keys are usually, but not always, scalars.</summary>
public sealed class YamlMapping(ImmutableArray<KeyValuePair<YamlValue, YamlValue>> children, int line, int column)
    : YamlValue(line, column)
{
    /// <summary>A mapping with no entries, for a field left out (located where YamlDotNet places a node it did not read).</summary>
    public YamlMapping() : this([], 1, 1)
    {
    }

    public ImmutableArray<KeyValuePair<YamlValue, YamlValue>> Children { get; } = children;

    public IEnumerable<YamlValue> Keys => Children.Select(entry => entry.Key);
}
