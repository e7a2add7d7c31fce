namespace Netpact.Reports;

/// <summary>Output formats of `netpact lint`.</summary>
public enum LintFormat { Txt, Json, Sarif, Md }
