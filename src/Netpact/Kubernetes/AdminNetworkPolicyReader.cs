using System.Collections.Immutable;
using Netpact.Model;
using Netpact.Sources.Yaml;

namespace Netpact.Kubernetes;

/// <summary>
/// Reads the cluster-scoped policies of policy.networking.k8s.io: AdminNetworkPolicy and BaselineAdminNetworkPolicy
/// (v1alpha1) and ClusterNetworkPolicy (v1alpha2), with the validation their CRDs apply. Node peers and IPv6
/// networks are read but reported, since the analysis cannot see node addresses.
/// </summary>
internal static class AdminNetworkPolicyReader
{
    public const int MinPriority = 0;
    public const int MaxPriority = 1000;

    public static AdminNetworkPolicy Read(LocatedYaml y, YamlMapping root, string kind, string name, List<Diagnostic> warnings)
    {
        var what = Article(kind);
        var spec = y.Mapping(root, "spec", what) ?? throw y.Error(root, $"this {kind} has no 'spec'; add subject and rules");
        var cnp = kind == AdminNetworkPolicy.ClusterKind;
        AdminTier tier;
        if (kind == AdminNetworkPolicy.BaselineKind)
        {
            tier = AdminTier.Baseline;
            if (name != "default")
            {
                throw y.Error(root, $"a BaselineAdminNetworkPolicy must be named 'default' (there is one per cluster), not '{name}'; rename it");
            }
        }
        else if (cnp)
        {
            var tierNode = y.Scalar(spec, "tier", "spec") ?? throw y.Error(spec, "a ClusterNetworkPolicy needs 'tier': Admin or Baseline");
            tier = tierNode.Value switch
            {
                "Admin" => AdminTier.Admin,
                "Baseline" => AdminTier.Baseline,
                _ => throw y.Error(tierNode, $"'{tierNode.Value}' is not a tier: use Admin or Baseline"),
            };
        }
        else
        {
            tier = AdminTier.Admin;
        }

        var priority = int.MaxValue;
        if (kind != AdminNetworkPolicy.BaselineKind)
        {
            var priorityNode = y.Scalar(spec, "priority", "spec") ?? throw y.Error(spec, $"{Article(kind)} needs a 'priority' from {MinPriority} to {MaxPriority}; add one");
            var value = y.Int(spec, "priority", "spec")!.Value;
            if (value is < MinPriority or > MaxPriority)
                throw y.Error(priorityNode, $"priority {value} is outside {MinPriority}-{MaxPriority}; lower numbers are evaluated first");
            priority = value;
        }

        var subjectNode = y.Mapping(spec, "subject", "spec") ?? throw y.Error(spec, $"{Article(kind)} needs a 'subject' (namespaces or pods) that says which pods it applies to");
        var subject = ReadSelector(y, subjectNode, "subject")
                      ?? throw y.Error(subjectNode, "the subject must set exactly one of 'namespaces' or 'pods'");
        var ingress = ReadRules(y, y.Sequence(spec, "ingress", "spec"), Direction.Ingress, kind, warnings);
        var egress = ReadRules(y, y.Sequence(spec, "egress", "spec"), Direction.Egress, kind, warnings);
        return new AdminNetworkPolicy(kind, name, tier, priority, subject, ingress, egress, y.Span(root));
    }

    private static string Article(string kind) => (kind[0] is 'A' ? "an " : "a ") + kind;

    /// <summary>A subject or peer that must set exactly one of namespaces or pods; null when it sets neither.</summary>
    private static AdminSelector? ReadSelector(LocatedYaml y, YamlMapping map, string what)
    {
        var namespaces = LocatedYaml.HasKey(map, "namespaces") ? LocatedYaml.Child(map, "namespaces") ?? new YamlMapping() : null;
        var pods = LocatedYaml.HasKey(map, "pods") ? LocatedYaml.Child(map, "pods") ?? new YamlMapping() : null;
        if (namespaces is not null && pods is not null)
            throw y.Error(map, $"the {what} sets both 'namespaces' and 'pods'; exactly one may be set: split it into two entries");
        if (namespaces is not null)
            return new AdminSelector(SelectorReader.Read(y, namespaces, $"{what}.namespaces"), null, y.Span(map));
        if (pods is null) return null;
        var podsMap = y.AsMapping(pods, $"{what}.pods");
        var nss = LocatedYaml.Child(podsMap, "namespaceSelector");
        var ps = LocatedYaml.Child(podsMap, "podSelector");
        return new AdminSelector(
            nss is null ? LabelSelector.Everything : SelectorReader.Read(y, nss, $"{what}.pods.namespaceSelector"),
            ps is null ? LabelSelector.Everything : SelectorReader.Read(y, ps, $"{what}.pods.podSelector"),
            y.Span(map));
    }

    private static ImmutableArray<AdminRule> ReadRules(LocatedYaml y, YamlSequence? rules, Direction direction, string kind, List<Diagnostic> warnings)
    {
        if (rules is null) return [];
        var cnp = kind == AdminNetworkPolicy.ClusterKind;
        var peersKey = direction == Direction.Ingress ? "from" : "to";
        var what = $"an {direction.ToString().ToLowerInvariant()} rule";
        var result = ImmutableArray.CreateBuilder<AdminRule>();
        foreach (var ruleNode in rules.Children)
        {
            var rule = y.AsMapping(ruleNode, what);
            var name = y.String(rule, "name", what) ?? "";
            if (name.Length > 100) throw y.Error(LocatedYaml.Child(rule, "name")!, $"a rule name may have at most 100 characters, this one has {name.Length}");
            var action = ReadAction(y, rule, kind, what);
            var peersNode = y.Sequence(rule, peersKey, what);
            if (peersNode is null || peersNode.Children.Length == 0)
                throw y.Error(peersNode ?? (YamlValue)rule, $"{what} of {Article(kind)} needs a non-empty '{peersKey}' list: say which peers it applies to");
            var peers = peersNode.Children.Select(p => ReadPeer(y, p, direction, peersKey, warnings)).ToImmutableArray();
            var ports = cnp ? ReadProtocols(y, rule, what) : ReadPorts(y, rule, what);
            if (direction == Direction.Egress && ports is { } ps && ps.FirstOrDefault(p => p.Name is not null) is { } named
                && peers.Any(p => p.Selector is null))
            {
                // The CRD's validation rejects this; netpol-analyzer reads it, and so does netpact, with a warning.
                warnings.Add(Diagnostic.Warning(named.Span,
                    $"named port '{named.Name}' in a rule with networks or nodes peers: addresses outside the cluster declare no port names, so towards them it matches nothing (the API server rejects this rule); use the port number"));
            }
            result.Add(new AdminRule(name, action, peers, ports, y.Span(ruleNode)));
        }
        return result.ToImmutable();
    }

    private static AdminAction ReadAction(LocatedYaml y, YamlMapping rule, string kind, string what)
    {
        var allowed = kind switch
        {
            AdminNetworkPolicy.BaselineKind => "Allow or Deny",
            AdminNetworkPolicy.ClusterKind => "Accept, Deny or Pass",
            _ => "Allow, Deny or Pass",
        };
        var node = y.Scalar(rule, "action", what) ?? throw y.Error(rule, $"{what} of {Article(kind)} needs an 'action': {allowed}");
        return (kind, node.Value) switch
        {
            (AdminNetworkPolicy.ClusterKind, "Accept") => AdminAction.Allow,
            (not AdminNetworkPolicy.ClusterKind, "Allow") => AdminAction.Allow,
            (_, "Deny") => AdminAction.Deny,
            (not AdminNetworkPolicy.BaselineKind, "Pass") => AdminAction.Pass,
            _ => throw y.Error(node, $"'{node.Value}' is not an action of {Article(kind)}: use {allowed}"),
        };
    }

    private static AdminPeer ReadPeer(LocatedYaml y, YamlValue node, Direction direction, string key, List<Diagnostic> warnings)
    {
        var what = $"a '{key}' entry";
        var map = y.AsMapping(node, what);
        var fields = new[] { "namespaces", "pods", "networks", "nodes" }.Where(f => LocatedYaml.HasKey(map, f)).ToList();
        var others = map.Keys.OfType<YamlScalar>().Select(k => k.Value).Where(k => k is not null && !fields.Contains(k)).ToList();
        if (fields.Count != 1)
        {
            var allowed = direction == Direction.Ingress ? "'namespaces' or 'pods'" : "'namespaces', 'pods', 'networks' or 'nodes'";
            throw y.Error(map, fields.Count == 0
                ? $"{what} must set exactly one of {allowed}" + (others.Count > 0 ? $" (it sets '{others[0]}')" : "")
                : $"{what} sets {string.Join(" and ", fields.Select(f => $"'{f}'"))}; exactly one may be set: split it into separate entries");
        }
        var field = fields[0];
        if (direction == Direction.Ingress && field is "networks" or "nodes")
            throw y.Error(map, $"'{field}' can only be used in egress rules; ingress peers are 'namespaces' or 'pods'");
        switch (field)
        {
            case "networks":
            {
                var list = y.Sequence(map, "networks", what);
                if (list is null || list.Children.Length == 0) throw y.Error(map, "'networks' needs at least one CIDR, e.g. 10.0.0.0/8");
                var cidrs = ImmutableArray.CreateBuilder<Cidr>();
                foreach (var c in list.Children)
                {
                    if (c is not YamlScalar s) throw y.Error(c, "networks entries must be CIDR strings");
                    var text = s.Value ?? "";
                    var cidr = Cidr.TryParse(text, out var error, out var hostBits)
                               ?? throw y.Error(s, error!.StartsWith($"'{text}'", StringComparison.Ordinal) ? error : $"'{text}' is not a valid CIDR: {error}");
                    if (hostBits) warnings.Add(Diagnostic.Warning(y.Span(s), $"{text} has host bits set; it is read as {cidr}"));
                    if (cidr.IsV6)
                    {
                        warnings.Add(Diagnostic.Warning(y.Span(s),
                            $"IPv6 network {cidr}: netpact (like netpol-analyzer) lists IPv6 destinations only when a NetworkPolicy ipBlock names an IPv6 range; otherwise this entry changes no listed connection"));
                    }
                    cidrs.Add(cidr);
                }
                return new AdminPeer(null, cidrs.ToImmutable(), null, y.Span(node));
            }
            case "nodes":
            {
                var selectorNode = LocatedYaml.Child(map, "nodes") ?? new YamlMapping();
                warnings.Add(Diagnostic.Warning(y.Span(map),
                    "a 'nodes' peer matches node addresses, which manifests do not hold: netpact (like netpol-analyzer) treats it as matching nothing"));
                return new AdminPeer(null, [], SelectorReader.Read(y, selectorNode, "nodes"), y.Span(node));
            }
            default:
                return new AdminPeer(ReadSelector(y, map, key)!, [], null, y.Span(node));
        }
    }

    /// <summary>v1alpha1 ports: each entry exactly one of portNumber, namedPort or portRange; absent means every port.</summary>
    private static ImmutableArray<AdminPort>? ReadPorts(LocatedYaml y, YamlMapping rule, string what)
    {
        var list = y.Sequence(rule, "ports", what);
        if (list is null) return null;
        var result = ImmutableArray.CreateBuilder<AdminPort>();
        foreach (var entry in list.Children)
        {
            var map = y.AsMapping(entry, "a ports entry");
            var fields = new[] { "portNumber", "namedPort", "portRange" }.Where(f => LocatedYaml.HasKey(map, f)).ToList();
            if (fields.Count != 1)
                throw y.Error(map, "a ports entry must set exactly one of portNumber, namedPort or portRange" + (fields.Count > 1 ? $" (it sets {string.Join(" and ", fields)})" : ""));
            switch (fields[0])
            {
                case "portNumber":
                {
                    var pn = y.Mapping(map, "portNumber", "a ports entry") ?? throw y.Error(map, "portNumber needs 'port' (and optionally 'protocol')");
                    var protocol = NetworkPolicyReader.ReadProtocol(y, y.Scalar(pn, "protocol", "portNumber"));
                    var port = ReadPortNumber(y, pn, "port", "portNumber");
                    result.Add(new AdminPort(protocol, port, port, null, y.Span(entry)));
                    break;
                }
                case "namedPort":
                {
                    var node = y.Scalar(map, "namedPort", "a ports entry") ?? throw y.Error(map, "namedPort needs a container port name");
                    result.Add(new AdminPort(Protocol.TCP, 0, 0, node.Value ?? "", y.Span(entry)));
                    break;
                }
                default:
                {
                    var pr = y.Mapping(map, "portRange", "a ports entry") ?? throw y.Error(map, "portRange needs 'start' and 'end'");
                    var protocol = NetworkPolicyReader.ReadProtocol(y, y.Scalar(pr, "protocol", "portRange"));
                    result.Add(Range(y, pr, protocol, "start", "end", entry));
                    break;
                }
            }
        }
        return result.ToImmutable();
    }

    /// <summary>v1alpha2 protocols: each entry exactly one of tcp, udp, sctp (with an optional destinationPort) or destinationNamedPort.</summary>
    private static ImmutableArray<AdminPort>? ReadProtocols(LocatedYaml y, YamlMapping rule, string what)
    {
        if (LocatedYaml.HasKey(rule, "ports"))
            throw y.Error(LocatedYaml.Child(rule, "ports") ?? rule, "ClusterNetworkPolicy (v1alpha2) has no 'ports'; use 'protocols' (tcp/udp/sctp with destinationPort, or destinationNamedPort)");
        var list = y.Sequence(rule, "protocols", what);
        if (list is null) return null;
        var result = ImmutableArray.CreateBuilder<AdminPort>();
        foreach (var entry in list.Children)
        {
            var map = y.AsMapping(entry, "a protocols entry");
            var fields = new[] { "tcp", "udp", "sctp", "destinationNamedPort" }.Where(f => LocatedYaml.HasKey(map, f)).ToList();
            if (fields.Count != 1)
                throw y.Error(map, "a protocols entry must set exactly one of tcp, udp, sctp or destinationNamedPort");
            if (fields[0] == "destinationNamedPort")
            {
                var node = y.Scalar(map, "destinationNamedPort", "a protocols entry") ?? throw y.Error(map, "destinationNamedPort needs a container port name");
                result.Add(new AdminPort(Protocol.TCP, 0, 0, node.Value ?? "", y.Span(entry)));
                continue;
            }
            var protocol = fields[0] switch { "tcp" => Protocol.TCP, "udp" => Protocol.UDP, _ => Protocol.SCTP };
            var body = LocatedYaml.Child(map, fields[0]) is { } b ? y.AsMapping(b, fields[0]) : new YamlMapping();
            var dp = y.Mapping(body, "destinationPort", fields[0]);
            if (dp is null)
            {
                result.Add(new AdminPort(protocol, PortSetMin, PortSetMax, null, y.Span(entry)));
                continue;
            }
            var hasNumber = LocatedYaml.HasKey(dp, "number");
            var range = y.Mapping(dp, "range", "destinationPort");
            if (hasNumber == (range is not null)) throw y.Error(dp, "destinationPort must set exactly one of 'number' or 'range'");
            if (hasNumber)
            {
                var port = ReadPortNumber(y, dp, "number", "destinationPort");
                result.Add(new AdminPort(protocol, port, port, null, y.Span(entry)));
            }
            else
            {
                result.Add(Range(y, range!, protocol, "start", "end", entry));
            }
        }
        return result.ToImmutable();
    }

    private const int PortSetMin = 1;
    private const int PortSetMax = 65535;

    private static AdminPort Range(LocatedYaml y, YamlMapping map, Protocol protocol, string startKey, string endKey, YamlValue entry)
    {
        var start = ReadPortNumber(y, map, startKey, "a port range");
        var end = ReadPortNumber(y, map, endKey, "a port range");
        if (end < start)
            throw y.Error(LocatedYaml.Child(map, endKey)!, $"the port range {start}-{end} is empty: its end is below its start; swap them");
        return new AdminPort(protocol, start, end, null, y.Span(entry));
    }

    private static int ReadPortNumber(LocatedYaml y, YamlMapping map, string key, string what)
    {
        var node = y.Scalar(map, key, what) ?? throw y.Error(map, $"{what} needs '{key}' (a port number from 1 to 65535)");
        var value = y.Int(map, key, what)!.Value;
        if (value is < PortSetMin or > PortSetMax) throw y.Error(node, $"port {value} is outside 1-65535; use a port number from 1 to 65535");
        return value;
    }
}
