using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Netpact.Kubernetes;
using Netpact.Model;
using YamlDotNet.RepresentationModel;

namespace Netpact.Intent;

/// <summary>The intent read from a file, and every problem found (all of them, not only the first).</summary>
public sealed record IntentReadResult(Intent? Intent, ImmutableArray<Diagnostic> Diagnostics)
{
    public bool HasErrors => Intent is null || Diagnostics.Any(d => d.Severity == Severity.Error);
}

/// <summary>Reads an intent file (apiVersion netpact/v1, kind Intent) and checks its shape and meaning.</summary>
public static partial class IntentReader
{
    public const string ApiVersion = "netpact/v1";

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    public static IntentReadResult ReadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new IntentReadResult(null, [Diagnostic.Error(new SourceSpan(path, 0, 0), $"cannot read the intent file: {e.Message}")]);
        }
        return ReadText(text, path);
    }

    public static IntentReadResult ReadText(string text, string file)
    {
        var diagnostics = new List<Diagnostic>();
        var docs = ManifestFiles.Parse(file, text, diagnostics);
        if (diagnostics.Count > 0) return new IntentReadResult(null, [.. diagnostics]);
        if (docs.Count != 1)
        {
            diagnostics.Add(Diagnostic.Error(new SourceSpan(file, 1, 1), docs.Count == 0
                ? "the intent file is empty; start it with 'apiVersion: netpact/v1' and 'kind: Intent'"
                : "the intent file holds several YAML documents; keep one Intent per file"));
            return new IntentReadResult(null, [.. diagnostics]);
        }
        var reader = new Reader(docs[0].Nodes, diagnostics);
        var intent = reader.Read(docs[0].Root);
        if (intent is not null) IntentValidator.Validate(intent, diagnostics);
        return new IntentReadResult(intent, [.. diagnostics]);
    }

    private sealed class Reader(YamlNodes y, List<Diagnostic> diagnostics)
    {
        private readonly HashSet<string> _zones = new(StringComparer.Ordinal);
        private readonly HashSet<string> _workloads = new(StringComparer.Ordinal);

        /// <summary>Runs one part; a problem in it is recorded and the rest goes on, so all problems are found.</summary>
        private T? Try<T>(Func<T?> read) where T : class
        {
            try
            {
                return read();
            }
            catch (ManifestError e)
            {
                diagnostics.Add(e.Diagnostic);
                return null;
            }
        }

        private void Keys(YamlMappingNode map, string what, params string[] allowed)
        {
            foreach (var key in map.Children.Keys)
            {
                var name = (key as YamlScalarNode)?.Value ?? "";
                if (!allowed.Contains(name))
                    diagnostics.Add(Diagnostic.Error(y.Span(key),
                        $"unknown field '{name}' in {what}; expected one of: {string.Join(", ", allowed)}"));
            }
        }

        private string Name(YamlNode key, string what)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!DnsLabel().IsMatch(name))
                throw y.Error(key, $"'{name}' is not a valid {what} name: use lowercase letters, digits and '-' (at most 63, starting and ending with a letter or digit)");
            return name;
        }

        public Intent? Read(YamlNode rootNode)
        {
            if (rootNode is not YamlMappingNode root)
            {
                diagnostics.Add(Diagnostic.Error(y.Span(rootNode), "the intent must be a mapping with apiVersion, kind, metadata, zones, workloads and flows"));
                return null;
            }
            Keys(root, "the intent", "apiVersion", "kind", "metadata", "zones", "workloads", "flows", "defaults", "targets");
            var apiVersion = Try(() => y.Scalar(root, "apiVersion", "the intent"));
            if (apiVersion?.Value != ApiVersion)
                diagnostics.Add(Diagnostic.Error(apiVersion is null ? y.Span(root) : y.Span(apiVersion),
                    $"apiVersion must be '{ApiVersion}'{(apiVersion is null ? "" : $", not '{apiVersion.Value}'")}"));
            var kind = Try(() => y.Scalar(root, "kind", "the intent"));
            if (kind?.Value != "Intent")
                diagnostics.Add(Diagnostic.Error(kind is null ? y.Span(root) : y.Span(kind), "kind must be 'Intent'"));

            var metadata = Try(() => y.Mapping(root, "metadata", "the intent"));
            var name = "intent";
            if (metadata is not null)
            {
                Keys(metadata, "metadata", "name", "description");
                name = Try(() => y.String(metadata, "name", "metadata")) ?? name;
            }

            var zones = ImmutableArray.CreateBuilder<Zone>();
            foreach (var (key, value) in Try(() => y.Mapping(root, "zones", "the intent"))?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>())
            {
                if (Try(() => ReadZone(key, value)) is { } zone)
                {
                    zones.Add(zone);
                    _zones.Add(zone.Name);
                }
            }
            if (zones.Count == 0)
                diagnostics.Add(Diagnostic.Error(y.Span(root), "the intent declares no zones; add 'zones:' with at least one zone (e.g. public, app, data)"));

            var workloads = ImmutableArray.CreateBuilder<IntentWorkload>();
            foreach (var (key, value) in Try(() => y.Mapping(root, "workloads", "the intent"))?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>())
            {
                if (Try(() => ReadWorkload(key, value)) is { } workload)
                {
                    workloads.Add(workload);
                    _workloads.Add(workload.Name);
                }
            }

            var flows = ImmutableArray.CreateBuilder<Flow>();
            var flowNodes = Try(() => y.Sequence(root, "flows", "the intent"))?.Children ?? [];
            for (var i = 0; i < flowNodes.Count; i++)
            {
                var index = i;
                if (Try(() => ReadFlow(flowNodes[index], index)) is { } flow) flows.Add(flow);
            }

            var defaults = Try(() => ReadDefaults(root)) ?? new IntentDefaults(true, null, y.Span(root));
            var targets = Try(() => ReadTargets(root)) ?? TargetOptions.Default;
            return new Intent(name, zones.ToImmutable(), workloads.ToImmutable(), flows.ToImmutable(), defaults, targets, y.Span(root));
        }

        private Zone ReadZone(YamlNode key, YamlNode value)
        {
            var name = Name(key, "zone");
            var map = YamlNodes.IsNull(value) ? new YamlMappingNode() : y.AsMapping(value, $"zone '{name}'");
            Keys(map, $"zone '{name}'", "namespace", "subnet", "internal", "isolatedFrom", "description");
            var ns = y.String(map, "namespace", $"zone '{name}'") ?? name;
            Cidr? subnet = null;
            if (y.Scalar(map, "subnet", $"zone '{name}'") is { } subnetNode)
            {
                subnet = Cidr.TryParse(subnetNode.Value ?? "", out var error, out var hostBits)
                         ?? throw y.Error(subnetNode, $"subnet of zone '{name}': {error}");
                if (hostBits) throw y.Error(subnetNode, $"subnet {subnetNode.Value} has host bits set; write {subnet}");
            }
            var isInternal = Bool(map, "internal", $"zone '{name}'") ?? true;
            var isolated = Strings(map, "isolatedFrom", $"zone '{name}'");
            return new Zone(name, ns, subnet, isInternal, isolated, y.String(map, "description", $"zone '{name}'"), y.Span(key));
        }

        private IntentWorkload ReadWorkload(YamlNode key, YamlNode value)
        {
            var name = Name(key, "workload");
            var what = $"workload '{name}'";
            var map = y.AsMapping(value, what);
            Keys(map, what, "zone", "namespace", "labels", "serviceAccount", "ports", "description");
            var zone = y.String(map, "zone", what) ?? throw y.Error(key, $"{what} needs a 'zone'");
            var labels = y.StringMap(map, "labels", what).ToImmutableSortedDictionary(StringComparer.Ordinal);
            if (labels.IsEmpty) labels = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("app", name)]);
            var ports = ImmutableArray.CreateBuilder<IntentPort>();
            foreach (var portNode in y.Sequence(map, "ports", what)?.Children ?? [])
            {
                if (Try(() => ReadPort(portNode, what)) is { } port) ports.Add(port);
            }
            return new IntentWorkload(name, zone, y.String(map, "namespace", what), labels,
                y.String(map, "serviceAccount", what) ?? name, ports.ToImmutable(), y.String(map, "description", what), y.Span(key));
        }

        private IntentPort ReadPort(YamlNode node, string what)
        {
            var map = y.AsMapping(node, $"a port of {what}");
            Keys(map, $"a port of {what}", "name", "port", "protocol");
            var port = y.Int(map, "port", $"a port of {what}") ?? throw y.Error(map, $"a port of {what} needs 'port' (1-65535)");
            if (port is < 1 or > 65535) throw y.Error(YamlNodes.Child(map, "port")!, $"port {port} is outside 1-65535");
            var protocol = NetworkPolicyReader.ReadProtocol(y, y.Scalar(map, "protocol", $"a port of {what}"));
            return new IntentPort(y.String(map, "name", $"a port of {what}"), port, protocol, y.Span(node));
        }

        private Flow ReadFlow(YamlNode node, int index)
        {
            var what = $"flow {index + 1}";
            var map = y.AsMapping(node, what);
            Keys(map, what, "name", "from", "to", "ports", "description");
            var from = End(y.Scalar(map, "from", what) ?? throw y.Error(map, $"{what} needs 'from' (a workload, a zone, 'internet' or a CIDR)"));
            var to = End(y.Scalar(map, "to", what) ?? throw y.Error(map, $"{what} needs 'to' (a workload, a zone, 'internet' or a CIDR)"));
            var ports = ImmutableArray.CreateBuilder<FlowPort>();
            foreach (var p in y.Sequence(map, "ports", what)?.Children ?? [])
            {
                if (Try(() => ReadFlowPort(p)) is { } port) ports.Add(port);
            }
            var name = y.String(map, "name", what) ?? $"{from.Text}-to-{to.Text}";
            return new Flow(name, from, to, ports.ToImmutable(), y.String(map, "description", what), y.Span(node));
        }

        private FlowEnd End(YamlScalarNode node)
        {
            var text = node.Value ?? "";
            if (text == "internet") return new FlowEnd(FlowEndKind.Internet, text, null, y.Span(node));
            if (text.Contains('/'))
            {
                var cidr = Cidr.TryParse(text, out var error, out var hostBits) ?? throw y.Error(node, $"invalid CIDR: {error}");
                if (hostBits) throw y.Error(node, $"{text} has host bits set; write {cidr}");
                return new FlowEnd(FlowEndKind.Cidr, text, cidr, y.Span(node));
            }
            if (_workloads.Contains(text)) return new FlowEnd(FlowEndKind.Workload, text, null, y.Span(node));
            if (_zones.Contains(text)) return new FlowEnd(FlowEndKind.Zone, text, null, y.Span(node));
            throw y.Error(node, $"'{text}' is neither a workload nor a zone of this intent, 'internet' or a CIDR" +
                                Suggest(text, _workloads.Concat(_zones)));
        }

        private static string Suggest(string text, IEnumerable<string> names)
        {
            var close = names.Where(n => n.Contains(text, StringComparison.Ordinal) || text.Contains(n, StringComparison.Ordinal)
                                         || Distance(n, text) <= 2).Order(StringComparer.Ordinal).ToList();
            return close.Count > 0 ? $"; did you mean {string.Join(" or ", close.Select(c => $"'{c}'"))}?" : "";
        }

        private static int Distance(string a, string b)
        {
            var d = new int[a.Length + 1, b.Length + 1];
            for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
            for (var j = 0; j <= b.Length; j++) d[0, j] = j;
            for (var i = 1; i <= a.Length; i++)
            {
                for (var j = 1; j <= b.Length; j++)
                {
                    d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                }
            }
            return d[a.Length, b.Length];
        }

        private FlowPort ReadFlowPort(YamlNode node)
        {
            var scalar = node as YamlScalarNode ?? throw y.Error(node, "a flow port is a port name of the destination ('http') or a number with an optional protocol ('5432', '53/UDP')");
            var text = scalar.Value ?? "";
            var parts = text.Split('/');
            if (parts[0].Length > 0 && parts[0].All(char.IsAsciiDigit))
            {
                if (!int.TryParse(parts[0], out var number) || number is < 1 or > 65535 || parts.Length > 2)
                    throw y.Error(node, $"'{text}' is not a port: use 1-65535 with an optional /TCP, /UDP or /SCTP");
                var protocol = parts.Length == 1 ? Protocol.TCP : parts[1] switch
                {
                    "TCP" => Protocol.TCP,
                    "UDP" => Protocol.UDP,
                    "SCTP" => Protocol.SCTP,
                    _ => throw y.Error(node, $"'{parts[1]}' is not a protocol: use TCP, UDP or SCTP"),
                };
                return new FlowPort(null, number, protocol, y.Span(node));
            }
            if (parts.Length > 1) throw y.Error(node, $"'{text}': a named port takes its protocol from the destination; write just the name");
            return new FlowPort(text, null, Protocol.TCP, y.Span(node));
        }

        private IntentDefaults ReadDefaults(YamlMappingNode root)
        {
            var map = y.Mapping(root, "defaults", "the intent");
            if (map is null) return new IntentDefaults(true, null, y.Span(root));
            Keys(map, "defaults", "denyAll", "dns");
            var deny = Bool(map, "denyAll", "defaults") ?? true;
            if (!deny) throw y.Error(YamlNodes.Child(map, "denyAll")!, "denyAll: false is not supported: a zero-trust intent denies everything it does not list");
            return new IntentDefaults(deny, y.String(map, "dns", "defaults"), y.Span(map));
        }

        private TargetOptions ReadTargets(YamlMappingNode root)
        {
            var map = y.Mapping(root, "targets", "the intent");
            var options = TargetOptions.Default;
            if (map is null) return options;
            Keys(map, "targets", "k8s", "istio", "compose", "aws");
            if (y.Mapping(map, "k8s", "targets") is { } k8s)
            {
                Keys(k8s, "targets.k8s", "clusterDomain");
                options = options with { ClusterDomain = y.String(k8s, "clusterDomain", "targets.k8s") ?? options.ClusterDomain };
            }
            if (y.Mapping(map, "istio", "targets") is { } istio)
            {
                Keys(istio, "targets.istio", "mtls");
                if (y.Scalar(istio, "mtls", "targets.istio") is { } mtls)
                {
                    if (mtls.Value is not ("STRICT" or "PERMISSIVE" or "DISABLE"))
                        throw y.Error(mtls, $"'{mtls.Value}' is not an mTLS mode: use STRICT, PERMISSIVE or DISABLE");
                    options = options with { IstioMtlsMode = mtls.Value };
                }
            }
            if (y.Mapping(map, "compose", "targets") is { } compose)
            {
                Keys(compose, "targets.compose", "project");
                options = options with { ComposeProject = y.String(compose, "project", "targets.compose") ?? options.ComposeProject };
            }
            if (y.Mapping(map, "aws", "targets") is { } aws)
            {
                Keys(aws, "targets.aws", "vpcId");
                options = options with { AwsVpcId = y.String(aws, "vpcId", "targets.aws") ?? options.AwsVpcId };
            }
            return options;
        }

        private bool? Bool(YamlMappingNode map, string key, string what)
        {
            var node = y.Scalar(map, key, what);
            return node?.Value switch
            {
                null => null,
                "true" => true,
                "false" => false,
                _ => throw y.Error(node, $"'{key}' of {what} must be true or false"),
            };
        }

        private ImmutableArray<string> Strings(YamlMappingNode map, string key, string what) =>
            (y.Sequence(map, key, what)?.Children ?? [])
            .Select(n => n is YamlScalarNode s ? s.Value ?? "" : throw y.Error(n, $"entries of '{key}' must be names"))
            .ToImmutableArray();
    }
}
