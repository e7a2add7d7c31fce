using System.Globalization;
using System.Text;
using Netpact.Audit.Findings;
using Netpact.Audit.Ports;
using Netpact.Audit.Tls;

namespace Netpact.Audit.Reports;

/// <summary>The audit as Prometheus text exposition (for node_exporter's textfile collector or a push gateway).</summary>
internal static class AuditPrometheus
{
    public static string Write(AuditResult result)
    {
        var metrics = new List<(string Name, string Help, List<(string Labels, double Value)> Samples)>();
        List<(string, double)> Metric(string name, string help)
        {
            var samples = new List<(string, double)>();
            metrics.Add((name, help, samples));
            return samples;
        }
        var protocol = Metric("netpact_tls_protocol_enabled", "Whether the endpoint accepts the TLS/SSL protocol version (1) or not (0).");
        var suites = Metric("netpact_tls_cipher_suites", "Number of cipher suites the endpoint accepts per protocol version.");
        var expiry = Metric("netpact_tls_cert_expiry_seconds", "Seconds until the served certificate expires (negative when expired).");
        var keyBits = Metric("netpact_tls_cert_key_bits", "Size of the certificate's public key in bits.");
        var trusted = Metric("netpact_tls_cert_trusted", "Whether the certificate chain is trusted and matches the host name (1) or not (0).");
        var stapling = Metric("netpact_tls_ocsp_stapling", "Whether the endpoint staples an OCSP response (1) or not (0).");
        var grade = Metric("netpact_tls_grade_info", "The endpoint's TLS letter grade (SSL Labs rating guide), as a label.");
        var profile = Metric("netpact_tls_profile_pass", "Whether the endpoint stays inside the Mozilla server-side TLS profile (1) or not (0).");
        var score = Metric("netpact_http_observatory_score", "Mozilla HTTP Observatory score of the site (may exceed 100).");
        var obsGrade = Metric("netpact_http_observatory_grade_info", "Mozilla HTTP Observatory grade of the site, as a label.");
        var testPass = Metric("netpact_http_observatory_test_pass", "Whether an Observatory test passed (1) or not (0).");
        var portOpen = Metric("netpact_port_open", "Whether a scanned TCP port is open (1) or not (0); open ports and allowed ports only.");
        var portAllowed = Metric("netpact_port_allowed", "Whether a scanned TCP port is in the allowed list (1) or not (0).");
        var findings = Metric("netpact_audit_findings", "Number of findings per endpoint and severity (LOW and above).");

        foreach (var e in result.Endpoints)
        {
            foreach (var t in e.Tls)
            {
                var ep = $"endpoint=\"{Escape(t.Target.Endpoint.ToString())}\"";
                foreach (var p in t.Scan.Protocols)
                {
                    protocol.Add(($"{ep},version=\"{p.Version.Display()}\"", p.Offered ? 1 : 0));
                    suites.Add(($"{ep},version=\"{p.Version.Display()}\"", p.Suites.Length));
                }
                if (t.Scan.Certificate is { } c)
                {
                    expiry.Add((ep, Math.Round(c.DaysLeft * 86400)));
                    keyBits.Add((ep, c.KeyBits));
                    trusted.Add((ep, c.Trusted && c.HostnameMatches != false && !c.Expired ? 1 : 0));
                }
                stapling.Add((ep, t.Scan.OcspStapled ? 1 : 0));
                grade.Add(($"{ep},grade=\"{t.Grade.Grade}\"", 1));
                foreach (var v in t.Profiles) profile.Add(($"{ep},profile=\"{v.Profile.ToString().ToLowerInvariant()}\"", v.Passes ? 1 : 0));
            }
            foreach (var h in e.Http.Where(h => h.Observatory is not null))
            {
                var site = $"site=\"{Escape(h.Target.HttpsUrl.GetLeftPart(UriPartial.Authority))}\"";
                score.Add((site, h.Observatory!.Score));
                obsGrade.Add(($"{site},grade=\"{h.Observatory.Grade}\"", 1));
                foreach (var test in h.Observatory.Tests) testPass.Add(($"{site},test=\"{test.Name}\"", test.Pass ? 1 : 0));
            }
            foreach (var p in e.Ports)
            {
                var allowed = p.Target.Allowed ?? [];
                foreach (var port in p.Scan.Open.Union(allowed).Order())
                {
                    var labels = $"host=\"{Escape(p.Target.Host)}\",port=\"{port}\"";
                    portOpen.Add((labels, p.Scan.States.GetValueOrDefault(port, PortState.Filtered) == PortState.Open ? 1 : 0));
                    if (p.Target.Allowed is not null) portAllowed.Add((labels, allowed.Contains(port) ? 1 : 0));
                }
            }
            var found = AuditFindings.Of(e).ToList();
            foreach (var severity in new[] { AuditSeverity.Low, AuditSeverity.Medium, AuditSeverity.High, AuditSeverity.Critical })
                findings.Add(($"endpoint=\"{Escape(e.Name)}\",severity=\"{severity.ToString().ToLowerInvariant()}\"", AuditFindings.Count(found, severity)));
        }

        var sb = new StringBuilder();
        foreach (var (name, help, samples) in metrics.Where(m => m.Samples.Count > 0))
        {
            sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
            sb.Append("# TYPE ").Append(name).Append(" gauge\n");
            foreach (var (labels, value) in samples)
                sb.Append(name).Append('{').Append(labels).Append("} ").Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }
        return sb.ToString();
    }

    private static string Escape(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
