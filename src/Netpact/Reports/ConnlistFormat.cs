namespace Netpact.Reports;

/// <summary>Output formats of the connectivity list (those of np-guard netpol-analyzer's `list`).</summary>
public enum ConnlistFormat { Txt, Json, Csv, Md, Dot }
