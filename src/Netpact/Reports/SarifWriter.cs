using System.Text.Json;
using System.Text.Json.Serialization;
using Netpact.Findings;

namespace Netpact.Reports;

/// <summary>
/// Writes findings as SARIF 2.1.0 (Sarif.Sdk does not restore here: small records and System.Text.Json), for
/// every producer: lint's findings are places in files, the audit's are endpoints.
/// </summary>
public static class SarifWriter
{
    public const string SrcRoot = "%SRCROOT%";

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// One run of <paramref name="tool"/>. With a <paramref name="baseDirectory"/> the findings are places in files:
    /// artifact URIs relative to it (the repository root), rule indexes, workloads and fixes. Without one they are
    /// targets (logical locations) with the producer's own severity.
    /// </summary>
    public static string Write(string tool, IReadOnlyList<SarifRuleDescriptor> rules, IEnumerable<Finding> findings, string? baseDirectory)
    {
        var index = rules.Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var inFiles = baseDirectory is not null;
        var log = new SarifLog(
            "https://json.schemastore.org/sarif-2.1.0.json",
            "2.1.0",
            [
                new SarifRun(
                    new SarifTool(new SarifDriver(tool, null, [.. rules.Select(Rule)])),
                    [.. findings.Select(f => Result(f, inFiles ? index[f.Rule] : null, baseDirectory))],
                    inFiles ? "unicodeCodePoints" : null),
            ]);
        return JsonSerializer.Serialize(log, Options) + "\n";
    }

    private static SarifRule Rule(SarifRuleDescriptor rule) => new(
        rule.Id,
        rule.Name,
        new SarifMessage(rule.Title),
        rule.Description is { } why ? new SarifMessage(why) : null,
        rule.HelpText is { } text ? new SarifHelp(text, rule.HelpMarkdown ?? text) : null,
        rule.DefaultSeverity is { } severity ? new SarifConfiguration(Finding.SeverityName(severity)) : null,
        new SarifRuleProperties(rule.Tags, rule.Precision, rule.SecuritySeverity));

    private static SarifResult Result(Finding finding, int? ruleIndex, string? baseDirectory)
    {
        IReadOnlyList<SarifLocation> locations = baseDirectory is null
            ? [new SarifLocation(null, [new SarifLogicalLocation(finding.Target, "resource")])]
            : finding.Span is not { File: not ("" or "<stdin>" or "<input>") } span
                ? []
                : [new SarifLocation(new SarifPhysicalLocation(
                    new SarifArtifactLocation(RelativeUri(span.File, baseDirectory), SrcRoot),
                    span.Line > 0 ? new SarifRegion(span.Line, Math.Max(1, span.Column)) : null), null)];
        return new SarifResult(
            finding.Rule,
            ruleIndex,
            Finding.SeverityName(finding.Severity),
            new SarifMessage(finding.Message),
            locations,
            finding.Fingerprint.Length == 0 ? null : new Dictionary<string, string> { ["netpactFinding/v1"] = finding.Fingerprint },
            finding.SuppressedBy is { } s ? [new SarifSuppression(s.InSource ? "inSource" : "external", s.Reason)] : null,
            new SarifResultProperties(
                finding.NativeSeverity.Length == 0 ? null : finding.NativeSeverity,
                baseDirectory is null ? null : finding.Workloads,
                baseDirectory is null ? null : finding.Fix,
                finding.Controls));
    }

    /// <summary>The file as a relative URI reference from the base directory: forward slashes, each segment escaped.</summary>
    public static string RelativeUri(string file, string baseDirectory)
    {
        var relative = Path.GetRelativePath(Path.GetFullPath(baseDirectory), Path.GetFullPath(file));
        return string.Join('/', relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Select(Uri.EscapeDataString));
    }
}
