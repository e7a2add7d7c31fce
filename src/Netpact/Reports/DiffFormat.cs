namespace Netpact.Reports;

/// <summary>Output formats of `netpact diff`: those of np-guard netpol-analyzer's diff, plus json.</summary>
public enum DiffFormat { Txt, Csv, Md, Json }
