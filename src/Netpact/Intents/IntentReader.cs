using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Netpact.Kubernetes;
using Netpact.Model;
using Netpact.Sources;
using Netpact.Sources.Yaml;
using YamlDotNet.Core;
using Tokens = YamlDotNet.Core.Tokens;

namespace Netpact.Intents;

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

    [GeneratedRegex("^[0-9]+-[0-9]+$")]
    private static partial Regex PortRange();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();

    /// <summary>Kubernetes' IANA_SVC_NAME, without the length and letter rules checked beside it.</summary>
    [GeneratedRegex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")]
    private static partial Regex PortNameShape();

    public static IntentReadResult ReadFile(string path)
    {
        var diagnostics = new List<Diagnostic>();
        if (InputFiles.ReadText(path, diagnostics, "the intent file") is not { } text) return new IntentReadResult(null, [.. diagnostics]);
        return ReadText(text, path);
    }

    public static IntentReadResult ReadText(string text, string file)
    {
        var diagnostics = new List<Diagnostic>();
        var docs = YamlDocuments.Parse(file, text, diagnostics);
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
        if (intent is not null) IntentValidator.Validate(intent, diagnostics, reader.Unreadable, reader.WithUnreadablePorts);
        // In the order of the file, as a compiler lists them, whichever check found them.
        return new IntentReadResult(intent, [.. diagnostics.OrderBy(d => d.Span.Line).ThenBy(d => d.Span.Column)]);
    }

    private sealed class Reader(LocatedYaml y, List<Diagnostic> diagnostics)
    {
        private readonly HashSet<string> _zones = new(StringComparer.Ordinal);
        private readonly HashSet<string> _workloads = new(StringComparer.Ordinal);
        private readonly List<(string Zone, Cidr Subnet)> _subnets = [];

        /// <summary>
        /// Zones and workloads declared but too broken to use (already reported). Whatever refers to them is left
        /// out quietly, so one mistake gives one error, not one per flow that names it.
        /// </summary>
        public HashSet<string> Unreadable { get; } = new(StringComparer.Ordinal);

        /// <summary>Workloads with a port too broken to keep (already reported): which ports they expose is not known.</summary>
        public HashSet<string> WithUnreadablePorts { get; } = new(StringComparer.Ordinal);

        /// <summary>Runs one part; a problem in it is recorded and the rest goes on, so all problems are found.</summary>
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

        /// <summary>Reads one field; a problem in it is recorded and the field takes its fallback.</summary>
        private T Field<T>(Func<T> read, T fallback)
        {
            try
            {
                return read();
            }
            catch (InputError e)
            {
                diagnostics.Add(e.Diagnostic);
                return fallback;
            }
        }

        private void Keys(YamlMapping map, string what, params string[] allowed)
        {
            foreach (var key in map.Keys)
            {
                var name = (key as YamlScalar)?.Value ?? "";
                if (!allowed.Contains(name))
                    diagnostics.Add(Diagnostic.Error(y.Span(key),
                        $"unknown field '{name}' in {what}; expected one of: {string.Join(", ", allowed)}"));
            }
        }

        private string? Name(YamlValue key, string what)
        {
            var name = (key as YamlScalar)?.Value ?? "";
            if (DnsLabel().IsMatch(name)) return name;
            diagnostics.Add(Diagnostic.Error(y.Span(key),
                $"'{name}' is not a valid {what} name: use lowercase letters, digits and '-' (at most 63, starting and ending with a letter or digit)"));
            Unreadable.Add(name);
            return null;
        }

        public Intent? Read(YamlValue rootNode)
        {
            if (rootNode is not YamlMapping root)
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
                Try(() => y.String(metadata, "description", "metadata"));
            }

            var zoneNodes = Try(() => y.Mapping(root, "zones", "the intent"))?.Children.ToList() ?? [];
            var workloadNodes = Try(() => y.Mapping(root, "workloads", "the intent"))?.Children.ToList() ?? [];

            var zones = ImmutableArray.CreateBuilder<Zone>();
            foreach (var (key, value) in zoneNodes)
            {
                if (ReadZone(key, value) is { } zone)
                {
                    zones.Add(zone);
                    _zones.Add(zone.Name);
                }
            }
            if (zoneNodes.Count == 0)
                diagnostics.Add(Diagnostic.Error(y.Span(root), "the intent declares no zones; add 'zones:' with at least one zone (e.g. public, app, data)"));

            var workloads = ImmutableArray.CreateBuilder<IntentWorkload>();
            foreach (var (key, value) in workloadNodes)
            {
                if (ReadWorkload(key, value) is { } workload)
                {
                    workloads.Add(workload);
                    _workloads.Add(workload.Name);
                }
            }

            var flows = ImmutableArray.CreateBuilder<Flow>();
            var flowNodes = Try(() => y.Sequence(root, "flows", "the intent"))?.Children ?? [];
            for (var i = 0; i < flowNodes.Length; i++)
            {
                var index = i;
                if (Try(() => ReadFlow(flowNodes[index], index)) is { } flow) flows.Add(flow);
            }

            var defaults = Try(() => ReadDefaults(root)) ?? new IntentDefaults(true, null, y.Span(root));
            var targets = Try(() => ReadTargets(root)) ?? TargetOptions.Default;
            return new Intent(name, zones.ToImmutable(), workloads.ToImmutable(), flows.ToImmutable(), defaults, targets, y.Span(root));
        }

        /// <summary>A zone, or null when its name is unusable; a bad field is reported and takes its default.</summary>
        private Zone? ReadZone(YamlValue key, YamlValue value)
        {
            if (Name(key, "zone") is not { } name) return null;
            var what = $"zone '{name}'";
            var map = LocatedYaml.IsNull(value) ? new YamlMapping() : Field(() => y.AsMapping(value, what), new YamlMapping());
            Keys(map, what, "namespace", "subnet", "internal", "isolatedFrom", "description");
            var ns = Field(() => Namespace(map, what), null) ?? name;
            var subnet = Try(() => y.Scalar(map, "subnet", what) is { } node ? Subnet(node, name) : null);
            var isInternal = Field(() => Bool(map, "internal", what), null) ?? true;
            var isolated = Field(() => Strings(map, "isolatedFrom", what), []);
            var description = Field(() => y.String(map, "description", what), null);
            return new Zone(name, ns, subnet, isInternal, isolated, description, y.Span(key));
        }

        private Cidr Subnet(YamlScalar node, string zone)
        {
            var subnet = Cidr.TryParse(node.Value ?? "", out var error, out var hostBits)
                         ?? throw y.Error(node, $"subnet of zone '{zone}': {error}");
            if (hostBits) throw y.Error(node, $"subnet {node.Value} has host bits set; write {subnet}");
            // An address in two zones would have two sets of rules; the compilers could place it in neither.
            foreach (var (other, taken) in _subnets)
            {
                if (taken.IsV6 == subnet.IsV6 && taken.First <= subnet.Last && subnet.First <= taken.Last)
                    throw y.Error(node, $"subnet {subnet} of zone '{zone}' overlaps {taken} of zone '{other}'; give each zone its own subnet");
            }
            _subnets.Add((zone, subnet));
            return subnet;
        }

        private string? Namespace(YamlMapping map, string what)
        {
            var node = y.Scalar(map, "namespace", what);
            if (node is null) return null;
            if (!DnsLabel().IsMatch(node.Value ?? ""))
                throw y.Error(node, $"'{node.Value}' is not a valid namespace: use lowercase letters, digits and '-' (at most 63, starting and ending with a letter or digit)");
            return node.Value;
        }

        /// <summary>A workload, or null when it cannot be placed (bad name, no zone); a bad field is reported and takes its default.</summary>
        private IntentWorkload? ReadWorkload(YamlValue key, YamlValue value)
        {
            if (Name(key, "workload") is not { } name) return null;
            var what = $"workload '{name}'";
            var map = Try(() => y.AsMapping(value, what));
            var zone = map is null ? null : Try(() => y.String(map, "zone", what) ?? throw y.Error(key, $"{what} needs a 'zone'"));
            if (map is null || zone is null)
            {
                Unreadable.Add(name);
                if (map is null) return null;
            }
            Keys(map, what, "zone", "namespace", "labels", "serviceAccount", "ports", "description");
            var labels = Field(() => y.Labels(map, "labels", what).ToImmutableSortedDictionary(StringComparer.Ordinal),
                ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal));
            if (labels.IsEmpty) labels = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("app", name)]);
            var ns = Field(() => Namespace(map, what), null);
            var serviceAccount = Field(() => ServiceAccount(map, what), null) ?? name;
            var ports = ImmutableArray.CreateBuilder<IntentPort>();
            foreach (var portNode in Try(() => y.Sequence(map, "ports", what))?.Children ?? [])
            {
                if (Try(() => ReadPort(portNode, what)) is { } port) ports.Add(port);
                else WithUnreadablePorts.Add(name);
            }
            var description = Field(() => y.String(map, "description", what), null);
            return zone is null ? null
                : new IntentWorkload(name, zone, ns, labels, serviceAccount, ports.ToImmutable(), description, y.Span(key));
        }

        private string? ServiceAccount(YamlMapping map, string what)
        {
            var node = y.Scalar(map, "serviceAccount", what);
            if (node is null) return null;
            var value = node.Value ?? "";
            if (value.Length > 253 || !DnsSubdomain().IsMatch(value))
                throw y.Error(node, $"'{value}' is not a valid service account name: use lowercase letters, digits, '-' and '.' (at most 253, starting and ending with a letter or digit)");
            return value;
        }

        private IntentPort ReadPort(YamlValue node, string what)
        {
            var map = y.AsMapping(node, $"a port of {what}");
            Keys(map, $"a port of {what}", "name", "port", "protocol");
            if (y.Scalar(map, "port", $"a port of {what}") is { Style: not YamlDotNet.Core.ScalarStyle.Plain } quoted)
                throw y.Error(quoted, $"'port' is a number: write {quoted.Value} without quotes (a quoted port is a string, which Kubernetes rejects for a container port)");
            var port = y.Int(map, "port", $"a port of {what}") ?? throw y.Error(map, $"a port of {what} needs 'port' (1-65535)");
            if (port is < 1 or > 65535) throw y.Error(LocatedYaml.Child(map, "port")!, $"port {port} is outside 1-65535");
            var protocol = NetworkPolicyReader.ReadProtocol(y, y.Scalar(map, "protocol", $"a port of {what}"));
            var nameNode = y.Scalar(map, "name", $"a port of {what}");
            if (nameNode?.Value is { } name && (name.Length > 15 || !PortNameShape().IsMatch(name) || !name.Any(char.IsAsciiLetterLower) || name.Contains("--", StringComparison.Ordinal)))
                throw y.Error(nameNode, $"'{name}' is not a valid port name: use at most 15 lowercase letters, digits and '-', with at least one letter (Kubernetes port names)");
            return new IntentPort(nameNode?.Value, port, protocol, y.Span(node));
        }

        /// <summary>A flow, or null when an end is missing, unknown, or names a broken zone or workload.</summary>
        private Flow? ReadFlow(YamlValue node, int index)
        {
            var what = $"flow {index + 1}";
            var map = y.AsMapping(node, what);
            Keys(map, what, "name", "from", "to", "ports", "description");
            // Both ends and every port are checked even when one of them is wrong, so all problems show at once.
            var from = Try(() => End(y.Scalar(map, "from", what) ?? throw y.Error(map, $"{what} needs 'from' (a workload, a zone, 'internet' or a CIDR)")));
            var to = Try(() => End(y.Scalar(map, "to", what) ?? throw y.Error(map, $"{what} needs 'to' (a workload, a zone, 'internet' or a CIDR)")));
            var ports = ImmutableArray.CreateBuilder<FlowPort>();
            foreach (var p in Try(() => y.Sequence(map, "ports", what))?.Children ?? [])
            {
                if (Try(() => ReadFlowPort(p)) is { } port) ports.Add(port);
            }
            var name = Field(() => y.String(map, "name", what), null);
            var description = Field(() => y.String(map, "description", what), null);
            if (from is null || to is null || Unreadable.Contains(from.Text) || Unreadable.Contains(to.Text)) return null;
            return new Flow(name ?? $"{from.Text}-to-{to.Text}", from, to, ports.ToImmutable(), description, y.Span(node));
        }

        private FlowEnd End(YamlScalar node)
        {
            var text = node.Value ?? "";
            if (text == "internet") return new FlowEnd(FlowEndKind.Internet, text, null, y.Span(node));
            if (text.Contains('/'))
            {
                var cidr = Cidr.TryParse(text, out var error, out var hostBits) ?? throw y.Error(node, $"invalid CIDR: {error}");
                if (hostBits) throw y.Error(node, $"{text} has host bits set; write {cidr}");
                return new FlowEnd(FlowEndKind.Cidr, text, cidr, y.Span(node));
            }
            if (_workloads.Contains(text) || Unreadable.Contains(text)) return new FlowEnd(FlowEndKind.Workload, text, null, y.Span(node));
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

        private FlowPort ReadFlowPort(YamlValue node)
        {
            var scalar = node as YamlScalar ?? throw y.Error(node, "a flow port is a port name of the destination ('http') or a number with an optional protocol ('5432', '53/UDP')");
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
            if (PortRange().IsMatch(parts[0]))
                throw y.Error(node, $"'{text}' is a range of ports; a flow port is one port ('80', '53/UDP') or a port name: list the ports one by one");
            if (parts.Length > 1) throw y.Error(node, $"'{text}': a named port takes its protocol from the destination; write just the name");
            return new FlowPort(text, null, Protocol.TCP, y.Span(node));
        }

        private IntentDefaults ReadDefaults(YamlMapping root)
        {
            var map = y.Mapping(root, "defaults", "the intent");
            if (map is null) return new IntentDefaults(true, null, y.Span(root));
            Keys(map, "defaults", "denyAll", "dns");
            var deny = Bool(map, "denyAll", "defaults") ?? true;
            if (!deny) throw y.Error(LocatedYaml.Child(map, "denyAll")!, "denyAll: false is not supported: a zero-trust intent denies everything it does not list");
            var dns = y.Scalar(map, "dns", "defaults");
            if (dns?.Value is { } resolver && !_workloads.Contains(resolver))
            {
                if (Unreadable.Contains(resolver)) return new IntentDefaults(deny, null, y.Span(map));
                throw y.Error(dns, $"defaults.dns names '{resolver}', which is no workload of this intent; declare the resolver (e.g. coredns) as a workload"
                                   + Suggest(resolver, _workloads));
            }
            return new IntentDefaults(deny, dns?.Value, y.Span(map));
        }

        private TargetOptions ReadTargets(YamlMapping root)
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

        private bool? Bool(YamlMapping map, string key, string what)
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

        private ImmutableArray<string> Strings(YamlMapping map, string key, string what) =>
            (y.Sequence(map, key, what)?.Children ?? [])
            .Select(n => n is YamlScalar s ? s.Value ?? "" : throw y.Error(n, $"entries of '{key}' must be names"))
            .ToImmutableArray();
    }
}
