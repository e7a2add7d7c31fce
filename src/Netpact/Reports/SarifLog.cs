using System.Text.Json.Serialization;

namespace Netpact.Reports;

// The subset of SARIF 2.1.0 that netpact writes, as records for System.Text.Json (camelCase, nulls left out):
// results located in files (lint) carry physical locations, rule indexes and fingerprints; results about
// targets (audit endpoints) carry logical locations and the producer's own severity.

internal sealed record SarifLog(
    [property: JsonPropertyName("$schema")] string Schema,
    string Version,
    IReadOnlyList<SarifRun> Runs);

internal sealed record SarifRun(SarifTool Tool, IReadOnlyList<SarifResult> Results, string? ColumnKind);

internal sealed record SarifTool(SarifDriver Driver);

internal sealed record SarifDriver(string Name, string? InformationUri, IReadOnlyList<SarifRule> Rules);

internal sealed record SarifRule(
    string Id,
    string? Name,
    SarifMessage ShortDescription,
    SarifMessage? FullDescription,
    SarifHelp? Help,
    SarifConfiguration? DefaultConfiguration,
    SarifRuleProperties Properties);

internal sealed record SarifMessage(string Text);

internal sealed record SarifHelp(string Text, string Markdown);

internal sealed record SarifConfiguration(string Level);

internal sealed record SarifRuleProperties(
    IReadOnlyList<string> Tags,
    string? Precision,
    [property: JsonPropertyName("security-severity")] string? SecuritySeverity);

internal sealed record SarifResult(
    string RuleId,
    int? RuleIndex,
    string Level,
    SarifMessage Message,
    IReadOnlyList<SarifLocation> Locations,
    IReadOnlyDictionary<string, string>? PartialFingerprints,
    IReadOnlyList<SarifSuppression>? Suppressions,
    SarifResultProperties Properties);

internal sealed record SarifLocation(SarifPhysicalLocation? PhysicalLocation, IReadOnlyList<SarifLogicalLocation>? LogicalLocations);

internal sealed record SarifPhysicalLocation(SarifArtifactLocation ArtifactLocation, SarifRegion? Region);

internal sealed record SarifArtifactLocation(string Uri, string UriBaseId);

internal sealed record SarifRegion(int StartLine, int StartColumn);

internal sealed record SarifLogicalLocation(string FullyQualifiedName, string Kind);

internal sealed record SarifSuppression(string Kind, string? Justification);

internal sealed record SarifResultProperties(string? Severity, IReadOnlyList<string>? Workloads, string? Fix, IReadOnlyList<string> Controls);
