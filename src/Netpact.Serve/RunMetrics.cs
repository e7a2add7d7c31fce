using System.Globalization;
using Netpact.Audit.Findings;
using Netpact.Audit.Ports;
using Netpact.Lint;
using Prometheus;

namespace Netpact.Serve;

/// <summary>
/// The findings of one run as a fresh prometheus-net registry: a label set that the next run no longer finds
/// (a fixed rule, a removed endpoint) disappears with the registry it was in, and nothing accumulates across runs.
/// Names and labels are listed in docs/serve.md; those the audit also writes keep the audit's names.
/// </summary>
internal static class RunMetrics
{
    public static CollectorRegistry Of(RunReport report)
    {
        var registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(registry);
        Gauge G(string name, string help, params string[] labels) =>
            factory.CreateGauge(name, help, new GaugeConfiguration { LabelNames = labels, SuppressInitialValue = labels.Length > 0 });

        if (report.Isolation is { } iso)
        {
            G("netpact_workloads", "Workloads in the analyzed cluster.").Set(iso.Workloads);
            G("netpact_namespaces", "Namespaces in the analyzed cluster (declared, or holding workloads or policies).").Set(iso.Namespaces);
            var withoutPolicy = G("netpact_workloads_without_policy", "Workloads that no NetworkPolicy selects for the direction (not isolated).", "direction");
            withoutPolicy.WithLabels("ingress").Set(iso.WorkloadsWithoutIngressPolicy);
            withoutPolicy.WithLabels("egress").Set(iso.WorkloadsWithoutEgressPolicy);
            var noDeny = G("netpact_namespaces_without_default_deny", "Namespaces without a policy selecting all their pods for the direction.", "direction");
            noDeny.WithLabels("ingress").Set(iso.NamespacesWithoutDefaultDenyIngress);
            noDeny.WithLabels("egress").Set(iso.NamespacesWithoutDefaultDenyEgress);
            G("netpact_allowed_connections", "Allowed connections (source, destination pairs) the analysis finds, as 'netpact analyze' lists them.").Set(iso.AllowedConnections);
        }

        if (report.Lint is not null)
        {
            var lint = report.Findings.Where(f => f.Source == "lint").ToList();
            var violations = G("netpact_lint_violations", "Lint findings per rule and severity (suppressed ones not counted).", "rule", "severity");
            foreach (var rule in RuleCatalog.All)
            {
                var count = lint.Count(f => f.Rule == rule.Id && !f.Suppressed);
                if (count > 0) violations.WithLabels(rule.Id, rule.Severity.ToString().ToLowerInvariant()).Set(count);
            }
            G("netpact_lint_suppressed", "Lint findings silenced by a suppression.").Set(lint.Count(f => f.Suppressed));
        }

        if (report.IntentName is { } intent)
        {
            var intended = G("netpact_verify_intended_flows", "Flows the intent declares, per target layer checked.", "intent", "target");
            var extra = G("netpact_verify_extra_flows", "Flows the layer allows beyond the intent (over-permissive).", "intent", "target");
            var missing = G("netpact_verify_missing_flows", "Flows the intent declares that the layer blocks.", "intent", "target");
            var overPermissive = G("netpact_verify_over_permissive_rules", "Rules admitting more than the intent on one side while the other side blocks it.", "intent", "target");
            var approximated = G("netpact_verify_approximated_flows", "Extra flows a layer cannot avoid, named as approximations.", "intent", "target");
            foreach (var v in report.Verifications)
            {
                intended.WithLabels(intent, v.Target).Set(v.Intended);
                extra.WithLabels(intent, v.Target).Set(v.Extra.Length);
                missing.WithLabels(intent, v.Target).Set(v.Missing.Length);
                overPermissive.WithLabels(intent, v.Target).Set(v.OverPermissive.Length);
                approximated.WithLabels(intent, v.Target).Set(v.Approximations.Sum(a => a.Flows.Length));
            }
        }

        if (report.IntentName is { } named && !report.Depth.IsEmpty)
        {
            // Defense in depth: how many unintended caller-workload pairs meet 0, 1, or 2 or more layers that each stop
            // them, and per workload the fewest layers any such caller meets (alert on < 2 for the data zone).
            var pairs = G("netpact_defense_depth_pairs", "Caller-workload pairs the intent does not allow, by how many layers each stop them (exposed: 0, single: 1, defended: 2 or more).", "intent", "depth");
            pairs.WithLabels(named, "exposed").Set(report.Depth.Count(p => p.Layers == 0));
            pairs.WithLabels(named, "single").Set(report.Depth.Count(p => p.Layers == 1));
            pairs.WithLabels(named, "defended").Set(report.Depth.Count(p => p.Layers >= 2));
            var fewest = G("netpact_defense_depth_min_layers", "The fewest layers that stop any caller the intent does not allow, per workload of the intent.", "intent", "workload");
            foreach (var group in report.Depth.GroupBy(p => p.Destination.Workload!))
                fewest.WithLabels(named, group.Key).Set(group.Min(p => p.Layers));
        }

        if (report.Audit is { } audit) AddAudit(audit, G);
        return registry;
    }

    private static void AddAudit(Audit.AuditResult audit, Func<string, string, string[], Gauge> g)
    {
        var protocol = g("netpact_tls_protocol_enabled", "Whether the endpoint accepts the TLS/SSL protocol version (1) or not (0).", ["endpoint", "version"]);
        var expiry = g("netpact_tls_cert_expiry_seconds", "Seconds until the served certificate expires (negative when expired).", ["endpoint"]);
        var expiryDays = g("netpact_tls_cert_expiry_days", "Days until the served certificate expires (negative when expired).", ["endpoint"]);
        var below = g("netpact_tls_below_profile", "Whether the endpoint is below the Mozilla TLS profile it is expected to meet (1) or meets it (0).", ["endpoint", "profile"]);
        var grade = g("netpact_tls_grade_info", "The endpoint's TLS letter grade (SSL Labs rating guide), as a label.", ["endpoint", "grade"]);
        var score = g("netpact_http_observatory_score", "Mozilla HTTP Observatory score of the site's security headers (may exceed 100).", ["site"]);
        var portOpen = g("netpact_port_open", "Whether a scanned TCP port is open (1) or not (0); open ports and allowed ports only.", ["host", "port"]);
        var portAllowed = g("netpact_port_allowed", "Whether a scanned TCP port is in the allowed list (1) or not (0).", ["host", "port"]);
        var outside = g("netpact_open_ports_outside_allowed", "Open TCP ports of a host that are not in its allowed list.", ["host"]);
        var findings = g("netpact_audit_findings", "Audit findings per endpoint and severity (LOW and above).", ["endpoint", "severity"]);
        foreach (var e in audit.Endpoints)
        {
            foreach (var t in e.Tls)
            {
                var ep = t.Target.Endpoint.ToString();
                foreach (var p in t.Scan.Protocols) protocol.WithLabels(ep, Audit.Tls.TlsVersions.Display(p.Version)).Set(p.Offered ? 1 : 0);
                if (t.Scan.Certificate is { } c)
                {
                    expiry.WithLabels(ep).Set(Math.Round(c.DaysLeft * 86400));
                    expiryDays.WithLabels(ep).Set(Math.Round(c.DaysLeft, 2));
                }
                grade.WithLabels(ep, t.Grade.Grade).Set(1);
                if (t.Target.ExpectedProfile is { } expected && t.Profiles.FirstOrDefault(v => v.Profile == expected) is { } verdict)
                    below.WithLabels(ep, expected.ToString().ToLowerInvariant()).Set(verdict.Passes ? 0 : 1);
            }
            foreach (var h in e.Http.Where(h => h.Observatory is not null))
                score.WithLabels(h.Target.HttpsUrl.GetLeftPart(UriPartial.Authority)).Set(h.Observatory!.Score);
            foreach (var p in e.Ports)
            {
                var allowed = p.Target.Allowed ?? [];
                var open = p.Scan.Open.ToHashSet();
                foreach (var port in open.Union(allowed).Order())
                {
                    var text = port.ToString(CultureInfo.InvariantCulture);
                    portOpen.WithLabels(p.Target.Host, text).Set(open.Contains(port) ? 1 : 0);
                    if (p.Target.Allowed is not null) portAllowed.WithLabels(p.Target.Host, text).Set(allowed.Contains(port) ? 1 : 0);
                }
                if (p.Target.Allowed is not null) outside.WithLabels(p.Target.Host).Set(open.Count(port => !allowed.Contains(port)));
            }
            var found = AuditFindings.Of(e).ToList();
            foreach (var severity in new[] { AuditSeverity.Low, AuditSeverity.Medium, AuditSeverity.High, AuditSeverity.Critical })
                findings.WithLabels(e.Name, severity.ToString().ToLowerInvariant()).Set(AuditFindings.Count(found, severity));
        }
    }
}
