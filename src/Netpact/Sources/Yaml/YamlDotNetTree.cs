using System.Runtime.InteropServices;
using YamlDotNet.RepresentationModel;

namespace Netpact.Sources.Yaml;

/// <summary>
/// Converts the nodes YamlDotNet loads (for text outside <see cref="BlockYaml"/>'s subset) to netpact's own. An
/// alias becomes the very node its anchor names, shared as YamlDotNet shares it, cycles included.
/// </summary>
internal static class YamlDotNetTree
{
    public static YamlValue Convert(YamlNode root) => Convert(root, new Dictionary<YamlNode, YamlValue>(ReferenceEqualityComparer.Instance));

    private static YamlValue Convert(YamlNode node, Dictionary<YamlNode, YamlValue> converted)
    {
        if (converted.TryGetValue(node, out var done)) return done;
        var (line, column) = ((int)node.Start.Line, (int)node.Start.Column);
        switch (node)
        {
            case YamlScalarNode scalar:
                var value = new YamlScalar(scalar.Value ?? "", scalar.Style, line, column);
                converted[node] = value;
                return value;
            case YamlMappingNode mapping:
                // Registered before its entries are filled in, so an alias inside it to itself finds it.
                var entries = new KeyValuePair<YamlValue, YamlValue>[mapping.Children.Count];
                var map = new YamlMapping(ImmutableCollectionsMarshal.AsImmutableArray(entries), line, column);
                converted[node] = map;
                var i = 0;
                foreach (var (key, entry) in mapping.Children)
                {
                    entries[i++] = new(Convert(key, converted), Convert(entry, converted));
                }
                return map;
            case YamlSequenceNode sequence:
                var items = new YamlValue[sequence.Children.Count];
                var list = new YamlSequence(ImmutableCollectionsMarshal.AsImmutableArray(items), line, column);
                converted[node] = list;
                for (var j = 0; j < items.Length; j++) items[j] = Convert(sequence.Children[j], converted);
                return list;
            default:
                throw new InvalidOperationException($"YamlDotNet left a {node.NodeType} node unresolved");
        }
    }
}
