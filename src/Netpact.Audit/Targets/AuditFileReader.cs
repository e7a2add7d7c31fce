using Netpact.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

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
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Error(builder, new SourceSpan(path, 0, 0), $"cannot read the audit file: {e.Message}");
            return;
        }
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            Error(builder, new SourceSpan(path, (int)e.Start.Line, (int)e.Start.Column), $"not valid YAML: {e.Message}");
            return;
        }
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            Error(builder, new SourceSpan(path, 1, 1), "an audit file is one YAML mapping starting with 'apiVersion: netpact/v1' and 'kind: Audit'");
            return;
        }
        var dir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        SourceSpan At(YamlNode node) => new(path, (int)node.Start.Line, (int)node.Start.Column);
        string? Scalar(YamlMappingNode map, string key) =>
            map.Children.TryGetValue(new YamlScalarNode(key), out var v) ? (v as YamlScalarNode)?.Value ?? Bad(v, $"'{key}' must be a single value") : null;
        string? Bad(YamlNode node, string message)
        {
            Error(builder, At(node), message);
            return null;
        }
        IEnumerable<(string Value, YamlNode Node)> ScalarsOf(YamlMappingNode map, string key)
        {
            if (!map.Children.TryGetValue(new YamlScalarNode(key), out var v)) yield break;
            if (v is YamlScalarNode s && s.Value is not null) yield return (s.Value, s);
            else if (v is YamlSequenceNode seq)
            {
                foreach (var item in seq)
                {
                    if (item is YamlScalarNode i && i.Value is not null) yield return (i.Value, i);
                    else Bad(item, $"each entry of '{key}' must be a single value");
                }
            }
            else Bad(v, $"'{key}' must be a value or a list of values");
        }

        var known = new HashSet<string> { "apiVersion", "kind", "metadata", "intent", "ca", "resolve", "endpoints", "hosts" };
        foreach (var key in root.Children.Keys.OfType<YamlScalarNode>().Where(k => !known.Contains(k.Value ?? "")))
            Bad(key, $"unknown field '{key.Value}'; an audit file has {string.Join(", ", known)}");
        if (Scalar(root, "apiVersion") != "netpact/v1") Bad(root, "apiVersion must be netpact/v1");
        if (Scalar(root, "kind") != "Audit") Bad(root, "kind must be Audit");
        foreach (var (value, node) in ScalarsOf(root, "resolve")) builder.AddResolve(value, At(node));
        if (root.Children.TryGetValue(new YamlScalarNode("ca"), out var caNode) && caNode is YamlScalarNode { Value: { } ca })
            builder.AddTrustAnchors(Path.Combine(dir, ca), At(caNode));
        if (root.Children.TryGetValue(new YamlScalarNode("intent"), out var intentNode) && intentNode is YamlScalarNode { Value: { } intent })
            builder.UseIntent(Path.Combine(dir, intent), At(intentNode));

        if (root.Children.TryGetValue(new YamlScalarNode("endpoints"), out var endpoints))
        {
            if (endpoints is not YamlSequenceNode list) Bad(endpoints, "'endpoints' must be a list");
            else
            {
                foreach (var item in list)
                {
                    if (item is not YamlMappingNode e)
                    {
                        Bad(item, "each endpoint is a mapping with tls:, http:, profile: or workload:");
                        continue;
                    }
                    foreach (var key in e.Children.Keys.OfType<YamlScalarNode>().Where(k => k.Value is not ("name" or "tls" or "http" or "profile" or "workload")))
                        Bad(key, $"unknown endpoint field '{key.Value}'; use name, tls, http, profile, workload");
                    var profileText = Scalar(e, "profile");
                    var profile = profileText is null ? null : AuditPlanBuilder.ParseProfile(profileText);
                    if (profileText is not null && profile is null) Bad(e.Children[new YamlScalarNode("profile")], $"unknown profile '{profileText}'; use modern, intermediate or old");
                    var workload = Scalar(e, "workload");
                    foreach (var (value, node) in ScalarsOf(e, "tls")) builder.AddTls(value, At(node), profile, workload);
                    foreach (var (value, node) in ScalarsOf(e, "http")) builder.AddHttp(value, At(node), workload);
                    if (!e.Children.ContainsKey(new YamlScalarNode("tls")) && !e.Children.ContainsKey(new YamlScalarNode("http")))
                        Bad(e, "an endpoint needs tls: HOST:PORT or http: URL");
                }
            }
        }
        if (root.Children.TryGetValue(new YamlScalarNode("hosts"), out var hosts))
        {
            if (hosts is not YamlSequenceNode list) Bad(hosts, "'hosts' must be a list");
            else
            {
                foreach (var item in list)
                {
                    if (item is not YamlMappingNode h || Scalar(h, "host") is not { } host)
                    {
                        Bad(item, "each host is a mapping with host:, ports: and optionally allowed:");
                        continue;
                    }
                    var ports = string.Join(",", ScalarsOf(h, "ports").Select(p => p.Value));
                    if (ports.Length == 0) Bad(h, $"host {host} needs ports: to scan (for example 1-65535)");
                    else builder.AddPorts($"{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{ports}", At(h));
                    if (h.Children.ContainsKey(new YamlScalarNode("allowed")))
                        builder.AddAllowed(host, string.Join(",", ScalarsOf(h, "allowed").Select(p => p.Value)), At(h));
                }
            }
        }
    }

    private static void Error(AuditPlanBuilder builder, SourceSpan span, string message) => builder.AddDiagnostic(Diagnostic.Error(span, message));
}
