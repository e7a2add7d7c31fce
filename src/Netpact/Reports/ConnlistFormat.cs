namespace Netpact.Reports;

/// <summary>
/// Output formats of the connectivity list (those of np-guard netpol-analyzer's `list`), and a summary of counts
/// for clusters whose list would run to millions of lines.
/// </summary>
public enum ConnlistFormat { Txt, Json, Csv, Md, Dot, Summary }
