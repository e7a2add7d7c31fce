using System.Text;
using System.Text.Json;
using CsCheck;
using Netpact.Kubernetes;
using Netpact.Sources.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Netpact.Tests.Kubernetes;

/// <summary>
/// The fast block-YAML reader must give exactly the nodes converted from YamlDotNet's (values, styles, positions)
/// wherever it reads a text at all, and must never read a text YamlDotNet rejects.
/// </summary>
public sealed class BlockYamlTests
{
    private const string Unsupported = "<unsupported>";

    [Fact]
    public void Reads_every_manifest_of_the_repository_and_the_oracle_as_YamlDotNet_does()
    {
        var roots = new[] { TestPaths.TestData, TestPaths.Examples, Path.Combine(TestPaths.NetpolAnalyzerOracle, "tests") };
        var files = roots.SelectMany(r => Directory.EnumerateFiles(r, "*", SearchOption.AllDirectories))
            .Where(f => Path.GetExtension(f) is ".yaml" or ".yml" or ".json")
            .Order(StringComparer.Ordinal)
            .ToList();
        var fastRead = 0;
        var differences = new List<string>();
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            var fast = Fast(text);
            if (fast == Unsupported) continue;
            fastRead++;
            var slow = Slow(text);
            if (fast != slow) differences.Add($"{file}:\n{FirstDifference(fast, slow)}");
        }
        Assert.True(differences.Count == 0, $"{differences.Count} files read differently:\n{string.Join("\n", differences.Take(5))}");
        // The oracle's and our own YAML manifests are mostly plain block YAML: the fast path must take most of them.
        Assert.True(fastRead * 2 > files.Count, $"the fast reader took only {fastRead} of {files.Count} files");
    }

    [Fact]
    public void Reads_random_block_yaml_as_YamlDotNet_does()
    {
        var accepted = 0;
        var total = 0;
        Gen.Int.Sample(
            seed =>
            {
                var text = RandomYaml.Document(new Random(seed));
                var fast = Fast(text);
                var slow = Slow(text);
                Interlocked.Increment(ref total);
                if (fast == Unsupported) return true;
                Interlocked.Increment(ref accepted);
                return fast == slow;
            },
            iter: 3000,
            print: seed => RandomYaml.Document(new Random(seed)));
        // The generator writes the subset on purpose (with a few constructs outside it): most must go the fast way.
        Assert.True(accepted * 10 > total * 7, $"the fast reader took only {accepted} of {total} random documents");
    }

    [Fact]
    public void Never_reads_broken_yaml_that_YamlDotNet_rejects_and_agrees_on_the_rest()
    {
        Gen.Select(Gen.Int, Gen.Int[1, 3]).Sample(
            (seed, edits) =>
            {
                var text = RandomYaml.Mutate(RandomYaml.Document(new Random(seed)), new Random(seed ^ 0x5bd1e995), edits);
                var fast = Fast(text);
                return fast == Unsupported || fast == Slow(text);
            },
            iter: 5000,
            print: t => RandomYaml.Mutate(RandomYaml.Document(new Random(t.Item1)), new Random(t.Item1 ^ 0x5bd1e995), t.Item2));
    }

    [Theory]
    [InlineData("a: 1\n", null)]
    [InlineData("items:\n- name: x\n  ports:\n  - 80\n", null)]
    [InlineData("a: |\n  line one\n  line two\nb: 2\n", null)]
    [InlineData("a: 1\nb: &anchor 1\nc: *anchor\n", 2)]
    [InlineData("a: >\n  folded\n", 1)]
    [InlineData("a: plain\n  continued\n", 2)]
    [InlineData("a: 1\nb:\tc\n", 2)]
    [InlineData("{\"kind\": \"Pod\",\n \"metadata\": {}}\n", 1)]
    [InlineData("a: 1\nb: 2\na: 3\n", 3)]
    [InlineData("a: 1\rb: 2\n", 1)]
    public void Takes_the_plain_block_subset_and_leaves_the_rest_to_YamlDotNet(string text, int? lineOutside)
    {
        Assert.Equal(lineOutside is null, Fast(text) != Unsupported);
        Assert.Equal(lineOutside, BlockYaml.LineOutsideSubset(text));
    }

    [Fact]
    public void Repeated_keys_and_values_share_one_string()
    {
        var roots = BlockYaml.TryLoad("- app: web\n  tier: 'web'\n- app: \"web\"\n", 256)!;

        var items = Assert.IsType<YamlSequence>(Assert.Single(roots)).Children;
        var first = Assert.IsType<YamlMapping>(items[0]).Children;
        var second = Assert.IsType<YamlMapping>(items[1]).Children;
        Assert.Same(((YamlScalar)first[0].Key).Value, ((YamlScalar)second[0].Key).Value);
        Assert.Same(((YamlScalar)first[0].Value).Value, ((YamlScalar)first[1].Value).Value);
        Assert.Same(((YamlScalar)first[0].Value).Value, ((YamlScalar)second[0].Value).Value);
    }

    [Fact]
    public void Nodes_start_where_their_text_starts()
    {
        var roots = BlockYaml.TryLoad("# c\nitems:\n- name: x\n  ports: [80, 'http']\n  empty:\n", 256)!;

        var root = Assert.IsType<YamlMapping>(Assert.Single(roots));
        Assert.Equal((2, 1), (root.Line, root.Column));
        var items = Assert.IsType<YamlSequence>(root.Children[0].Value);
        Assert.Equal((3, 1), (items.Line, items.Column));
        var item = Assert.IsType<YamlMapping>(items.Children[0]);
        Assert.Equal((3, 3), (item.Line, item.Column));
        var ports = Assert.IsType<YamlSequence>(item.Children[1].Value);
        Assert.Equal((4, 10), (ports.Line, ports.Column));
        Assert.Equal((4, 15), (ports.Children[1].Line, ports.Children[1].Column));
        // A missing value is an empty scalar right after its key's colon, as YamlDotNet places it.
        Assert.Equal((5, 9), (item.Children[2].Value.Line, item.Children[2].Value.Column));
    }

    private static string Fast(string text)
    {
        if (BlockYaml.TryLoad(text, 256) is not { } roots) return Unsupported;
        var description = new StringBuilder();
        foreach (var root in roots)
        {
            Describe(root, description);
            description.Append('\n');
        }
        return description.ToString();
    }

    private static string Slow(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (Exception e) when (e is YamlException or ArgumentException or InvalidOperationException)
        {
            return "<error>";
        }
        return Describe(stream);
    }

    private static string Describe(YamlStream stream)
    {
        var text = new StringBuilder();
        foreach (var doc in stream.Documents)
        {
            var root = YamlDotNetTree.Convert(doc.RootNode);
            if (root is YamlScalar { Value: "", Style: ScalarStyle.Plain }) continue;
            Describe(root, text);
            text.Append('\n');
        }
        return text.ToString();
    }

    private static void Describe(YamlValue node, StringBuilder text)
    {
        switch (node)
        {
            case YamlScalar { Value: "", Style: ScalarStyle.Plain }:
                text.Append("null");
                return;
            case YamlScalar s:
                text.Append($"{Where(s)}{s.Style}:{JsonSerializer.Serialize(s.Value)}");
                return;
            case YamlMapping m:
                text.Append($"{Where(m)}{{");
                foreach (var (k, v) in m.Children)
                {
                    Describe(k, text);
                    text.Append(" => ");
                    Describe(v, text);
                    text.Append(", ");
                }
                text.Append('}');
                return;
            case YamlSequence q:
                text.Append($"{Where(q)}[");
                foreach (var child in q.Children)
                {
                    Describe(child, text);
                    text.Append(", ");
                }
                text.Append(']');
                return;
        }
    }

    private static string Where(YamlValue node) => $"@{node.Line}:{node.Column} ";

    private static string FirstDifference(string fast, string slow)
    {
        var at = 0;
        while (at < fast.Length && at < slow.Length && fast[at] == slow[at]) at++;
        var from = Math.Max(0, at - 150);
        string Around(string s) => s[from..Math.Min(s.Length, at + 150)];
        return $"  fast: ...{Around(fast)}...\n  slow: ...{Around(slow)}...";
    }

    /// <summary>Random documents in the block style kubectl writes, with comments, quoting and a few outside constructs.</summary>
    private static class RandomYaml
    {
        private static readonly string[] Keys =
            ["apiVersion", "kind", "name", "app", "a.b/c-d", "x_y", "port", "80", "true", "a b", "k:v", "key#1", "-k", "ü"];

        private static readonly string[] Plain =
            ["v1", "80", "true", "null", "~", "foo bar", "http://x:80/y", "a#b", "-1", "v1.2", "x:y", "ünï", "a  b", "1e3", "0x1F", "a,b", "a]b", "a}b", "--"];

        private static readonly string[] Quoted =
            ["'it''s'", "' spaced '", "''", "'a: b'", "\"a\\\"b\"", "\"tab\\tx\"", "\"\\u00e9\"", "\"\\x41\"", "\"\"", "\"a # b\"", "'#'", "\"\\U0001F600\""];

        private static readonly string[] Flow =
            ["[]", "{}", "[a, b]", "[\"x\", 'y']", "{a: b}", "{\"k\": 1, 'j': [2, 3]}", "[a, [b, {c: d}]]", "[a,]"];

        // Outside the subset (or broken): YamlDotNet must read these, so they appear rarely.
        private static readonly string[] Outside =
            ["&x v", "*x", "!tag v", ">\n  folded", "|+\n  kept\n", "|2\n  x", "? k", "\"\\q\"", "{a: }", "[a", "[a: b]"];

        public static string Document(Random r)
        {
            var text = new StringBuilder();
            var docs = r.Next(1, 4);
            for (var d = 0; d < docs; d++)
            {
                if (d > 0 || r.Next(3) == 0) text.Append(r.Next(4) == 0 ? "--- # doc\n" : "---\n");
                if (r.Next(8) == 0) text.Append("# a comment\n\n");
                if (r.Next(10) == 0) Sequence(r, text, 0, 0);
                else Mapping(r, text, 0, 0, inline: false);
            }
            return text.ToString();
        }

        public static string Mutate(string text, Random r, int edits)
        {
            const string alphabet = " \n:-#'\"[]{},|>&*!?a\t\\";
            var chars = new StringBuilder(text);
            for (var i = 0; i < edits && chars.Length > 0; i++)
            {
                var at = r.Next(chars.Length);
                switch (r.Next(3))
                {
                    case 0: chars.Insert(at, alphabet[r.Next(alphabet.Length)]); break;
                    case 1: chars.Remove(at, 1); break;
                    default: chars[at] = alphabet[r.Next(alphabet.Length)]; break;
                }
            }
            return chars.ToString();
        }

        private static void Mapping(Random r, StringBuilder text, int indent, int depth, bool inline)
        {
            var width = r.Next(4) == 0 ? 4 : 2;
            // Distinct keys: YamlDotNet rejects a mapping with a key twice (the reader then hands such text to it).
            var keys = Keys.Concat(Quoted).OrderBy(_ => r.Next()).Take(r.Next(1, 5)).ToList();
            for (var i = 0; i < keys.Count; i++)
            {
                if (!(inline && i == 0)) text.Append(' ', indent);
                var key = keys[i];
                text.Append(key).Append(r.Next(10) == 0 ? " :" : ":");
                Value(r, text, indent, width, depth);
                if (r.Next(10) == 0) text.Append(' ', r.Next(0, indent + 3)).Append("# note\n");
                if (r.Next(12) == 0) text.Append('\n');
            }
        }

        private static void Sequence(Random r, StringBuilder text, int indent, int depth)
        {
            var items = r.Next(1, 4);
            for (var i = 0; i < items; i++)
            {
                text.Append(' ', indent).Append('-');
                switch (depth < 4 ? r.Next(6) : 0)
                {
                    case 0 or 1:
                        text.Append(' ').Append(Scalar(r)).Append(Comment(r)).Append('\n');
                        break;
                    case 2 or 3:
                        text.Append(' ');
                        Mapping(r, text, indent + 2, depth + 1, inline: true);
                        break;
                    case 4:
                        text.Append(Comment(r)).Append('\n');
                        Mapping(r, text, indent + 2, depth + 1, inline: false);
                        break;
                    default:
                        text.Append(" - ").Append(Scalar(r)).Append('\n');
                        break;
                }
            }
        }

        private static void Value(Random r, StringBuilder text, int indent, int width, int depth)
        {
            switch (depth < 4 ? r.Next(10) : r.Next(4))
            {
                case 0 or 1 or 2:
                    text.Append(' ').Append(Scalar(r)).Append(Comment(r)).Append('\n');
                    break;
                case 3:
                    text.Append(Comment(r)).Append('\n');
                    break;
                case 4 or 5:
                    text.Append(Comment(r)).Append('\n');
                    Mapping(r, text, indent + width, depth + 1, inline: false);
                    break;
                case 6 or 7:
                    text.Append(Comment(r)).Append('\n');
                    Sequence(r, text, r.Next(2) == 0 ? indent : indent + width, depth + 1);
                    break;
                case 8:
                    text.Append(r.Next(2) == 0 ? " |" : " |-").Append(Comment(r)).Append('\n');
                    var lines = r.Next(1, 4);
                    for (var l = 0; l < lines; l++)
                    {
                        if (r.Next(5) == 0) text.Append('\n');
                        text.Append(' ', indent + width + (l > 0 && r.Next(4) == 0 ? 2 : 0)).Append(Plain[r.Next(Plain.Length)]).Append('\n');
                    }
                    break;
                default:
                    text.Append(' ').Append(r.Next(40) == 0 ? Outside[r.Next(Outside.Length)] : Flow[r.Next(Flow.Length)]).Append('\n');
                    break;
            }
        }

        private static string Scalar(Random r) => r.Next(3) == 0 ? Quoted[r.Next(Quoted.Length)] : Plain[r.Next(Plain.Length)];

        private static string Comment(Random r) => r.Next(6) == 0 ? " # c: x" : "";
    }
}
