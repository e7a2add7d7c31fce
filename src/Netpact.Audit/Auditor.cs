using System.Collections.Immutable;
using System.Diagnostics;
using Netpact.Audit.Findings;
using Netpact.Audit.Http;
using Netpact.Audit.Net;
using Netpact.Audit.Ports;
using Netpact.Audit.Targets;
using Netpact.Audit.Tls;

namespace Netpact.Audit;

/// <summary>Progress while endpoints are probed: how many units are done, of how many, and the last one.</summary>
public sealed record AuditProgress(int Done, int Total, string Current);

/// <summary>
/// Runs an audit plan: every TLS endpoint, site and port scan at once (each bounded by the limits),
/// then the verdicts, grouped by host. Only the hosts the plan names are contacted.
/// </summary>
public sealed class Auditor(TimeProvider time)
{
    public async Task<AuditResult> RunAsync(AuditPlan plan, IProgress<AuditProgress>? progress, CancellationToken cancellation)
    {
        var started = time.GetUtcNow();
        var clock = Stopwatch.StartNew();
        var connector = new Connector(plan.Resolve, plan.Limits.Timeout, plan.AllowList) { ConnectionsPerTarget = plan.Limits.ConnectionsPerTarget };
        var done = 0;
        void Report(string what) => progress?.Report(new AuditProgress(Interlocked.Increment(ref done), plan.Units, what));

        var tlsScanner = new TlsScanner(connector, plan.TrustAnchors, time);
        var retriever = new HttpRetriever(connector, plan.TrustAnchors, time);
        var portScanner = new PortScanner(connector, plan.Limits.PortConcurrency, plan.Limits.PortBudget);

        var tlsTasks = plan.Tls.Select(async t =>
        {
            var scan = await tlsScanner.ScanAsync(t.Endpoint, null, cancellation).ConfigureAwait(false);
            Report(t.Endpoint.ToString());
            return (Target: t, Scan: scan);
        }).ToList();
        var httpTasks = plan.Http.Select(async h =>
        {
            var retrieval = await retriever.RetrieveAsync(h.Host, h.HttpUrl, h.HttpsUrl, cancellation).ConfigureAwait(false);
            var observatory = Observatory.Score(retrieval, out var error);
            Report(h.HttpsUrl.ToString());
            return new HttpAudit(h, retrieval, observatory, error);
        }).ToList();
        var portTasks = plan.Ports.Select(async p =>
        {
            var scan = await portScanner.ScanAsync(p.Host, p.Ports, cancellation).ConfigureAwait(false);
            Report($"{p.Host} ports");
            return new PortAudit(p, scan);
        }).ToList();
        // CAA: only with --dns, only to that resolver, for the names of the TLS endpoints.
        var caa = plan.DnsResolver is { } resolver ? new CaaLookup(resolver, plan.Limits.Timeout) : null;
        var caaTasks = plan.Tls.Select(t => t.Endpoint.Host).Distinct(StringComparer.OrdinalIgnoreCase)
            .Where(h => !System.Net.IPAddress.TryParse(h.Trim('[', ']'), out _))
            .ToDictionary(h => h, h => caa?.LookupAsync(h, cancellation) ?? Task.FromResult<CaaAnswer?>(null)!, StringComparer.OrdinalIgnoreCase);
        var tlsScans = await Task.WhenAll(tlsTasks).ConfigureAwait(false);
        var httpAudits = await Task.WhenAll(httpTasks).ConfigureAwait(false);
        var portAudits = await Task.WhenAll(portTasks).ConfigureAwait(false);

        await Task.WhenAll(caaTasks.Values).ConfigureAwait(false);
        var tlsAudits = tlsScans.Select(s =>
        {
            // SSL Labs' A+ needs HSTS: take it from the site served on the same host and port, when audited.
            var site = httpAudits.FirstOrDefault(h => h.Target.HttpsUrl.Host == s.Target.Endpoint.Host && h.Target.HttpsUrl.Port == s.Target.Endpoint.Port);
            double? maxAge = null;
            if (site is not null) Observatory.StrictTransportSecurity(site.Retrieval, out maxAge);
            var grade = SslLabsGrade.Rate(s.Scan, maxAge is double m && !double.IsNaN(m) ? (long)m : null);
            var profiles = MozillaProfile.All.Select(p => p.Check(s.Scan)).ToImmutableArray();
            // winshock's last step reads the Server banner of that same site (and of its plain-HTTP side).
            var winshock = VulnerabilityScanner.Winshock(s.Scan, s.Target.Endpoint.Port, site?.Retrieval.Https?.Header("server"), site?.Retrieval.Http?.Header("server"));
            List<VulnerabilityVerdict> added = [winshock];
            if (caaTasks.TryGetValue(s.Target.Endpoint.Host, out var caaTask)) added.Add(CaaVerdict(caaTask.Result));
            var scan = s.Scan.Error is null ? s.Scan with { Vulnerabilities = [.. s.Scan.Vulnerabilities, .. added] } : s.Scan;
            return new TlsAudit(s.Target, scan, grade, profiles);
        }).ToList();

        var endpoints = plan.Hosts.Select(host =>
        {
            var tls = tlsAudits.Where(t => t.Target.Endpoint.Host == host).ToImmutableArray();
            var http = httpAudits.Where(h => h.Target.Host == host).ToImmutableArray();
            var ports = portAudits.Where(p => p.Target.Host == host).ToImmutableArray();
            var findings = new List<AuditFinding>();
            foreach (var t in tls) findings.AddRange(TlsFindings.For(t.Target.Endpoint.ToString(), t.Scan, t.Grade, t.Profiles, t.Target.ExpectedProfile));
            foreach (var h in http) findings.AddRange(HttpFindings.For(h.Target.HttpsUrl.GetLeftPart(UriPartial.Authority), h));
            foreach (var p in ports) findings.AddRange(PortFindings.For(p));
            return new EndpointAudit(host, tls, http, ports, [.. findings]);
        }).ToImmutableArray();
        return new AuditResult(endpoints, started, clock.Elapsed);
    }

    /// <summary>testssl.sh 3.2.3's DNS_CAArecord: the records as tag=value, sorted; LOW "--" when there are none.</summary>
    private static VulnerabilityVerdict CaaVerdict(CaaAnswer? answer) => answer switch
    {
        null => new("DNS_CAArecord", AuditSeverity.Info, "check skipped: a DNS query is a contact, made only with --dns RESOLVER"),
        { Failure: { } failure } => new("DNS_CAArecord", AuditSeverity.Info, $"check failed: {failure}"),
        { Records.IsEmpty: true } => new("DNS_CAArecord", AuditSeverity.Low, "--"),
        _ => new("DNS_CAArecord", AuditSeverity.Ok, string.Join(", ", answer.Records.Select(r => $"{r.Tag}={r.Value}").Order(StringComparer.Ordinal))),
    };
}
