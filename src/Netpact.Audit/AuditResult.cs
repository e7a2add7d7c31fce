using System.Collections.Immutable;
using Netpact.Audit.Findings;
using Netpact.Audit.Http;
using Netpact.Audit.Ports;
using Netpact.Audit.Targets;
using Netpact.Audit.Tls;

namespace Netpact.Audit;

/// <summary>A TLS endpoint's scan with its verdicts.</summary>
public sealed record TlsAudit(TlsTarget Target, TlsScanResult Scan, SslLabsGrade Grade, ImmutableArray<ProfileVerdict> Profiles);

/// <summary>A site's retrieval and Observatory result (null with an error when it could not be graded).</summary>
public sealed record HttpAudit(HttpTarget Target, SiteRetrieval Retrieval, ObservatoryResult? Observatory, string? Error);

/// <summary>A host's port scan against its allowed ports.</summary>
public sealed record PortAudit(PortTarget Target, PortScanResult Scan);

/// <summary>Everything audited on one host, and the findings about it.</summary>
public sealed record EndpointAudit(string Name, ImmutableArray<TlsAudit> Tls, ImmutableArray<HttpAudit> Http, ImmutableArray<PortAudit> Ports, ImmutableArray<AuditFinding> Findings);

/// <summary>The whole audit, endpoint by endpoint.</summary>
public sealed record AuditResult(ImmutableArray<EndpointAudit> Endpoints, DateTimeOffset Started, TimeSpan Duration)
{
    public IEnumerable<AuditFinding> Findings => Endpoints.SelectMany(e => e.Findings);

    public bool HasProblems => Findings.Any(f => f.IsProblem);
}
