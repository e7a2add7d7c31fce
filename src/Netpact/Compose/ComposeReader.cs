using System.Collections.Immutable;
using Netpact.Kubernetes;
using Netpact.Model;
using Netpact.Sources.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Netpact.Compose;

/// <summary>
/// Reads the network facts of a Compose file: services, their networks or network_mode, published ports, and
/// the top-level networks (internal, enable_icc). Everything else in the file (images, volumes, ...) is ignored.
/// </summary>
public static class ComposeReader
{
    public const string DefaultNetwork = "default";

    /// <summary>Docker's own bridge network, outside the project, which network_mode: bridge joins.</summary>
    public const string DockerBridge = "bridge";

    public static ComposeReadResult ReadText(string text, string file)
    {
        var diagnostics = new List<Diagnostic>();
        var root = Load(text, file, diagnostics);
        if (root is null) return new ComposeReadResult(null, [.. diagnostics]);
        var project = new Reader(new LocatedYaml(file), diagnostics).Read(root);
        return new ComposeReadResult(project, [.. diagnostics]);
    }

    /// <summary>
    /// The file's one document. Syntax and shape problems are found by the manifest parser; Compose files
    /// commonly share settings through YAML merge keys ('&lt;&lt;: *common'), which Compose expands, so here they
    /// are expanded too instead of refused.
    /// </summary>
    private static YamlValue? Load(string text, string file, List<Diagnostic> diagnostics)
    {
        var found = new List<Diagnostic>();
        var docs = YamlDocuments.Parse(file, text, found);
        var mergeKeys = found.Count > 0 && found.All(d => d.Message.Contains("YAML merge keys", StringComparison.Ordinal));
        if (found.Count > 0 && !mergeKeys)
        {
            diagnostics.AddRange(found);
            return null;
        }
        if (mergeKeys)
        {
            var stream = new YamlStream();
            try
            {
                stream.Load(new MergingParser(new Parser(new StringReader(text))));
            }
            catch (YamlException e)
            {
                diagnostics.Add(YamlSyntaxErrors.Describe(file, text, e));
                return null;
            }
            docs = [.. stream.Documents.Select(d => YamlDotNetTree.Convert(d.RootNode)).Where(root => !LocatedYaml.IsNull(root)).Select(root => new LocatedDocument(new LocatedYaml(file), root))];
        }
        if (docs.Count != 1)
        {
            diagnostics.Add(Diagnostic.Error(new SourceSpan(file, 1, 1), docs.Count == 0
                ? "the Compose file is empty; it needs at least 'services:'"
                : "the Compose file holds several YAML documents; Compose reads one per file, so split them into files"));
            return null;
        }
        return docs[0].Root;
    }

    private sealed class Reader(LocatedYaml y, List<Diagnostic> diagnostics)
    {
        private T? Try<T>(Func<T?> read) where T : class
        {
            try
            {
                return read();
            }
            catch (InputError e)
            {
                diagnostics.Add(e.Diagnostic);
                return null;
            }
        }

        public ComposeProject? Read(YamlValue rootNode)
        {
            if (rootNode is not YamlMapping root)
            {
                diagnostics.Add(Diagnostic.Error(y.Span(rootNode), "a Compose file is a mapping with 'services:' (and usually 'networks:')"));
                return null;
            }
            var name = Try(() => y.String(root, "name", "the Compose file"));
            var networks = new List<ComposeNetwork>();
            var networksNode = Try(() => y.Mapping(root, "networks", "the Compose file"));
            foreach (var (key, value) in networksNode?.Children ?? Enumerable.Empty<KeyValuePair<YamlValue, YamlValue>>())
            {
                if (Try(() => ReadNetwork(key, value)) is { } network) networks.Add(network);
            }
            var services = new List<ComposeService>();
            var servicesNode = Try(() => y.Mapping(root, "services", "the Compose file"));
            if (servicesNode is null && !LocatedYaml.HasKey(root, "services"))
                diagnostics.Add(Diagnostic.Warning(y.Span(root), "this Compose file declares no 'services:', so it connects nothing"));
            foreach (var (key, value) in servicesNode?.Children ?? Enumerable.Empty<KeyValuePair<YamlValue, YamlValue>>())
            {
                if (Try(() => ReadService(key, value)) is { } service) services.Add(service);
            }
            Check(services, networks);
            // Compose creates the project's default network, a bridge with a route outside, for services naming none;
            // Docker's own bridge exists on every host. Neither needs declaring.
            foreach (var (mode, implicitName) in new[] { (ComposeNetworkMode.Networks, DefaultNetwork), (ComposeNetworkMode.Bridge, DockerBridge) })
            {
                var first = services.FirstOrDefault(s => s.Mode == mode && s.Networks.Any(n => n.Name == implicitName));
                if (first is not null && !networks.Any(n => n.Name == implicitName))
                    networks.Add(new ComposeNetwork(implicitName, false, true, false, first.Networks.First(n => n.Name == implicitName).Span));
            }
            return new ComposeProject(y.File, name, [.. services], [.. networks]);
        }

        private ComposeNetwork ReadNetwork(YamlValue key, YamlValue value)
        {
            var name = (key as YamlScalar)?.Value ?? throw y.Error(key, "a network's name must be a string");
            if (LocatedYaml.IsNull(value)) return new ComposeNetwork(name, false, true, true, y.Span(key));
            var map = y.AsMapping(value, $"network '{name}'");
            var isInternal = Bool(map, "internal", $"network '{name}'") ?? false;
            var icc = true;
            if (y.Mapping(map, "driver_opts", $"network '{name}'") is { } opts
                && y.Scalar(opts, "com.docker.network.bridge.enable_icc", $"driver_opts of network '{name}'") is { } iccNode)
            {
                icc = iccNode.Value is not ("false" or "0");
            }
            return new ComposeNetwork(name, isInternal, icc, true, y.Span(key));
        }

        private ComposeService ReadService(YamlValue key, YamlValue value)
        {
            var name = (key as YamlScalar)?.Value ?? throw y.Error(key, "a service's name must be a string");
            var what = $"service '{name}'";
            var map = LocatedYaml.IsNull(value) ? new YamlMapping() : y.AsMapping(value, what);
            var mode = ComposeNetworkMode.Networks;
            string? target = null;
            var modeNode = y.Scalar(map, "network_mode", what);
            if (modeNode?.Value is { } modeText)
            {
                (mode, target) = modeText switch
                {
                    "host" => (ComposeNetworkMode.Host, null),
                    "none" => (ComposeNetworkMode.None, null),
                    "bridge" => (ComposeNetworkMode.Bridge, null),
                    _ when modeText.StartsWith("service:", StringComparison.Ordinal) => (ComposeNetworkMode.Service, modeText["service:".Length..]),
                    _ when modeText.StartsWith("container:", StringComparison.Ordinal) => (ComposeNetworkMode.Container, modeText["container:".Length..]),
                    _ => throw y.Error(modeNode, $"network_mode '{modeText}' is not one Compose knows: use host, none, bridge, service:NAME or container:NAME"),
                };
                if (LocatedYaml.Child(map, "networks") is { } both)
                    throw y.Error(both, $"{what} sets both network_mode and networks, which Compose refuses; keep one");
            }
            var networks = ImmutableArray.CreateBuilder<ComposeNetworkRef>();
            if (mode == ComposeNetworkMode.Networks)
            {
                switch (LocatedYaml.Child(map, "networks"))
                {
                    case null:
                        break;
                    case YamlSequence list:
                        foreach (var item in list.Children)
                        {
                            var n = item as YamlScalar ?? throw y.Error(item, $"entries of 'networks' of {what} must be network names");
                            networks.Add(new ComposeNetworkRef(n.Value ?? "", y.Span(n)));
                        }
                        break;
                    case YamlMapping byName:
                        foreach (var (k, _) in byName.Children)
                        {
                            var n = k as YamlScalar ?? throw y.Error(k, $"keys of 'networks' of {what} must be network names");
                            networks.Add(new ComposeNetworkRef(n.Value ?? "", y.Span(n)));
                        }
                        break;
                    case var other:
                        throw y.Error(other, $"'networks' of {what} must be a list of network names or a mapping by network name");
                }
                if (networks.Count == 0) networks.Add(new ComposeNetworkRef(DefaultNetwork, y.Span(key)));
            }
            if (mode == ComposeNetworkMode.Bridge) networks.Add(new ComposeNetworkRef(DockerBridge, y.Span(modeNode!)));
            var ports = ImmutableArray.CreateBuilder<ComposePublishedPort>();
            foreach (var item in y.Sequence(map, "ports", what)?.Children ?? [])
            {
                if (Try(() => ReadPort(item, what)) is { } port) ports.Add(port);
            }
            return new ComposeService(name, mode, target, networks.ToImmutable(), ports.ToImmutable(), y.Span(key));
        }

        private ComposePublishedPort ReadPort(YamlValue node, string what)
        {
            if (node is YamlScalar scalar)
            {
                var text = scalar.Value ?? "";
                var parsed = ComposePortSyntax.Parse(text, out var error) ?? throw y.Error(node, error!);
                return new ComposePublishedPort(text, parsed.Protocol, parsed.ContainerPorts, parsed.HostIp, y.Span(node));
            }
            var map = y.AsMapping(node, $"a port of {what}");
            var targetNode = y.Scalar(map, "target", $"a port of {what}") ?? throw y.Error(map, $"a port of {what} in the long syntax needs 'target' (the container port)");
            var target = ComposePortSyntax.Ports(targetNode.Value ?? "") ?? throw y.Error(targetNode, $"'{targetNode.Value}' is not a container port or range (1-65535)");
            var protocol = Protocol.TCP;
            if (y.Scalar(map, "protocol", $"a port of {what}") is { } protocolNode)
                protocol = ComposePortSyntax.ProtocolOf(protocolNode.Value ?? "") ?? throw y.Error(protocolNode, $"'{protocolNode.Value}' is not a protocol Compose publishes: use tcp, udp or sctp");
            var hostIp = y.Scalar(map, "host_ip", $"a port of {what}");
            if (hostIp?.Value is { Length: > 0 } ip && ComposePortSyntax.HostAddress(ip) is null)
                throw y.Error(hostIp, $"'{ip}' is not an IP address to bind to");
            var described = $"{targetNode.Value}/{protocol.ToString().ToLowerInvariant()}" + (hostIp?.Value is { Length: > 0 } h ? $" on {h}" : "");
            return new ComposePublishedPort(described, protocol, target, hostIp?.Value is { Length: > 0 } bound ? bound : null, y.Span(node));
        }

        private void Check(List<ComposeService> services, List<ComposeNetwork> networks)
        {
            foreach (var s in services)
            {
                foreach (var n in s.Mode == ComposeNetworkMode.Networks ? s.Networks : [])
                {
                    if (n.Name != DefaultNetwork && !networks.Any(d => d.Name == n.Name))
                        diagnostics.Add(Diagnostic.Error(n.Span, $"service '{s.Name}' joins network '{n.Name}', which is not declared under the top-level 'networks:'; declare it (Compose refuses the file otherwise)"));
                }
                if (s.Mode == ComposeNetworkMode.Service && !services.Any(o => o.Name == s.ModeTarget))
                    diagnostics.Add(Diagnostic.Error(s.Span, $"service '{s.Name}' uses network_mode 'service:{s.ModeTarget}', but there is no service '{s.ModeTarget}' in this file"));
                if (s.Mode == ComposeNetworkMode.Container)
                    diagnostics.Add(Diagnostic.Warning(s.Span, $"service '{s.Name}' joins the network of container '{s.ModeTarget}', which is outside this file; netpact cannot see what it reaches and counts it as connected to nothing"));
            }
        }

        private bool? Bool(YamlMapping map, string key, string what)
        {
            var node = y.Scalar(map, key, what);
            return node?.Value switch
            {
                null => null,
                "true" or "True" or "TRUE" => true,
                "false" or "False" or "FALSE" => false,
                _ => throw y.Error(node, $"'{key}' of {what} must be true or false"),
            };
        }
    }
}
