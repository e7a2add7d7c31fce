using System.Text.Json;

namespace Netpact.Audit.Tests;

/// <summary>Reads `netpact audit --format json` output back for assertions.</summary>
internal sealed class AuditJsonView
{
    public sealed record Finding(string Id, string Target, string Severity, string Text);

    private readonly JsonElement _root;

    public AuditJsonView(string json)
    {
        if (string.IsNullOrWhiteSpace(json)) throw new InvalidOperationException("the audit wrote no JSON (see its stderr)");
        _root = JsonDocument.Parse(json).RootElement.Clone();
        Findings = [.. _root.GetProperty("endpoints").EnumerateArray().SelectMany(e => e.GetProperty("findings").EnumerateArray())
            .Select(f => new Finding(f.GetProperty("id").GetString()!, f.GetProperty("target").GetString()!, f.GetProperty("severity").GetString()!, f.GetProperty("finding").GetString()!))];
    }

    public IReadOnlyList<Finding> Findings { get; }

    public Finding One(string id) => Findings.Single(f => f.Id == id);

    public JsonElement Endpoint(int i = 0) => _root.GetProperty("endpoints")[i];

    public JsonElement Http => Endpoint().GetProperty("http")[0];

    public JsonElement Tls => Endpoint().GetProperty("tls")[0];

    public static bool IsProblem(Finding f) => f.Severity is "LOW" or "MEDIUM" or "HIGH" or "CRITICAL";

    /// <summary>The Observatory result in the layout of the recorded expectations: SCORE n G, then one line per test.</summary>
    public string ObservatoryLines()
    {
        var http = Http;
        if (http.GetProperty("observatoryScore").ValueKind == JsonValueKind.Null) return $"DOWN {http.GetProperty("error").GetString()}\n";
        var lines = new List<string> { $"SCORE {http.GetProperty("observatoryScore").GetInt32()} {http.GetProperty("observatoryGrade").GetString()}" };
        lines.AddRange(http.GetProperty("tests").EnumerateArray().Select(t =>
            $"{t.GetProperty("name").GetString()} {t.GetProperty("result").GetString()} {(t.GetProperty("pass").GetBoolean() ? "true" : "false")}"));
        return string.Join('\n', lines) + "\n";
    }
}
