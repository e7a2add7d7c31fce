using System.Text.Json;
using System.Text.Json.Serialization;
using Netpact.Audit.Findings;

namespace Netpact.Audit.Reports;

/// <summary>SARIF 2.1.0 as small records (Sarif.Sdk is not available here): one rule per finding id, one result per problem.</summary>
internal static class AuditSarif
{
    private sealed record Log(
        [property: JsonPropertyName("$schema")] string Schema,
        [property: JsonPropertyName("version")] string Version,
        [property: JsonPropertyName("runs")] IReadOnlyList<Run> Runs);

    private sealed record Run([property: JsonPropertyName("tool")] Tool Tool, [property: JsonPropertyName("results")] IReadOnlyList<Result> Results);

    private sealed record Tool([property: JsonPropertyName("driver")] Driver Driver);

    private sealed record Driver(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("rules")] IReadOnlyList<Rule> Rules);

    private sealed record Rule(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("shortDescription")] Message ShortDescription,
        [property: JsonPropertyName("properties")] RuleProperties Properties);

    private sealed record RuleProperties([property: JsonPropertyName("tags")] IReadOnlyList<string> Tags);

    private sealed record Message([property: JsonPropertyName("text")] string Text);

    private sealed record Result(
        [property: JsonPropertyName("ruleId")] string RuleId,
        [property: JsonPropertyName("level")] string Level,
        [property: JsonPropertyName("message")] Message Message,
        [property: JsonPropertyName("locations")] IReadOnlyList<Location> Locations,
        [property: JsonPropertyName("properties")] ResultProperties Properties);

    private sealed record Location([property: JsonPropertyName("logicalLocations")] IReadOnlyList<LogicalLocation> LogicalLocations);

    private sealed record LogicalLocation([property: JsonPropertyName("fullyQualifiedName")] string FullyQualifiedName, [property: JsonPropertyName("kind")] string Kind);

    private sealed record ResultProperties([property: JsonPropertyName("severity")] string Severity, [property: JsonPropertyName("controls")] IReadOnlyList<string> Controls);

    public static string Write(AuditResult result)
    {
        var problems = result.Findings.Where(f => f.IsProblem).ToList();
        var rules = problems.GroupBy(f => f.Id).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new Rule(g.Key, new Message(Describe(g.Key)), new RuleProperties([.. g.First().Controls])))
            .ToList();
        var results = problems.Select(f => new Result(
            f.Id, Level(f.Severity), new Message($"{f.Target}: {f.Text}"),
            [new Location([new LogicalLocation(f.Target, "resource")])],
            new ResultProperties(AuditReport.SeverityName(f.Severity), [.. f.Controls]))).ToList();
        var log = new Log("https://json.schemastore.org/sarif-2.1.0.json", "2.1.0",
            [new Run(new Tool(new Driver("netpact audit", rules)), results)]);
        return JsonSerializer.Serialize(log, new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    private static string Level(AuditSeverity s) => s switch
    {
        AuditSeverity.Critical or AuditSeverity.High => "error",
        AuditSeverity.Medium => "warning",
        _ => "note",
    };

    private static string Describe(string id) => id switch
    {
        "SSLv3" or "TLS1" or "TLS1_1" or "TLS1_2" or "TLS1_3" => "Protocol version offered or missing",
        var s when s.StartsWith("cipherlist_", StringComparison.Ordinal) => "Weak cipher suite category offered",
        var s when s.StartsWith("cert_", StringComparison.Ordinal) => "Certificate problem",
        var s when s.StartsWith("mozilla_profile_", StringComparison.Ordinal) => "Mozilla server-side TLS profile not met",
        var s when s.StartsWith("port_", StringComparison.Ordinal) => "Port open that is not allowed",
        "overall_grade" => "TLS grade below A",
        "observatory_score" => "HTTP Observatory grade below A",
        _ => $"Audit check {id}",
    };
}
