namespace Netpact.Lint;

/// <summary>How bad a finding is; the order is the order of --fail-on (error fails on errors only).</summary>
public enum LintSeverity { Error, Warning, Note }
