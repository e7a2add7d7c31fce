using Netpact.Intents;

namespace Netpact.Compilers.Prometheus;

/// <summary>
/// The alerts netpact ships: on the metrics of 'netpact serve' (verify, lint, audit, the exporter itself) and on the
/// policy-drop counters of CNIs that export them (Cilium, Hubble, Calico). Alerts on verify's metrics select the
/// intent they were compiled from, so one Prometheus can watch several intents.
/// </summary>
public static class AlertCatalog
{
    /// <summary>The scrape job 'netpact serve' is expected under (the exporter-down alerts look for it).</summary>
    public const string Job = "netpact";

    /// <summary>Where the runbooks are: one section per alert, relative to the repository (docs/alerts.md).</summary>
    public const string RunbookPage = "docs/alerts.md";

    /// <summary>Certificates closer than this to expiry are alerted on.</summary>
    public const int CertificateWarningDays = 14;

    /// <summary>An HTTP Observatory score below this (grade B) is alerted on.</summary>
    public const int HeaderScoreMinimum = 70;

    public static IReadOnlyList<AlertGroup> For(Intent intent)
    {
        var job = $"job=\"{Job}\"";
        var of = $"intent=\"{Escape(intent.Name)}\"";
        return
        [
            new AlertGroup("netpact-exporter",
            [
                new AlertRule("NetpactExporterDown",
                    $"up{{{job}}} == 0 or absent(up{{{job}}})",
                    "5m", "critical",
                    "netpact serve is down or not scraped",
                    $"Prometheus has not scraped the netpact exporter (job {Job}) for 5 minutes: no check of the network pact runs, so no other netpact alert can fire."),
                new AlertRule("NetpactRunFailing",
                    $"netpact_last_run_success{{{job}}} == 0",
                    "15m", "warning",
                    "netpact serve's runs fail on {{ $labels.instance }}",
                    "The last analysis run of netpact serve on {{ $labels.instance }} failed (see netpact_run_errors_total by stage and the exporter's log): the metrics of the failed stage are missing, so their alerts cannot fire."),
                new AlertRule("NetpactRunStale",
                    $"time() - netpact_last_run_timestamp_seconds{{{job}}} > 3 * netpact_run_interval_seconds{{{job}}}",
                    "10m", "warning",
                    "netpact serve has not finished a run for three intervals on {{ $labels.instance }}",
                    "The last run of netpact serve on {{ $labels.instance }} finished more than three intervals ago: runs hang or take longer than the interval (ticks are skipped, see netpact_skipped_ticks_total)."),
            ]),
            new AlertGroup("netpact-verify",
            [
                new AlertRule("NetpactExtraFlows",
                    $"netpact_verify_extra_flows{{{of}}} > 0",
                    "5m", "critical",
                    "{{ $labels.target }} allows {{ $value }} flows that intent {{ $labels.intent }} does not",
                    "The {{ $labels.target }} layer checked by netpact serve allows flows the intent does not declare (over-permissive): a path an attacker can use. Run 'netpact verify INTENT PATH' to see each extra flow and the rule that admits it."),
                new AlertRule("NetpactOverPermissiveRule",
                    $"netpact_verify_over_permissive_rules{{{of}}} > 0",
                    "5m", "warning",
                    "{{ $value }} rules of {{ $labels.target }} admit more than intent {{ $labels.intent }}",
                    "One side of a connection admits more than the intent, although the other side blocks it today: one change on the other side opens the flow. Run 'netpact verify INTENT PATH' to see each rule."),
                new AlertRule("NetpactMissingFlows",
                    $"netpact_verify_missing_flows{{{of}}} > 0",
                    "5m", "warning",
                    "{{ $labels.target }} blocks {{ $value }} flows that intent {{ $labels.intent }} needs",
                    "The {{ $labels.target }} layer blocks flows the intent declares: a service that needs them fails. Run 'netpact verify INTENT PATH' to see which side blocks each."),
            ]),
            new AlertGroup("netpact-lint",
            [
                new AlertRule("NetpactLintErrors",
                    $"sum by (job, instance, rule) (netpact_lint_violations{{{job},severity=\"error\"}}) > 0",
                    "5m", "warning",
                    "lint rule {{ $labels.rule }} finds {{ $value }} errors",
                    "netpact lint finds zero-trust errors of rule {{ $labels.rule }} in the policies netpact serve watches. Run 'netpact lint PATH' for each finding, its place and its fix."),
                new AlertRule("NetpactWorkloadWithoutPolicy",
                    $"netpact_workloads_without_policy{{{job}}} > 0",
                    "15m", "warning",
                    "{{ $value }} workloads are selected by no {{ $labels.direction }} NetworkPolicy",
                    "Workloads that no NetworkPolicy selects for {{ $labels.direction }} are not isolated: Kubernetes allows all of that traffic. Select them with a policy (a default deny in their namespace)."),
                new AlertRule("NetpactNamespaceWithoutDefaultDeny",
                    $"netpact_namespaces_without_default_deny{{{job}}} > 0",
                    "15m", "warning",
                    "{{ $value }} namespaces have no default-deny {{ $labels.direction }} policy",
                    "Namespaces without a NetworkPolicy selecting all their pods for {{ $labels.direction }} let new pods start unrestricted. Add 'podSelector: {}' with that policy type."),
            ]),
            new AlertGroup("netpact-audit",
            [
                new AlertRule("NetpactCertificateExpiringSoon",
                    $"netpact_tls_cert_expiry_seconds{{{job}}} > 0 and netpact_tls_cert_expiry_seconds{{{job}}} < {CertificateWarningDays} * 86400",
                    "10m", "warning",
                    $"the certificate of {{{{ $labels.endpoint }}}} expires within {CertificateWarningDays} days",
                    "The certificate served on {{ $labels.endpoint }} expires in {{ $value | humanizeDuration }}. Renew it before clients refuse the connection."),
                new AlertRule("NetpactCertificateExpired",
                    $"netpact_tls_cert_expiry_seconds{{{job}}} <= 0",
                    "5m", "critical",
                    "the certificate of {{ $labels.endpoint }} has expired",
                    "The certificate served on {{ $labels.endpoint }} has expired: clients that check certificates refuse the connection. Renew it now."),
                new AlertRule("NetpactTlsBelowProfile",
                    $"netpact_tls_below_profile{{{job}}} == 1",
                    "10m", "warning",
                    "{{ $labels.endpoint }} is below the {{ $labels.profile }} TLS profile",
                    "The endpoint {{ $labels.endpoint }} offers protocols, suites or a certificate outside the Mozilla {{ $labels.profile }} profile it is expected to meet. Run 'netpact audit' on it for each deviation."),
                new AlertRule("NetpactLegacyTlsEnabled",
                    $"netpact_tls_protocol_enabled{{{job},version=~\"SSLv3|TLSv1[.]0|TLSv1[.]1\"}} == 1",
                    "10m", "warning",
                    "{{ $labels.endpoint }} accepts {{ $labels.version }}",
                    "The endpoint {{ $labels.endpoint }} accepts {{ $labels.version }}, which is deprecated (RFC 8996) and has known attacks. Disable it."),
                new AlertRule("NetpactHeaderScoreLow",
                    $"netpact_http_observatory_score{{{job}}} < {HeaderScoreMinimum}",
                    "30m", "info",
                    "{{ $labels.site }} scores {{ $value }} on HTTP security headers",
                    $"The site {{{{ $labels.site }}}} scores below {HeaderScoreMinimum} (grade B) in the Mozilla HTTP Observatory scoring: security headers (CSP, HSTS, ...) are missing or weak. Run 'netpact audit --http' on it for each test."),
                new AlertRule("NetpactUnexpectedOpenPort",
                    $"netpact_port_open{{{job}}} == 1 and netpact_port_allowed{{{job}}} == 0",
                    "5m", "critical",
                    "port {{ $labels.port }} is open on {{ $labels.host }} but not allowed",
                    "A TCP port outside the allowed list accepts connections on {{ $labels.host }}: a service is exposed that nobody declared. Close it or add it to the audit file's allowed ports."),
            ]),
            new AlertGroup("netpact-cni",
            [
                new AlertRule("NetpactCiliumPolicyDrops",
                    "sum without (protocol) (rate(hubble_drop_total{reason=\"POLICY_DENIED\"}[5m])) > 0",
                    "10m", "warning",
                    "Hubble sees packets dropped by network policy",
                    "Cilium (Hubble flow metrics) drops packets because a policy denies them, for 10 minutes: a client tries a flow the pact does not allow (a misconfigured service after a change, or lateral movement). Look at 'hubble observe --verdict DROPPED' for the sources."),
                new AlertRule("NetpactCiliumAgentPolicyDrops",
                    "sum by (job, instance, direction) (rate(cilium_drop_count_total{reason=\"Policy denied\"}[5m])) > 0",
                    "10m", "warning",
                    "the Cilium agent on {{ $labels.instance }} drops {{ $labels.direction }} packets by policy",
                    "The Cilium agent drops packets because a policy denies them, for 10 minutes: a client tries a flow the pact does not allow. Look at 'cilium monitor --type drop' on that node for the sources."),
                new AlertRule("NetpactCalicoDeniedPackets",
                    "sum by (job, instance, policy) (rate(calico_denied_packets[5m])) > 0",
                    "10m", "warning",
                    "Calico policy {{ $labels.policy }} denies packets on {{ $labels.instance }}",
                    "Calico Felix counts packets denied by policy {{ $labels.policy }} for 10 minutes: a client tries a flow the pact does not allow. calico_denied_packets carries the source address (srcIP) of the denied packets."),
            ]),
        ];
    }

    private static string Escape(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
