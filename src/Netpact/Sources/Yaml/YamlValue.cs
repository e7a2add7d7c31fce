namespace Netpact.Sources.Yaml;

/// <summary>
/// A node of a parsed YAML or JSON document: a <see cref="YamlScalar"/>, <see cref="YamlMapping"/> or
/// <see cref="YamlSequence"/>, with the 1-based line and column where it starts (for diagnostics).
/// </summary>
public abstract class YamlValue(int line, int column)
{
    public int Line { get; } = line;

    public int Column { get; } = column;
}
