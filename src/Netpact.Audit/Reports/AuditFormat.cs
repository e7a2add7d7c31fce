namespace Netpact.Audit.Reports;

public enum AuditFormat { Txt, Json, Sarif, Md, Prometheus }
