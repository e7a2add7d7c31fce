using Netpact.Audit.Findings;
using Netpact.Audit.Targets;

namespace Netpact.Audit.Ports;

/// <summary>Result lines for a host's ports, compared with the allowed ones.</summary>
public static class PortFindings
{
    public static IEnumerable<AuditFinding> For(PortAudit audit)
    {
        var target = audit.Target.Host;
        var scan = audit.Scan;
        AuditFinding F(string id, AuditSeverity s, string text) => new(id, target, s, text, Controls.Ports);
        if (scan.Error is not null)
        {
            yield return F("scanProblem", AuditSeverity.High, scan.Error);
            yield break;
        }
        var allowed = audit.Target.Allowed;
        var source = audit.Target.AllowedSource is { } s ? $" by {s}" : "";
        foreach (var port in scan.Open)
        {
            if (allowed is null) yield return F($"port_{port}", AuditSeverity.Info, "open");
            else if (allowed.Value.Contains(port)) yield return F($"port_{port}", AuditSeverity.Ok, $"open (allowed{source})");
            else yield return F($"port_{port}", AuditSeverity.High, $"open, but not allowed{source} (allowed: {(allowed.Value.IsEmpty ? "none" : PortList.Format(allowed.Value))})");
        }
        if (allowed is { } a)
        {
            foreach (var port in a.Where(p => scan.States.TryGetValue(p, out var st) && st != PortState.Open))
                yield return F($"port_{port}", AuditSeverity.Info, $"allowed but {scan.States[port].ToString().ToLowerInvariant()}");
        }
        var closed = scan.States.Count(kv => kv.Value == PortState.Closed);
        var filtered = scan.States.Count(kv => kv.Value == PortState.Filtered);
        yield return F("port_scan", scan.BudgetExhausted ? AuditSeverity.Low : AuditSeverity.Info,
            $"{scan.States.Count} ports scanned on {scan.Address}: {scan.Open.Count()} open, {closed} closed, {filtered} filtered" +
            (scan.BudgetExhausted ? " (time budget exhausted: ports not reached count as filtered)" : ""));
    }
}
