using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using Netpact.Intents;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Netpact.Tests.Intents;

/// <summary>
/// schemas/intent-v1.schema.json (what editors check while typing) and the intent reader (what netpact checks)
/// must agree: the same fields in every object, and the same verdict on the test intents, up to the checks
/// no schema can make (names that must exist, ports a workload exposes, isolation, host bits).
/// </summary>
public sealed partial class IntentSchemaTests
{
    private const string SchemaPath = "schemas/intent-v1.schema.json";

    private static readonly Lazy<JsonObject> SchemaJson = new(() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, SchemaPath)))!.AsObject());

    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, SchemaPath))));

    /// <summary>Every object the reader checks for unknown keys, each with a field 'zzz' no object has.</summary>
    private const string EveryObjectWithAnUnknownField = """
        apiVersion: netpact/v1
        kind: Intent
        zzz: 1
        metadata: {name: x, zzz: 1}
        zones:
          app: {zzz: 1}
        workloads:
          api:
            zone: app
            zzz: 1
            ports: [{port: 80, zzz: 1}]
        flows:
          - {from: internet, to: api, zzz: 1}
        defaults: {zzz: 1}
        targets:
          zzz: 1
          k8s: {zzz: 1}
          istio: {zzz: 1}
          compose: {zzz: 1}
          aws: {zzz: 1}

        """;

    /// <summary>Where in the schema each object the reader names in its messages is described.</summary>
    private static readonly Dictionary<string, string> SchemaObjectOf = new(StringComparer.Ordinal)
    {
        ["the intent"] = "",
        ["metadata"] = "/$defs/metadata",
        ["zone 'app'"] = "/$defs/zone",
        ["workload 'api'"] = "/$defs/workload",
        ["a port of workload 'api'"] = "/$defs/workloadPort",
        ["flow 1"] = "/$defs/flow",
        ["defaults"] = "/$defs/defaults",
        ["targets"] = "/$defs/targets",
        ["targets.k8s"] = "/$defs/targets/properties/k8s",
        ["targets.istio"] = "/$defs/targets/properties/istio",
        ["targets.compose"] = "/$defs/targets/properties/compose",
        ["targets.aws"] = "/$defs/targets/properties/aws",
    };

    [GeneratedRegex("^unknown field 'zzz' in (.+); expected one of: (.+)$")]
    private static partial Regex UnknownField();

    /// <summary>The fields the reader accepts in each object, read off its 'unknown field' messages.</summary>
    private static Dictionary<string, string[]> ReaderFields()
    {
        var result = IntentReader.ReadText(EveryObjectWithAnUnknownField, "intent.yaml");
        var fields = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var d in result.Diagnostics)
        {
            var m = UnknownField().Match(d.Message);
            Assert.True(m.Success, $"unexpected diagnostic: {d}");
            fields.Add(m.Groups[1].Value, m.Groups[2].Value.Split(", "));
        }
        return fields;
    }

    [Fact]
    public void Reader_rejects_an_unknown_field_in_every_object_the_schema_describes()
    {
        var reader = ReaderFields();

        Assert.Equal(SchemaObjectOf.Keys.Order(StringComparer.Ordinal), reader.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Schema_lists_exactly_the_fields_the_reader_accepts_in_every_object()
    {
        foreach (var (what, fields) in ReaderFields())
        {
            var properties = Resolve(SchemaObjectOf[what])["properties"]!.AsObject().Select(p => p.Key);
            Assert.True(fields.Order(StringComparer.Ordinal).SequenceEqual(properties.Order(StringComparer.Ordinal)),
                $"{what}: reader accepts [{string.Join(", ", fields)}], schema lists [{string.Join(", ", properties)}]");
        }
    }

    [Fact]
    public void Schema_closes_exactly_the_objects_whose_unknown_fields_the_reader_rejects()
    {
        var closed = Walk(SchemaJson.Value, "")
            .Where(n => n.Node is JsonObject o && o.ContainsKey("properties"))
            .ToList();

        Assert.All(closed, n => Assert.False(n.Node["additionalProperties"]!.GetValue<bool>(), $"{n.Pointer} lets unknown fields through"));
        Assert.Equal(SchemaObjectOf.Values.Order(StringComparer.Ordinal), closed.Select(n => n.Pointer).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_field_of_the_schema_has_a_description_for_editors()
    {
        var missing = Walk(SchemaJson.Value, "")
            .Where(n => n.Node is JsonObject o && o.ContainsKey("properties"))
            .SelectMany(n => n.Node["properties"]!.AsObject().Select(p => (Pointer: $"{n.Pointer}/properties/{p.Key}", Schema: p.Value!.AsObject())))
            .Where(p => Description(p.Schema) is null)
            .Select(p => p.Pointer)
            .ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void Schema_names_draft_2020_12_and_the_protocols_and_mTLS_modes_the_reader_knows()
    {
        var schema = SchemaJson.Value;

        Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema["$schema"]!.GetValue<string>());
        Assert.Equal(["TCP", "UDP", "SCTP"], Resolve("/$defs/protocol")["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal(["STRICT", "PERMISSIVE", "DISABLE"],
            Resolve("/$defs/targets/properties/istio/properties/mtls")["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal(IntentReader.ApiVersion, Resolve("/properties/apiVersion")["const"]!.GetValue<string>());
    }

    public static TheoryData<string> GoodIntents() =>
    [
        "examples/noa-server/intent.yaml",
        .. Directory.GetDirectories(Path.Combine(TestPaths.TestData, "intent", "good"))
            .Select(d => $"tests/testdata/intent/good/{Path.GetFileName(d)}/intent.yaml")
            .Order(StringComparer.Ordinal),
    ];

    [Theory]
    [MemberData(nameof(GoodIntents))]
    public void Good_intent_satisfies_the_schema(string path)
    {
        var errors = SchemaErrors(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, path)));

        Assert.Empty(errors);
    }

    [Theory]
    [MemberData(nameof(GoodIntents))]
    public void Good_intent_points_editors_at_the_schema(string path)
    {
        var first = File.ReadLines(Path.Combine(TestPaths.RepoRoot, path)).First();

        const string prefix = "# yaml-language-server: $schema=";
        Assert.StartsWith(prefix, first, StringComparison.Ordinal);
        var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.Combine(TestPaths.RepoRoot, path))!, first[prefix.Length..]));
        Assert.Equal(Path.Combine(TestPaths.RepoRoot, SchemaPath), target);
    }

    /// <summary>Bad cases the schema cannot see: they need the whole intent (names, ports, isolation) or the numbers behind a CIDR.</summary>
    private static readonly HashSet<string> OnlyTheReaderSees = new(StringComparer.Ordinal)
    {
        "dns-resolver-missing", "dns-resolver-without-udp-53", "duplicate-flow", "duplicate-name-zone-and-workload",
        "flow-from-internet-into-isolated-zone", "flow-inside-zone-isolated-from-itself",
        "flow-to-unknown-name", "named-port-towards-internet", "overlapping-zone-subnets", "port-not-exposed-named", "port-not-exposed-numeric",
        "subnet-with-host-bits", "workload-in-unknown-zone",
    };

    public static TheoryData<string> ReadableBadCases() =>
    [
        .. Directory.GetDirectories(Path.Combine(TestPaths.TestData, "intent", "bad"))
            .Select(d => Path.GetFileName(d))
            .Where(c => !c.StartsWith("malformed-yaml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal),
    ];

    [Theory]
    [MemberData(nameof(ReadableBadCases))]
    public void Schema_rejects_every_bad_intent_except_those_only_the_whole_intent_shows_wrong(string testCase)
    {
        var errors = SchemaErrors(File.ReadAllText(Path.Combine(TestPaths.TestData, "intent", "bad", testCase, "intent.yaml")));

        if (OnlyTheReaderSees.Contains(testCase)) Assert.Empty(errors);
        else Assert.NotEmpty(errors);
    }

    [Theory]
    [InlineData("zones: {internet: {}}")]
    [InlineData("zones: {app: {}}\nworkloads: {api: {zone: app, ports: [{name: HTTP, port: 80}]}}")]
    [InlineData("zones: {app: {}}\nworkloads: {api: {zone: app, ports: [{name: a-very-long-port-name, port: 80}]}}")]
    [InlineData("zones: {app: {}}\nworkloads: {api: {zone: app, ports: [{port: 80, protocol: ICMP}]}}")]
    [InlineData("zones: {app: {}}\nworkloads: {api: {zone: app}}\nflows: [{from: api, to: internet, ports: [70000]}]")]
    [InlineData("zones: {app: {}}\nworkloads: {api: {zone: app}}\nflows: [{from: api, to: internet, ports: [443/ICMP]}]")]
    [InlineData("zones: {app: {namespace: App}}")]
    [InlineData("zones: {app: {subnet: 010.0.0.0/8}}")]
    [InlineData("zones: {app: {}}\ndefaults: {denyAll: false}")]
    [InlineData("zones: {app: {}}\nworkloads: {api: {}}")]
    [InlineData("zones: {}")]
    public void Schema_and_reader_both_reject_a_malformed_field(string body)
    {
        var yaml = "apiVersion: netpact/v1\nkind: Intent\n" + body + "\n";

        Assert.NotEmpty(SchemaErrors(yaml));
        Assert.True(IntentReader.ReadText(yaml, "intent.yaml").HasErrors);
    }

    [Fact]
    public void Docs_example_is_the_shop_test_intent_so_it_stays_valid()
    {
        var docs = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "docs", "intent.md"));
        var shop = File.ReadAllLines(Path.Combine(TestPaths.TestData, "intent", "good", "shop", "intent.yaml"));

        var example = string.Join("\n", shop.Skip(1)) + "\n";
        Assert.Contains("```yaml\n" + example + "```", docs, StringComparison.Ordinal);
    }

    private static List<string> SchemaErrors(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var instance = JsonSerializer.SerializeToElement(ToJson(stream.Documents[0].RootNode));
        var results = Schema.Value.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid) return [];
        var errors = (results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))
            .ToList();
        return errors.Count > 0 ? errors : ["invalid"];
    }

    /// <summary>YAML as a JSON tool sees it (YAML 1.2 core schema): plain scalars may be null, booleans or numbers.</summary>
    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(ToJson)]),
        YamlScalarNode { Style: not ScalarStyle.Plain } quoted => JsonValue.Create(quoted.Value),
        YamlScalarNode plain => plain.Value switch
        {
            null or "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            var v when Regex.IsMatch(v, "^[-+]?[0-9]+$") => JsonValue.Create(long.Parse(v, CultureInfo.InvariantCulture)),
            var v when Regex.IsMatch(v, @"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$") => JsonValue.Create(double.Parse(v, CultureInfo.InvariantCulture)),
            var v => JsonValue.Create(v),
        },
        _ => throw new InvalidOperationException($"unexpected YAML node {node.NodeType}"),
    };

    private static JsonObject Resolve(string pointer)
    {
        JsonNode node = SchemaJson.Value;
        foreach (var part in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries)) node = node[part]!;
        return node.AsObject();
    }

    /// <summary>A schema's own description, or that of the definition it refers to.</summary>
    private static string? Description(JsonObject schema) =>
        schema["description"]?.GetValue<string>()
        ?? (schema["$ref"]?.GetValue<string>() is { } reference ? Description(Resolve(reference.TrimStart('#'))) : null);

    private static IEnumerable<(string Pointer, JsonNode Node)> Walk(JsonNode node, string pointer)
    {
        yield return (pointer, node);
        IEnumerable<(string, JsonNode?)> children = node switch
        {
            JsonObject o => o.Select(p => ($"{pointer}/{p.Key}", p.Value)),
            JsonArray a => a.Select((v, i) => ($"{pointer}/{i}", v)),
            _ => [],
        };
        foreach (var (childPointer, child) in children)
        {
            if (child is null) continue;
            foreach (var n in Walk(child, childPointer)) yield return n;
        }
    }
}
