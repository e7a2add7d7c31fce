using System.Collections.Immutable;
using System.Globalization;
using Netpact.Kubernetes;
using Netpact.Model;
using Netpact.Sources.Yaml;

namespace Netpact.Istio;

/// <summary>
/// Reads Istio AuthorizationPolicies and PeerAuthentications (security.istio.io, any version) from YAML
/// or JSON. Other objects are skipped. What netpact reads at L4 only (HTTP fields, when conditions,
/// addresses) is read and flagged, so the evaluation can apply Istio's TCP semantics to it.
/// </summary>
public static class IstioReader
{
    private static readonly string[] SourceKeys =
        ["principals", "notPrincipals", "namespaces", "notNamespaces", "ipBlocks", "notIpBlocks",
         "remoteIpBlocks", "notRemoteIpBlocks", "requestPrincipals", "notRequestPrincipals"];

    private static readonly string[] OperationKeys =
        ["ports", "notPorts", "hosts", "notHosts", "methods", "notMethods", "paths", "notPaths"];

    public static IstioReadResult ReadText(string text, string file = "<input>") => Read([(file, text)]);

    public static IstioReadResult Read(IEnumerable<(string File, string Text)> files, string rootNamespace = IstioConfig.DefaultRootNamespace)
    {
        var diagnostics = new List<Diagnostic>();
        var policies = new List<AuthorizationPolicy>();
        var peers = new List<PeerAuthentication>();
        foreach (var (file, text) in files)
        {
            foreach (var doc in YamlDocuments.Parse(file, text, diagnostics))
            {
                try
                {
                    ReadObject(doc.Nodes, doc.Root, policies, peers, diagnostics);
                }
                catch (InputError e)
                {
                    diagnostics.Add(e.Diagnostic);
                }
            }
        }
        foreach (var group in policies.GroupBy(p => p.Id).Where(g => g.Count() > 1))
        {
            foreach (var p in group.Skip(1))
                diagnostics.Add(Diagnostic.Error(p.Span, $"AuthorizationPolicy {group.Key} is defined twice (first at {group.First().Span}); remove one or rename it"));
        }
        return new IstioReadResult(new IstioConfig([.. policies], [.. peers], rootNamespace), [.. diagnostics]);
    }

    private static void ReadObject(LocatedYaml y, YamlValue node, List<AuthorizationPolicy> policies, List<PeerAuthentication> peers, List<Diagnostic> diagnostics)
    {
        if (node is not YamlMapping root) return;
        var kind = y.String(root, "kind", "a manifest");
        var apiVersion = y.String(root, "apiVersion", "a manifest") ?? "";
        if (kind == "List")
        {
            foreach (var item in y.Sequence(root, "items", "a List")?.Children ?? [])
            {
                try { ReadObject(y, item, policies, peers, diagnostics); }
                catch (InputError e) { diagnostics.Add(e.Diagnostic); }
            }
            return;
        }
        if (kind is not ("AuthorizationPolicy" or "PeerAuthentication") || !apiVersion.StartsWith("security.istio.io/", StringComparison.Ordinal)) return;
        var metadata = y.Mapping(root, "metadata", kind) ?? throw y.Error(root, $"this {kind} has no metadata; add metadata.name and metadata.namespace");
        var name = y.String(metadata, "name", "metadata") is { Length: > 0 } n ? n : throw y.Error(metadata, $"this {kind} has no metadata.name; add one");
        var ns = y.String(metadata, "namespace", "metadata") is { Length: > 0 } s ? s : "default";
        var spec = y.Mapping(root, "spec", kind) ?? new YamlMapping();
        if (kind == "AuthorizationPolicy") policies.Add(ReadPolicy(y, root, spec, ns, name, diagnostics));
        else peers.Add(ReadPeerAuthentication(y, root, spec, ns, name));
    }

    private static AuthorizationPolicy ReadPolicy(LocatedYaml y, YamlMapping root, YamlMapping spec, string ns, string name, List<Diagnostic> diagnostics)
    {
        var what = $"AuthorizationPolicy {ns}/{name}";
        if (LocatedYaml.HasKey(spec, "targetRef") || LocatedYaml.HasKey(spec, "targetRefs"))
            throw y.Error(root, $"{what} attaches to a gateway or service (targetRef), which netpact does not model; it is skipped");
        var actionNode = y.Scalar(spec, "action", "spec");
        var action = (actionNode?.Value ?? "ALLOW") switch
        {
            "ALLOW" => AuthorizationAction.Allow,
            "DENY" => AuthorizationAction.Deny,
            "AUDIT" => AuthorizationAction.Audit,
            "CUSTOM" => AuthorizationAction.Custom,
            var other => throw y.Error(actionNode!, $"'{other}' is not an action: use ALLOW, DENY, AUDIT or CUSTOM"),
        };
        if (action == AuthorizationAction.Custom)
        {
            diagnostics.Add(Diagnostic.Warning(y.Span(actionNode!),
                $"{what} delegates to an external authorizer (CUSTOM), whose decisions netpact cannot know; it is read as allowing everything"));
        }
        var rules = ImmutableArray.CreateBuilder<AuthorizationRule>();
        foreach (var ruleNode in y.Sequence(spec, "rules", "spec")?.Children ?? [])
        {
            var rule = LocatedYaml.IsNull(ruleNode) ? new YamlMapping() : y.AsMapping(ruleNode, "a rule");
            var from = ImmutableArray.CreateBuilder<RuleSource>();
            foreach (var entry in y.Sequence(rule, "from", "a rule")?.Children ?? [])
            {
                var source = y.Mapping(y.AsMapping(entry, "an entry of from"), "source", "an entry of from") ?? new YamlMapping();
                from.Add(ReadSource(y, source, what, diagnostics));
            }
            var to = ImmutableArray.CreateBuilder<RuleOperation>();
            foreach (var entry in y.Sequence(rule, "to", "a rule")?.Children ?? [])
            {
                var operation = y.Mapping(y.AsMapping(entry, "an entry of to"), "operation", "an entry of to") ?? new YamlMapping();
                to.Add(ReadOperation(y, operation, what, diagnostics));
            }
            var when = y.Sequence(rule, "when", "a rule");
            var hasWhen = when is { Children.Length: > 0 };
            if (hasWhen)
            {
                diagnostics.Add(Diagnostic.Warning(y.Span(when!), $"netpact does not evaluate 'when' conditions; at L4 this rule of {what} is read as " +
                    (action == AuthorizationAction.Deny ? "if they always held" : "matching nothing")));
            }
            rules.Add(new AuthorizationRule(from.ToImmutable(), to.ToImmutable(), hasWhen, y.Span(ruleNode)));
        }
        return new AuthorizationPolicy(ns, name, Selector(y, spec), action, rules.ToImmutable(), y.Span(root));
    }

    /// <summary>selector.matchLabels; null when absent or empty, which selects every workload in scope.</summary>
    private static ImmutableSortedDictionary<string, string>? Selector(LocatedYaml y, YamlMapping spec)
    {
        var selector = y.Mapping(spec, "selector", "spec");
        if (selector is null) return null;
        var labels = y.Labels(selector, "matchLabels", "selector");
        return labels.Count == 0 ? null : labels.ToImmutableSortedDictionary(StringComparer.Ordinal);
    }

    private static RuleSource ReadSource(LocatedYaml y, YamlMapping source, string what, List<Diagnostic> diagnostics)
    {
        Unknown(y, source, SourceKeys, "a source", diagnostics);
        var ipBlocks = Cidrs(y, source, "ipBlocks").AddRange(Cidrs(y, source, "remoteIpBlocks"));
        var notIpBlocks = Cidrs(y, source, "notIpBlocks").AddRange(Cidrs(y, source, "notRemoteIpBlocks"));
        var notPrincipals = Strings(y, source, "notPrincipals");
        // notPrincipals "*" keeps out every caller with an identity, so the addresses only concern callers outside the mesh.
        if (ipBlocks.Concat(notIpBlocks).Any(c => c.PrefixLength != 0) && !notPrincipals.Contains("*"))
        {
            diagnostics.Add(Diagnostic.Warning(y.Span(source),
                $"netpact knows workloads in the mesh by identity, not by address: in {what}, address blocks other than 0.0.0.0/0 and ::/0 are read as matching no workload"));
        }
        var http = LocatedYaml.HasKey(source, "requestPrincipals") || LocatedYaml.HasKey(source, "notRequestPrincipals");
        if (http) HttpOnlyWarning(y, source, what, diagnostics);
        return new RuleSource(
            Strings(y, source, "principals"), notPrincipals,
            Strings(y, source, "namespaces"), Strings(y, source, "notNamespaces"),
            ipBlocks, notIpBlocks, http, y.Span(source));
    }

    private static RuleOperation ReadOperation(LocatedYaml y, YamlMapping operation, string what, List<Diagnostic> diagnostics)
    {
        Unknown(y, operation, OperationKeys, "an operation", diagnostics);
        var ports = Ports(y, operation, "ports");
        var http = OperationKeys.Skip(2).Any(k => LocatedYaml.HasKey(operation, k));
        if (http) HttpOnlyWarning(y, operation, what, diagnostics);
        return new RuleOperation(ports, Ports(y, operation, "notPorts") ?? PortSet.Empty, http, y.Span(operation));
    }

    private static void HttpOnlyWarning(LocatedYaml y, YamlMapping node, string what, List<Diagnostic> diagnostics) =>
        diagnostics.Add(Diagnostic.Warning(y.Span(node),
            $"{what} uses HTTP-only fields: on a port declared TCP an ALLOW rule with them matches nothing and a DENY rule ignores them; " +
            "where HTTP is possible they decide request by request, and netpact counts the port open (a named approximation)"));

    private static void Unknown(LocatedYaml y, YamlMapping map, string[] known, string what, List<Diagnostic> diagnostics)
    {
        foreach (var key in map.Keys.OfType<YamlScalar>().Where(k => !known.Contains(k.Value)))
        {
            diagnostics.Add(Diagnostic.Warning(y.Span(key),
                $"'{key.Value}' is not a field of {what}; Istio drops unknown fields, so this entry matches more than it seems to. Known fields: {string.Join(", ", known)}"));
        }
    }

    private static ImmutableArray<string> Strings(LocatedYaml y, YamlMapping map, string key) =>
        [.. (y.Sequence(map, key, "a rule")?.Children ?? []).Select(n => (n as YamlScalar)?.Value ?? throw y.Error(n, $"entries of '{key}' must be strings"))];

    private static ImmutableArray<Cidr> Cidrs(LocatedYaml y, YamlMapping map, string key) =>
        [.. (y.Sequence(map, key, "a source")?.Children ?? []).Select(n =>
        {
            var text = (n as YamlScalar)?.Value ?? throw y.Error(n, $"entries of '{key}' must be addresses or CIDRs");
            if (!text.Contains('/')) text += text.Contains(':') ? "/128" : "/32";
            return Cidr.TryParse(text, out var error, out _) ?? throw y.Error(n, $"'{text}' in {key}: {error}");
        })];

    /// <summary>Ports as Istio writes them: strings (or numbers) of single ports; null when the field is absent.</summary>
    private static PortSet? Ports(LocatedYaml y, YamlMapping map, string key)
    {
        var list = y.Sequence(map, key, "an operation");
        if (list is null) return null;
        var set = PortSet.Empty;
        foreach (var n in list.Children)
        {
            var text = (n as YamlScalar)?.Value;
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
                throw y.Error(n, $"'{text}' in {key} is not a port: Istio takes single ports 1-65535, written as strings such as \"8080\"");
            set = set.Union(PortSet.Single(port));
        }
        return list.Children.Length == 0 ? null : set;
    }

    private static PeerAuthentication ReadPeerAuthentication(LocatedYaml y, YamlMapping root, YamlMapping spec, string ns, string name)
    {
        var mode = Mode(y, y.Mapping(spec, "mtls", "spec"));
        var ports = ImmutableSortedDictionary.CreateBuilder<int, MtlsMode>();
        foreach (var (key, value) in y.Mapping(spec, "portLevelMtls", "spec")?.Children ?? Enumerable.Empty<KeyValuePair<YamlValue, YamlValue>>())
        {
            var text = (key as YamlScalar)?.Value;
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
                throw y.Error(key, $"'{text}' in portLevelMtls is not a port (1-65535)");
            ports[port] = Mode(y, y.AsMapping(value, $"portLevelMtls {port}"));
        }
        return new PeerAuthentication(ns, name, Selector(y, spec), mode, ports.ToImmutable(), y.Span(root));
    }

    private static MtlsMode Mode(LocatedYaml y, YamlMapping? mtls)
    {
        var node = mtls is null ? null : y.Scalar(mtls, "mode", "mtls");
        return (node?.Value ?? "UNSET") switch
        {
            "UNSET" => MtlsMode.Unset,
            "DISABLE" => MtlsMode.Disable,
            "PERMISSIVE" => MtlsMode.Permissive,
            "STRICT" => MtlsMode.Strict,
            var other => throw y.Error(node!, $"'{other}' is not an mTLS mode: use STRICT, PERMISSIVE, DISABLE or UNSET"),
        };
    }
}
