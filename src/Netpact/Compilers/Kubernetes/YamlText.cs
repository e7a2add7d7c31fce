using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Netpact.Compilers.Kubernetes;

/// <summary>
/// Writes YAML by hand, so that comments can sit beside the rules they explain (serializers drop comments).
/// Scalars are quoted whenever a plain scalar could be read as something else (a number, a boolean, null,
/// an indicator), so the text is valid YAML and reads back as the strings written.
/// </summary>
internal sealed partial class YamlText
{
    private readonly StringBuilder _text = new();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_./-]*$")]
    private static partial Regex PlainSafe();

    // A CIDR cannot be read as a number or a date (the slash), so it stays plain even with a leading digit.
    [GeneratedRegex("^[0-9][0-9a-fA-F.:]*/[0-9]{1,3}$")]
    private static partial Regex Cidr();

    [GeneratedRegex("^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$")]
    private static partial Regex Reserved();

    /// <summary>A scalar as YAML text: plain when unambiguous, else double-quoted with escapes.</summary>
    public static string Scalar(string value)
    {
        if ((PlainSafe().IsMatch(value) && !Reserved().IsMatch(value)) || Cidr().IsMatch(value)) return value;
        var sb = new StringBuilder("\"");
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                case < ' ': sb.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"); break;
                default: sb.Append(c); break;
            }
        }
        return sb.Append('"').ToString();
    }

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A comment line; line breaks in the text would end the comment, so they become spaces.</summary>
    public YamlText Comment(int indent, string text)
    {
        _text.Append(' ', indent).Append("# ").Append(text.ReplaceLineEndings(" ").TrimEnd()).Append('\n');
        return this;
    }

    /// <summary>A line written as given (keys and already formatted scalars).</summary>
    public YamlText Line(int indent, string text)
    {
        _text.Append(' ', indent).Append(text).Append('\n');
        return this;
    }

    public YamlText DocumentStart()
    {
        _text.Append("---\n");
        return this;
    }

    /// <summary>matchLabels (or any string map) under a key, keys in ordinal order.</summary>
    public YamlText Map(int indent, string key, IEnumerable<KeyValuePair<string, string>> entries)
    {
        var list = entries.OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
        if (list.Count == 0) return Line(indent, $"{key}: {{}}");
        Line(indent, $"{key}:");
        foreach (var (k, v) in list) Line(indent + 2, $"{Scalar(k)}: {Scalar(v)}");
        return this;
    }

    public override string ToString() => _text.ToString();
}
