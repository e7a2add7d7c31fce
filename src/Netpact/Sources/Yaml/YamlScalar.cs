using YamlDotNet.Core;

namespace Netpact.Sources.Yaml;

/// <summary>A single value; its style tells a plain <c>null</c> or <c>80</c> from a quoted <c>'null'</c> or <c>"80"</c>.</summary>
public sealed class YamlScalar(string value, ScalarStyle style, int line, int column) : YamlValue(line, column)
{
    public string Value { get; } = value;

    public ScalarStyle Style { get; } = style;
}
