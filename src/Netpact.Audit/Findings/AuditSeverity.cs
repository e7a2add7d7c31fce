namespace Netpact.Audit.Findings;

/// <summary>testssl.sh's severity scale: OK and INFO are results, LOW and above are findings.</summary>
public enum AuditSeverity { Ok, Info, Low, Medium, High, Critical }
