using Netpact.Model;

namespace Netpact.Findings;

/// <summary>What silences a finding: an annotation in the source (InSource) or the config file, with its reason.</summary>
public sealed record FindingSuppression(bool InSource, string? Reason, SourceSpan Span);
