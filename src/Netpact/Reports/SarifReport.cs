using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Netpact.Lint;

namespace Netpact.Reports;

/// <summary>
/// Writes lint findings as SARIF 2.1.0 for GitHub code scanning and other CI tools: every rule with its help and
/// controls, results with artifact URIs relative to the base directory (the repository root), stable fingerprints,
/// and suppressed findings marked as suppressed.
/// </summary>
public static class SarifReport
{
    public const string SrcRoot = "%SRCROOT%";

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Write(LintResult result, string baseDirectory)
    {
        var rules = RuleCatalog.All;
        var index = rules.Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var log = new SarifLog(
            "https://json.schemastore.org/sarif-2.1.0.json",
            "2.1.0",
            [
                new SarifRun(
                    new SarifTool(new SarifDriver("netpact", null, [.. rules.Select(Rule)])),
                    [.. result.Findings.Select(f => Result(f, index[f.Rule.Id], baseDirectory))],
                    "unicodeCodePoints"),
            ]);
        return JsonSerializer.Serialize(log, Options) + "\n";
    }

    public static string Level(LintSeverity severity) => LintReport.SeverityName(severity);

    private static SarifRule Rule(LintRule rule)
    {
        var controls = string.Join(", ", rule.Controls);
        var text = $"{rule.Why}\n\nFix: {rule.Fix}\n\nControls: {controls}\n\nSee docs/rules/{rule.Id}.md.";
        var markdown = $"**{rule.Title}** ({rule.Id})\n\n{rule.Why}\n\n**Fix:** {rule.Fix}\n\n**Controls:** {controls}\n\nSee `docs/rules/{rule.Id}.md`.";
        return new SarifRule(
            rule.Id,
            rule.Name,
            new SarifMessage(rule.Title),
            new SarifMessage(rule.Why),
            new SarifHelp(text, markdown),
            new SarifConfiguration(Level(rule.Severity)),
            new SarifRuleProperties(
                ["security", "zero-trust", rule.Layer.ToLowerInvariant(), .. rule.Controls],
                "high",
                // GitHub ranks alerts by this number: 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low.
                rule.Severity switch { LintSeverity.Error => "8.0", LintSeverity.Warning => "5.0", _ => "2.0" }));
    }

    private static SarifResult Result(Finding finding, int ruleIndex, string baseDirectory)
    {
        var locations = finding.Span.File is "" or "<stdin>" or "<input>"
            ? []
            : new[]
            {
                new SarifLocation(new SarifPhysicalLocation(
                    new SarifArtifactLocation(RelativeUri(finding.Span.File, baseDirectory), SrcRoot),
                    finding.Span.Line > 0 ? new SarifRegion(finding.Span.Line, Math.Max(1, finding.Span.Column)) : null)),
            };
        return new SarifResult(
            finding.Rule.Id,
            ruleIndex,
            Level(finding.Severity),
            new SarifMessage(finding.Message),
            locations,
            new Dictionary<string, string> { ["netpactFinding/v1"] = Fingerprint(finding.Key) },
            finding.SuppressedBy is { } s ? [new SarifSuppression(s.InSource ? "inSource" : "external", s.Reason)] : null,
            new SarifResultProperties(finding.Workloads, finding.Fix, finding.Rule.Controls));
    }

    /// <summary>The file as a relative URI reference from the base directory: forward slashes, each segment escaped.</summary>
    public static string RelativeUri(string file, string baseDirectory)
    {
        var relative = Path.GetRelativePath(Path.GetFullPath(baseDirectory), Path.GetFullPath(file));
        return string.Join('/', relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Select(Uri.EscapeDataString));
    }

    private static string Fingerprint(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];
}
