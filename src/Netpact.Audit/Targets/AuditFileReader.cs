using Netpact.Model;
using Netpact.Sources;
using Netpact.Sources.Yaml;

namespace Netpact.Audit.Targets;

/// <summary>
/// Reads an audit file (apiVersion netpact/v1, kind Audit): endpoints with their expected profile or
/// intent workload, hosts with the ports to scan and the ports allowed open, --resolve pins, a CA file
/// and an intent. Paths are relative to the audit file.
/// </summary>
internal static class AuditFileReader
{
    public static void Read(string path, AuditPlanBuilder builder)
    {
        var diagnostics = new List<Diagnostic>();
        var text = InputFiles.ReadText(path, diagnostics, "the audit file");
        // Sources' reader: located nodes, and the nesting guard (YamlDotNet alone overflows the stack on deep nesting).
        var documents = text is null ? [] : YamlDocuments.Parse(path, text, diagnostics);
        foreach (var d in diagnostics)
            builder.AddDiagnostic(text is null ? d : d with { Message = $"not valid YAML: {d.Message}" });
        if (diagnostics.Count > 0) return;
        if (documents.Count != 1 || documents[0].Root is not YamlMapping root)
        {
            Error(builder, new SourceSpan(path, 1, 1), "an audit file is one YAML mapping starting with 'apiVersion: netpact/v1' and 'kind: Audit'");
            return;
        }
        var nodes = documents[0].Nodes;
        var dir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        SourceSpan At(YamlValue node) => nodes.Span(node);
        string? Scalar(YamlMapping map, string key) =>
            Get(map, key) is { } v ? (v as YamlScalar)?.Value ?? Bad(v, $"'{key}' must be a single value") : null;
        string? Bad(YamlValue node, string message)
        {
            Error(builder, At(node), message);
            return null;
        }
        IEnumerable<(string Value, YamlValue Node)> ScalarsOf(YamlMapping map, string key)
        {
            if (Get(map, key) is not { } v) yield break;
            if (v is YamlScalar s) yield return (s.Value, s);
            else if (v is YamlSequence seq)
            {
                foreach (var item in seq.Children)
                {
                    if (item is YamlScalar i) yield return (i.Value, i);
                    else Bad(item, $"each entry of '{key}' must be a single value");
                }
            }
            else Bad(v, $"'{key}' must be a value or a list of values");
        }

        var known = new HashSet<string> { "apiVersion", "kind", "metadata", "intent", "ca", "resolve", "dns", "endpoints", "hosts" };
        foreach (var key in root.Keys.OfType<YamlScalar>().Where(k => !known.Contains(k.Value ?? "")))
            Bad(key, $"unknown field '{key.Value}'; an audit file has {string.Join(", ", known)}");
        if (Scalar(root, "apiVersion") != "netpact/v1") Bad(root, "apiVersion must be netpact/v1");
        if (Scalar(root, "kind") != "Audit") Bad(root, "kind must be Audit");
        foreach (var (value, node) in ScalarsOf(root, "resolve")) builder.AddResolve(value, At(node));
        if (Get(root, "dns") is YamlScalar { Value: { } dns } dnsNode) builder.SetDns(dns, At(dnsNode));
        if (Get(root, "ca") is YamlScalar { Value: { } ca } caNode)
            builder.AddTrustAnchors(Path.Combine(dir, ca), At(caNode));
        if (Get(root, "intent") is YamlScalar { Value: { } intent } intentNode)
            builder.UseIntent(Path.Combine(dir, intent), At(intentNode));

        if (Get(root, "endpoints") is { } endpoints)
        {
            if (endpoints is not YamlSequence list) Bad(endpoints, "'endpoints' must be a list");
            else
            {
                foreach (var item in list.Children)
                {
                    if (item is not YamlMapping e)
                    {
                        Bad(item, "each endpoint is a mapping with tls:, http:, profile: or workload:");
                        continue;
                    }
                    foreach (var key in e.Keys.OfType<YamlScalar>().Where(k => k.Value is not ("name" or "tls" or "http" or "profile" or "workload")))
                        Bad(key, $"unknown endpoint field '{key.Value}'; use name, tls, http, profile, workload");
                    var profileText = Scalar(e, "profile");
                    var profile = profileText is null ? null : AuditPlanBuilder.ParseProfile(profileText);
                    if (profileText is not null && profile is null) Bad(Get(e, "profile")!, $"unknown profile '{profileText}'; use modern, intermediate or old");
                    var workload = Scalar(e, "workload");
                    foreach (var (value, node) in ScalarsOf(e, "tls")) builder.AddTls(value, At(node), profile, workload);
                    foreach (var (value, node) in ScalarsOf(e, "http")) builder.AddHttp(value, At(node), workload);
                    if (Get(e, "tls") is null && Get(e, "http") is null)
                        Bad(e, "an endpoint needs tls: HOST:PORT or http: URL");
                }
            }
        }
        if (Get(root, "hosts") is { } hosts)
        {
            if (hosts is not YamlSequence list) Bad(hosts, "'hosts' must be a list");
            else
            {
                foreach (var item in list.Children)
                {
                    if (item is not YamlMapping h || Scalar(h, "host") is not { } host)
                    {
                        Bad(item, "each host is a mapping with host:, ports: and optionally allowed:");
                        continue;
                    }
                    var ports = string.Join(",", ScalarsOf(h, "ports").Select(p => p.Value));
                    if (ports.Length == 0) Bad(h, $"host {host} needs ports: to scan (for example 1-65535)");
                    else builder.AddPorts($"{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{ports}", At(h));
                    if (Get(h, "allowed") is not null)
                        builder.AddAllowed(host, string.Join(",", ScalarsOf(h, "allowed").Select(p => p.Value)), At(h));
                }
            }
        }
    }

    /// <summary>The value of a key as written (a null scalar too, unlike <see cref="LocatedYaml.Child"/>).</summary>
    private static YamlValue? Get(YamlMapping map, string key) =>
        map.Children.FirstOrDefault(entry => entry.Key is YamlScalar s && s.Value == key).Value;

    private static void Error(AuditPlanBuilder builder, SourceSpan span, string message) => builder.AddDiagnostic(Diagnostic.Error(span, message));
}
