using System.Collections.Immutable;

namespace Netpact.Audit.Findings;

/// <summary>
/// One result line of an audit: an id that mirrors testssl.sh's JSON ids (TLS1, cipherlist_NULL,
/// cert_expirationStatus, ...) or the Observatory test name, what was seen, how bad it is, and the
/// compliance controls it bears on.
/// </summary>
public sealed record AuditFinding(string Id, string Target, AuditSeverity Severity, string Text, ImmutableArray<string> Controls)
{
    /// <summary>LOW and above: something to fix, and a reason for exit code 1.</summary>
    public bool IsProblem => Severity >= AuditSeverity.Low;
}
