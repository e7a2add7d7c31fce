using System.Globalization;
using System.Net;
using System.Text;
using Netpact.Reports.Html;

namespace Netpact.Serve;

/// <summary>The page served at '/': what the latest run found, in plain HTML.</summary>
public static class StatusPage
{
    /// <summary>
    /// The one place that renders '/': the HTML report of the latest run (as 'netpact report' draws it: graph, heat
    /// map, lint and verify findings); a plain summary before the first run, or while the manifests cannot be read.
    /// </summary>
    public static string Render(ServeState state, ServeConfig config)
    {
        var report = state.Latest.Report;
        if (report?.Page is { } page) return HtmlReport.Write(page);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>netpact serve</title></head><body>\n");
        html.Append("<h1>netpact serve</h1>\n");
        html.Append(CultureInfo.InvariantCulture, $"<p>Watching {E(string.Join(", ", config.Manifests))} every {config.Interval.TotalSeconds:0.###} s. Metrics at <a href=\"/metrics\">/metrics</a>.</p>\n");
        if (report is null)
        {
            html.Append("<p>The first run has not finished yet.</p>\n</body></html>\n");
            return html.ToString();
        }
        html.Append(CultureInfo.InvariantCulture,
            $"<p>Last run: {report.Started.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC, {report.Duration.TotalSeconds:0.###} s, {(report.Succeeded ? "succeeded" : "failed")}; {state.Runs} runs, {state.SkippedTicks} skipped ticks.</p>\n");
        if (!report.Errors.IsEmpty)
        {
            html.Append("<h2>Errors</h2>\n<ul>\n");
            foreach (var e in report.Errors) html.Append(CultureInfo.InvariantCulture, $"<li>{E(e.Stage)}: {E(e.Message)}</li>\n");
            html.Append("</ul>\n");
        }
        if (report.Isolation is { } iso)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<h2>Analysis</h2>\n<p>{iso.Workloads} workloads in {iso.Namespaces} namespaces, {iso.AllowedConnections} allowed connections; without policy: {iso.WorkloadsWithoutIngressPolicy} (ingress), {iso.WorkloadsWithoutEgressPolicy} (egress); namespaces without default deny: {iso.NamespacesWithoutDefaultDenyIngress} (ingress), {iso.NamespacesWithoutDefaultDenyEgress} (egress).</p>\n");
        }
        if (report.Lint is { } lint)
        {
            html.Append("<h2>Lint</h2>\n<table><tr><th>rule</th><th>severity</th><th>findings</th></tr>\n");
            foreach (var g in lint.Active.GroupBy(f => f.Rule.Id).OrderBy(g => g.Key, StringComparer.Ordinal))
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(g.Key)}</td><td>{E(g.First().Severity.ToString().ToLowerInvariant())}</td><td>{g.Count()}</td></tr>\n");
            html.Append("</table>\n");
        }
        if (report.IntentName is { } intent)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h2>Verify against {E(intent)}</h2>\n<table><tr><th>target</th><th>intended</th><th>extra</th><th>missing</th><th>over-permissive rules</th></tr>\n");
            foreach (var v in report.Verifications)
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(v.Target)}</td><td>{v.Intended}</td><td>{v.Extra.Length}</td><td>{v.Missing.Length}</td><td>{v.OverPermissive.Length}</td></tr>\n");
            html.Append("</table>\n");
        }
        if (report.Audit is { } audit)
        {
            html.Append("<h2>Audit</h2>\n<ul>\n");
            foreach (var e in audit.Endpoints) html.Append(CultureInfo.InvariantCulture, $"<li>{E(e.Name)}: {e.Findings.Count(f => f.IsProblem)} problems</li>\n");
            html.Append("</ul>\n");
        }
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
