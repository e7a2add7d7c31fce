using System.Globalization;
using Netpact.Model;

namespace Netpact.Sources.Yaml;

/// <summary>Typed, located access to YAML nodes; every failure names file, line and column.</summary>
public sealed class LocatedYaml(string file)
{
    public string File { get; } = file;

    public SourceSpan Span(YamlValue node) => new(File, node.Line, node.Column);

    public InputError Error(YamlValue node, string message) => new(Diagnostic.Error(Span(node), message));

    public static bool IsNull(YamlValue? node) =>
        node is null || (node is YamlScalar s && s.Style == YamlDotNet.Core.ScalarStyle.Plain
                         && s.Value is "" or "~" or "null" or "Null" or "NULL");

    public static YamlValue? Child(YamlMapping map, string key)
    {
        foreach (var (k, v) in map.Children)
        {
            if (k is YamlScalar s && s.Value == key) return IsNull(v) ? null : v;
        }
        return null;
    }

    public static bool HasKey(YamlMapping map, string key) =>
        map.Keys.Any(k => k is YamlScalar s && s.Value == key);

    public YamlMapping? Mapping(YamlMapping map, string key, string what)
    {
        var node = Child(map, key);
        return node switch
        {
            null => null,
            YamlMapping m => m,
            _ => throw Error(node, $"'{key}' of {what} must be a mapping ('key: value' entries)"),
        };
    }

    public YamlSequence? Sequence(YamlMapping map, string key, string what)
    {
        var node = Child(map, key);
        return node switch
        {
            null => null,
            YamlSequence s => s,
            _ => throw Error(node, $"'{key}' of {what} must be a list ('- ' entries)"),
        };
    }

    public YamlScalar? Scalar(YamlMapping map, string key, string what)
    {
        var node = Child(map, key);
        return node switch
        {
            null => null,
            YamlScalar s => s,
            _ => throw Error(node, $"'{key}' of {what} must be a single value, not a list or mapping"),
        };
    }

    public string? String(YamlMapping map, string key, string what) => Scalar(map, key, what)?.Value;

    public YamlMapping AsMapping(YamlValue node, string what) =>
        node as YamlMapping ?? throw Error(node, $"{what} must be a mapping ('key: value' entries)");

    /// <summary>An integer field; quoted or not, since JSON and YAML writers differ.</summary>
    public int? Int(YamlMapping map, string key, string what)
    {
        var s = Scalar(map, key, what);
        if (s is null) return null;
        if (!int.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
            throw Error(s, $"'{key}' of {what} must be an integer, not '{s.Value}'");
        return v;
    }

    /// <summary>
    /// A map of labels (metadata.labels, matchLabels) with keys and values checked as the API server checks them.
    /// Without <paramref name="warnings"/>, a bad label is an error (selectors: netpol-analyzer rejects them too);
    /// with it, a warning (labels of objects: the label is still read as written, as netpol-analyzer reads it).
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Labels(YamlMapping map, string key, string what, List<Diagnostic>? warnings = null)
    {
        var m = Mapping(map, key, what);
        if (m is null) return [];
        var result = StringMap(map, key, what);
        foreach (var (k, v) in m.Children)
        {
            var name = ((YamlScalar)k).Value ?? "";
            var value = ((YamlScalar)v).Value ?? "";
            var (node, problem) = LabelSyntax.KeyProblem(name) is { } keyProblem
                ? (k, $"'{name}' is not a valid label key: {keyProblem}")
                : LabelSyntax.ValueProblem(value) is { } valueProblem
                    ? (v, $"'{value}' is not a valid value for label '{name}': {valueProblem}")
                    : (null, null);
            if (node is null || problem is null) continue;
            if (warnings is null) throw Error(node, problem);
            warnings.Add(Diagnostic.Warning(Span(node), $"{problem}; Kubernetes would reject it, netpact reads it as written"));
        }
        return result;
    }

    public IReadOnlyList<KeyValuePair<string, string>> StringMap(YamlMapping map, string key, string what)
    {
        var m = Mapping(map, key, what);
        if (m is null) return [];
        var result = new List<KeyValuePair<string, string>>();
        foreach (var (k, v) in m.Children)
        {
            if (k is not YamlScalar ks || ks.Value is null) throw Error(k, $"keys of '{key}' must be strings");
            if (v is not YamlScalar vs) throw Error(v, $"'{key}.{ks.Value}' must be a string");
            result.Add(new(ks.Value, vs.Value ?? ""));
        }
        return result;
    }
}
