using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using Netpact.Model;
using Netpact.Sources.Yaml;

namespace Netpact.Kubernetes;

/// <summary>
/// Reads CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy (cilium.io/v2) into <see cref="CiliumPolicy"/>, one
/// per spec, reducing every peer to pods, pods on the host network and addresses outside the cluster as docs/cilium.md
/// describes. What Cilium decides on facts netpact does not have (node placement, DNS answers, Services, L7 requests)
/// becomes a named approximation: allow rules then match more, deny rules less, so results err towards allowed, and a
/// warning at the field says so. Nothing is dropped in silence.
/// </summary>
internal static partial class CiliumPolicyReader
{
    private const string NamespaceKey = "io.kubernetes.pod.namespace";
    private const string NamespaceLabelsPrefix = "io.cilium.k8s.namespace.labels.";

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$")]
    private static partial Regex PortNameShape();

    private static readonly IpBlock AllV4 = new(Cidr.TryParse("0.0.0.0/0", out _, out _)!, []);
    private static readonly IpBlock AllV6 = new(Cidr.TryParse("::/0", out _, out _)!, []);

    /// <summary>Reads every spec of the policy; a spec with an error is left out, with the error.</summary>
    public static ImmutableArray<CiliumPolicy> Read(LocatedYaml y, YamlMapping root, string kind, string ns, string name, List<Diagnostic> diagnostics)
    {
        var clusterwide = kind == CiliumPolicy.ClusterwideKind;
        var policyNamespace = clusterwide ? "" : ns;
        var specs = new List<YamlMapping>();
        if (y.Mapping(root, "spec", kind) is { } spec) specs.Add(spec);
        foreach (var s in y.Sequence(root, "specs", kind)?.Children ?? []) specs.Add(y.AsMapping(s, "an entry of 'specs'"));
        if (specs.Count == 0) throw y.Error(root, $"this {kind} has neither 'spec' nor 'specs'; add the rule");
        var result = ImmutableArray.CreateBuilder<CiliumPolicy>();
        for (var i = 0; i < specs.Count; i++)
        {
            try
            {
                if (ReadSpec(y, specs[i], kind, policyNamespace, name, i, diagnostics) is { } policy) result.Add(policy);
            }
            catch (InputError e)
            {
                diagnostics.Add(e.Diagnostic);
            }
        }
        return result.ToImmutable();
    }

    private static CiliumPolicy? ReadSpec(LocatedYaml y, YamlMapping spec, string kind, string ns, string name, int index, List<Diagnostic> diagnostics)
    {
        var endpointNode = LocatedYaml.Child(spec, "endpointSelector");
        var nodeNode = LocatedYaml.Child(spec, "nodeSelector");
        if (endpointNode is not null && nodeNode is not null)
            throw y.Error(spec, "a Cilium rule sets both 'endpointSelector' and 'nodeSelector'; exactly one may be set");
        if (endpointNode is null)
        {
            if (nodeNode is null) throw y.Error(spec, "a Cilium rule needs an 'endpointSelector' (the pods it applies to) or a 'nodeSelector'");
            diagnostics.Add(Diagnostic.Warning(y.Span(nodeNode),
                "a host policy (nodeSelector) governs the nodes' own traffic, which netpact does not restrict: its rules are not modelled, so results may list the nodes' connections as allowed where Cilium denies them"));
            return null;
        }
        var subject = Subject(y, endpointNode, ns, diagnostics);
        if (subject is null) return null;
        var ingress = Rules(y, spec, "ingress", Direction.Ingress, deny: false, ns, diagnostics);
        var egress = Rules(y, spec, "egress", Direction.Egress, deny: false, ns, diagnostics);
        var ingressDeny = Rules(y, spec, "ingressDeny", Direction.Ingress, deny: true, ns, diagnostics);
        var egressDeny = Rules(y, spec, "egressDeny", Direction.Egress, deny: true, ns, diagnostics);
        // "If not specified, the default is true for each traffic direction that has rules" (allow or deny, non-empty lists).
        var hasIngress = NonEmpty(y, spec, "ingress") || NonEmpty(y, spec, "ingressDeny");
        var hasEgress = NonEmpty(y, spec, "egress") || NonEmpty(y, spec, "egressDeny");
        var defaults = y.Mapping(spec, "enableDefaultDeny", "a Cilium rule");
        var denyIngress = hasIngress && (defaults is null || Bool(y, defaults, "ingress") != false);
        var denyEgress = hasEgress && (defaults is null || Bool(y, defaults, "egress") != false);
        return new CiliumPolicy(kind, ns, name, index, subject, denyIngress, denyEgress, ingress, egress, ingressDeny, egressDeny, y.Span(spec));
    }

    private static bool NonEmpty(LocatedYaml y, YamlMapping spec, string key) => y.Sequence(spec, key, "a Cilium rule") is { Children.Length: > 0 };

    private static bool? Bool(LocatedYaml y, YamlMapping map, string key)
    {
        var node = y.Scalar(map, key, "enableDefaultDeny");
        return node?.Value switch
        {
            null => null,
            "true" or "True" or "TRUE" => true,
            "false" or "False" or "FALSE" => false,
            _ => throw y.Error(node, $"enableDefaultDeny.{key} must be true or false, not '{node.Value}'"),
        };
    }

    /// <summary>
    /// The endpointSelector: of a namespaced policy it always applies in the policy's namespace (Cilium replaces a
    /// namespace the selector names with it, and warns); of a clusterwide policy, wherever it matches.
    /// </summary>
    private static CiliumSelector? Subject(LocatedYaml y, YamlValue node, string ns, List<Diagnostic> diagnostics)
    {
        var (namespaces, pods, unsupported, namesNamespace) = Selector(y, node, "endpointSelector");
        if (unsupported.FirstOrDefault(k => k.StartsWith("reserved:", StringComparison.Ordinal)) is { } reserved)
        {
            // Reserved identities (host, health, ingress, ...) are no pods: the rule selects none netpact lists.
            diagnostics.Add(Diagnostic.Warning(y.Span(node),
                $"the endpointSelector names {reserved}, a reserved identity and no pod: this rule selects no workload netpact lists, so it decides nothing here"));
            return null;
        }
        if (unsupported.Count > 0)
            throw y.Error(node, $"the endpointSelector names {string.Join(", ", unsupported)}, which netpact cannot evaluate on pods; select pods by their labels");
        if (ns.Length > 0)
        {
            if (namesNamespace && !namespaces.Any(r => r.Key == Namespace.NameLabel && r.Operator == SelectorOperator.In && r.Values.SequenceEqual([ns])))
            {
                diagnostics.Add(Diagnostic.Warning(y.Span(node),
                    $"the endpointSelector of a CiliumNetworkPolicy always applies in the policy's namespace '{ns}'; Cilium replaces the namespace it names, and so does netpact"));
            }
            namespaces.RemoveAll(r => r.Key == Namespace.NameLabel);
            namespaces.Add(new LabelRequirement(Namespace.NameLabel, SelectorOperator.In, [ns]));
        }
        return new CiliumSelector(new LabelSelector([.. namespaces]), new LabelSelector([.. pods]), y.Span(node));
    }

    /// <summary>
    /// A Cilium label selector split by what each key reads: the namespace (<c>io.kubernetes.pod.namespace</c>, as the
    /// automatic name label), namespace labels (<c>io.cilium.k8s.namespace.labels.X</c>), or the pod (its labels and
    /// the service-account pseudo-label). The <c>k8s:</c> and <c>any:</c> sources are stripped; keys of other sources
    /// (<c>reserved:</c>, <c>cidr:</c>, ...) are returned as unsupported.
    /// </summary>
    private static (List<LabelRequirement> Namespaces, List<LabelRequirement> Pods, List<string> Unsupported, bool NamesNamespace) Selector(
        LocatedYaml y, YamlValue node, string what)
    {
        var map = y.AsMapping(node, what);
        var namespaces = new List<LabelRequirement>();
        var pods = new List<LabelRequirement>();
        var unsupported = new List<string>();
        var namesNamespace = false;
        void Add(string rawKey, SelectorOperator op, ImmutableArray<string> values, bool fromMatchLabels)
        {
            var key = rawKey.StartsWith("k8s:", StringComparison.Ordinal) ? rawKey[4..]
                : rawKey.StartsWith("any:", StringComparison.Ordinal) ? rawKey[4..]
                : rawKey;
            if (key.Contains(':'))
            {
                unsupported.Add(rawKey);
                return;
            }
            if (key == NamespaceKey)
            {
                namesNamespace = true;
                namespaces.Add(new LabelRequirement(Namespace.NameLabel, op, values) { FromMatchLabels = fromMatchLabels });
            }
            else if (key.StartsWith(NamespaceLabelsPrefix, StringComparison.Ordinal))
            {
                namespaces.Add(new LabelRequirement(key[NamespaceLabelsPrefix.Length..], op, values) { FromMatchLabels = fromMatchLabels });
            }
            else if (key.StartsWith("io.cilium.", StringComparison.Ordinal) && key != CiliumSelector.ServiceAccountLabel)
            {
                unsupported.Add(rawKey);
            }
            else
            {
                pods.Add(new LabelRequirement(key, op, values) { FromMatchLabels = fromMatchLabels });
            }
        }
        foreach (var (key, value) in y.StringMap(map, "matchLabels", what)) Add(key, SelectorOperator.In, [value], true);
        foreach (var exprNode in y.Sequence(map, "matchExpressions", what)?.Children ?? [])
        {
            var expr = y.AsMapping(exprNode, "a matchExpressions entry");
            var keyNode = y.Scalar(expr, "key", "a matchExpressions entry") ?? throw y.Error(expr, "a matchExpressions entry needs a 'key'");
            var opNode = y.Scalar(expr, "operator", "a matchExpressions entry")
                         ?? throw y.Error(expr, "a matchExpressions entry needs an 'operator' (In, NotIn, Exists, DoesNotExist)");
            var op = opNode.Value switch
            {
                "In" => SelectorOperator.In,
                "NotIn" => SelectorOperator.NotIn,
                "Exists" => SelectorOperator.Exists,
                "DoesNotExist" => SelectorOperator.DoesNotExist,
                _ => throw y.Error(opNode, $"'{opNode.Value}' is not a valid selector operator: use In, NotIn, Exists or DoesNotExist"),
            };
            var values = (y.Sequence(expr, "values", "a matchExpressions entry")?.Children ?? [])
                .Select(v => (v as YamlScalar ?? throw y.Error(v, "selector values must be strings")).Value ?? "")
                .ToImmutableArray();
            if (op is SelectorOperator.In or SelectorOperator.NotIn && values.IsEmpty)
                throw y.Error(expr, $"operator {op} needs a non-empty 'values' list; add the values, or use Exists or DoesNotExist");
            if (op is SelectorOperator.Exists or SelectorOperator.DoesNotExist && !values.IsEmpty)
                throw y.Error(expr, $"operator {op} takes no 'values'; remove them");
            Add(keyNode.Value ?? "", op, values, false);
        }
        return (namespaces, pods, unsupported, namesNamespace);
    }

    private static ImmutableArray<CiliumRule> Rules(LocatedYaml y, YamlMapping spec, string key, Direction direction, bool deny, string ns, List<Diagnostic> diagnostics)
    {
        var result = ImmutableArray.CreateBuilder<CiliumRule>();
        foreach (var node in y.Sequence(spec, key, "a Cilium rule")?.Children ?? [])
        {
            if (ReadRule(y, y.AsMapping(node, $"an entry of '{key}'"), key, direction, deny, ns, diagnostics) is { } rule) result.Add(rule);
        }
        return result.ToImmutable();
    }

    /// <summary>
    /// One rule: its L3 fields ORed (fromEndpoints, fromCIDR, fromCIDRSet, fromEntities, ...), ANDed with toPorts. A
    /// rule with toPorts and no L3 field applies to every peer ("to any layer 3 destination"); a rule with neither
    /// (<c>- {}</c>) allows nothing but still puts its direction into default deny. Null when it matches nothing.
    /// </summary>
    private static CiliumRule? ReadRule(LocatedYaml y, YamlMapping rule, string key, Direction direction, bool deny, string ns, List<Diagnostic> diagnostics)
    {
        var from = direction == Direction.Ingress ? "from" : "to";
        var what = $"an entry of '{key}'";
        var peers = ImmutableArray.CreateBuilder<CiliumPeer>();
        var l3 = false;

        if (y.Sequence(rule, from + "Endpoints", what) is { } endpoints)
        {
            l3 = true;
            foreach (var e in endpoints.Children) peers.Add(EndpointPeer(y, e, from + "Endpoints", deny, ns, diagnostics));
        }
        if (y.Sequence(rule, from + "CIDR", what) is { } cidrs)
        {
            l3 = true;
            foreach (var c in cidrs.Children)
            {
                var scalar = c as YamlScalar ?? throw y.Error(c, $"{from}CIDR entries must be CIDR strings");
                var cidr = ReadCidr(y, scalar, diagnostics);
                peers.Add(new CiliumPeer($"{from}CIDR {cidr}", null, [new IpBlock(cidr, [])], false, y.Span(c)));
            }
        }
        if (y.Sequence(rule, from + "CIDRSet", what) is { } cidrSets)
        {
            l3 = true;
            foreach (var c in cidrSets.Children) peers.Add(CidrSetPeer(y, c, from + "CIDRSet", deny, diagnostics));
        }
        if (y.Sequence(rule, from + "Entities", what) is { } entities)
        {
            l3 = true;
            foreach (var e in entities.Children) peers.Add(EntityPeer(y, e, from + "Entities", deny, diagnostics));
        }
        foreach (var field in new[] { from + "Nodes", from + "Groups", "toServices", "toFQDNs" })
        {
            if (field is "toServices" or "toFQDNs" && direction == Direction.Ingress) continue;
            if (y.Sequence(rule, field, what) is not { } list) continue;
            l3 = true;
            if (deny)
            {
                diagnostics.Add(Diagnostic.Warning(y.Span(list),
                    $"{field} in a deny rule: netpact cannot tell which peers it names, so it takes the rule to deny none of them (results may list as allowed what Cilium denies)"));
                continue;
            }
            var (peer, why) = field switch
            {
                "toFQDNs" => (Everything(field, pods: false, host: false, external: true, y.Span(list)),
                    "toFQDNs: the addresses the names resolve to are learnt at run time, so netpact takes every address outside the cluster"),
                "toServices" => (Everything(field, pods: true, host: false, external: true, y.Span(list)),
                    "toServices: netpact does not read Services, so it takes every pod and every address outside the cluster"),
                "toGroups" or "fromGroups" => (Everything(field, pods: false, host: false, external: true, y.Span(list)),
                    $"{field}: cloud groups resolve at run time, so netpact takes every address outside the cluster"),
                _ => (Everything(field, pods: false, host: true, external: false, y.Span(list)),
                    $"{field}: node labels are not in the manifests, so netpact takes every pod on the host network"),
            };
            diagnostics.Add(Diagnostic.Warning(y.Span(list), $"{why} (an approximation towards allowed)"));
            peers.Add(peer with { Approximation = why });
        }
        if (y.Sequence(rule, from + "Requires", what) is { } requires)
        {
            diagnostics.Add(Diagnostic.Warning(y.Span(requires),
                $"{from}Requires narrows every rule of its endpoints and allows nothing itself; netpact does not apply the narrowing, so results may list as allowed what Cilium denies (it is deprecated since Cilium 1.17)"));
        }

        var ports = ImmutableArray.CreateBuilder<PolicyPort>();
        var toPorts = y.Sequence(rule, "toPorts", what);
        var icmps = y.Sequence(rule, "icmps", what);
        foreach (var entry in toPorts?.Children ?? [])
        {
            var map = y.AsMapping(entry, "a toPorts entry");
            var list = y.Sequence(map, "ports", "a toPorts entry");
            if (list is null || list.Children.Length == 0) ports.AddRange(AllProtocols(null, null, null, y.Span(entry)));
            foreach (var p in list?.Children ?? []) ports.AddRange(ReadPort(y, p));
            if (LocatedYaml.Child(map, "rules") is { } l7 && !deny)
            {
                diagnostics.Add(Diagnostic.Warning(y.Span(l7),
                    "L7 rules (HTTP, DNS, Kafka) let only some requests through; netpact counts these ports open (an approximation towards allowed)"));
            }
            foreach (var field in new[] { "serverNames", "listener", "originatingTLS", "terminatingTLS" })
            {
                if (LocatedYaml.Child(map, field) is { } extra && !deny)
                    diagnostics.Add(Diagnostic.Warning(y.Span(extra), $"toPorts.{field} is not modelled; netpact counts these ports open (an approximation towards allowed)"));
            }
        }
        if (icmps is not null)
        {
            diagnostics.Add(Diagnostic.Warning(y.Span(icmps),
                "icmps: netpact models TCP, UDP and SCTP only; the ICMP part of this rule decides nothing in its results"));
        }

        var noPorts = toPorts is null || toPorts.Children.Length == 0;
        if (!l3)
        {
            // toPorts (or icmps) alone: every peer; nothing at all: no peer.
            if (noPorts && icmps is null) return null;
            peers.Add(Everything("any peer", pods: true, host: true, external: true, y.Span(rule)));
        }
        if (noPorts && icmps is not null) return null; // ICMP only: no TCP, UDP or SCTP port.
        return new CiliumRule(peers.ToImmutable(), ports.ToImmutable(), y.Span(rule));
    }

    private static CiliumPeer Everything(string text, bool pods, bool host, bool external, SourceSpan span) =>
        new(text, pods ? CiliumSelector.AllPods : null, external ? [AllV4, AllV6] : [], host, span);

    /// <summary>
    /// fromEndpoints/toEndpoints: in a namespaced policy a selector that names neither the namespace nor namespace
    /// labels applies in the policy's namespace; in a clusterwide one, to pods of every namespace. A selector of a
    /// reserved identity alone (<c>reserved:host</c>, ...) is that entity.
    /// </summary>
    private static CiliumPeer EndpointPeer(LocatedYaml y, YamlValue node, string field, bool deny, string ns, List<Diagnostic> diagnostics)
    {
        var (namespaces, pods, unsupported, namesNamespace) = Selector(y, node, field);
        if (unsupported.Count == 1 && namespaces.Count == 0 && pods.Count == 0
            && unsupported[0].StartsWith("reserved:", StringComparison.Ordinal) && Entity(unsupported[0]["reserved:".Length..], deny) is { } reserved)
        {
            if (reserved.Approximation is { } approximation) diagnostics.Add(Diagnostic.Warning(y.Span(node), approximation));
            return reserved.Peer with { Text = $"{field} {unsupported[0]}", Span = y.Span(node), Approximation = reserved.Approximation };
        }
        var namesNamespaceLabels = namespaces.Any(r => r.Key != Namespace.NameLabel);
        if (ns.Length > 0 && !namesNamespace && !namesNamespaceLabels)
            namespaces.Add(new LabelRequirement(Namespace.NameLabel, SelectorOperator.In, [ns]));
        var selector = new CiliumSelector(new LabelSelector([.. namespaces]), new LabelSelector([.. pods]), y.Span(node));
        var peer = new CiliumPeer($"{field} {selector}", selector, [], false, y.Span(node));
        if (unsupported.Count == 0) return peer;
        var why = $"{field} names {string.Join(", ", unsupported)}, which netpact cannot evaluate";
        if (deny)
        {
            diagnostics.Add(Diagnostic.Warning(y.Span(node), $"{why}; it takes this deny peer to match nothing (an approximation towards allowed)"));
            return new CiliumPeer(peer.Text, null, [], false, peer.Span) { Approximation = why };
        }
        diagnostics.Add(Diagnostic.Warning(y.Span(node), $"{why}; it leaves those keys out of this allow peer (an approximation towards allowed)"));
        return peer with { Approximation = why };
    }

    private static CiliumPeer CidrSetPeer(LocatedYaml y, YamlValue node, string field, bool deny, List<Diagnostic> diagnostics)
    {
        var map = y.AsMapping(node, $"a {field} entry");
        var cidrNode = y.Scalar(map, "cidr", $"a {field} entry");
        if (cidrNode is null)
        {
            var reference = LocatedYaml.Child(map, "cidrGroupRef") ?? LocatedYaml.Child(map, "cidrGroupSelector");
            if (reference is null) throw y.Error(map, $"a {field} entry needs a 'cidr' (or a cidrGroupRef); add one, e.g. cidr: 10.0.0.0/8");
            var why = $"{field} with a CiliumCIDRGroup: netpact does not read CIDR groups";
            if (deny)
            {
                diagnostics.Add(Diagnostic.Warning(y.Span(reference), $"{why}; it takes this deny peer to match nothing (an approximation towards allowed)"));
                return new CiliumPeer($"{field} group", null, [], false, y.Span(node)) { Approximation = why };
            }
            diagnostics.Add(Diagnostic.Warning(y.Span(reference), $"{why}; it takes every address outside the cluster (an approximation towards allowed)"));
            return Everything($"{field} group", pods: false, host: false, external: true, y.Span(node)) with { Approximation = why };
        }
        var cidr = ReadCidr(y, cidrNode, diagnostics);
        var except = ImmutableArray.CreateBuilder<Cidr>();
        foreach (var e in y.Sequence(map, "except", $"a {field} entry")?.Children ?? [])
        {
            var scalar = e as YamlScalar ?? throw y.Error(e, "except entries must be CIDR strings");
            var ex = ReadCidr(y, scalar, diagnostics);
            if (!cidr.Contains(ex))
                throw y.Error(e, $"except {scalar.Value} is not inside cidr {cidr}; remove it or correct it");
            except.Add(ex);
        }
        var block = new IpBlock(cidr, except.ToImmutable());
        return new CiliumPeer($"{field} {block}", null, [block], false, y.Span(node));
    }

    private static CiliumPeer EntityPeer(LocatedYaml y, YamlValue node, string field, bool deny, List<Diagnostic> diagnostics)
    {
        var name = (node as YamlScalar ?? throw y.Error(node, $"{field} entries must be entity names")).Value ?? "";
        var entity = Entity(name, deny)
                     ?? throw y.Error(node, $"'{name}' is not a Cilium entity: use all, world, world-ipv4, world-ipv6, cluster, host, remote-node, kube-apiserver, ingress, health, init or unmanaged");
        if (entity.Approximation is { } why) diagnostics.Add(Diagnostic.Warning(y.Span(node), why));
        return entity.Peer with { Text = $"{field} {name}", Span = y.Span(node), Approximation = entity.Approximation };
    }

    /// <summary>
    /// An entity in netpact's world. Exact: all (every pod, pod on the host network and address), world (every address
    /// outside the cluster; -ipv4/-ipv6 one family), cluster (every pod, on the host network too). host and remote-node
    /// are the nodes, and pods on the host network run as one of them, but which node a pod runs on is not in the
    /// manifests: an allow takes every pod on the host network, a deny none. kube-apiserver may run outside the cluster
    /// or on a node: an allow takes every address outside the cluster and every pod on the host network, a deny none.
    /// ingress, health, init and unmanaged are no workload netpact lists: they match nothing.
    /// </summary>
    private static (CiliumPeer Peer, string? Approximation)? Entity(string name, bool deny)
    {
        CiliumPeer Peer(bool pods, bool host, ImmutableArray<IpBlock> addresses) =>
            new(name, pods ? CiliumSelector.AllPods : null, addresses, host, SourceSpan.None);
        return name switch
        {
            "all" => (Peer(true, true, [AllV4, AllV6]), null),
            "world" => (Peer(false, false, [AllV4, AllV6]), null),
            "world-ipv4" => (Peer(false, false, [AllV4]), null),
            "world-ipv6" => (Peer(false, false, [AllV6]), null),
            "cluster" => (Peer(true, true, []), null),
            "host" or "remote-node" when deny => (Peer(false, false, []),
                $"entity {name} in a deny rule: which node a pod on the host network runs on is not in the manifests, so netpact takes the rule to deny none of them (an approximation towards allowed)"),
            "host" or "remote-node" => (Peer(false, true, []),
                $"entity {name}: which node a pod on the host network runs on is not in the manifests, so netpact takes every pod on the host network (an approximation towards allowed)"),
            "kube-apiserver" when deny => (Peer(false, false, []),
                "entity kube-apiserver in a deny rule: the API server's address is not in the manifests, so netpact takes the rule to deny nothing (an approximation towards allowed)"),
            "kube-apiserver" => (Peer(false, true, [AllV4, AllV6]),
                "entity kube-apiserver: the API server's address is not in the manifests, so netpact takes every address outside the cluster and every pod on the host network (an approximation towards allowed)"),
            "ingress" or "health" or "init" or "unmanaged" => (Peer(false, false, []), null),
            _ => null,
        };
    }

    private static Cidr ReadCidr(LocatedYaml y, YamlScalar node, List<Diagnostic> diagnostics)
    {
        var text = node.Value ?? "";
        // Cilium also takes a bare address as a host prefix.
        if (!text.Contains('/')) text += text.Contains(':') ? "/128" : "/32";
        var cidr = Cidr.TryParse(text, out var error, out var hostBits)
                   ?? throw y.Error(node, error!.StartsWith($"'{text}'", StringComparison.Ordinal) ? error : $"'{node.Value}' is not a valid CIDR: {error}");
        if (hostBits) diagnostics.Add(Diagnostic.Warning(y.Span(node), $"{node.Value} has host bits set; it is read as {cidr}"));
        return cidr;
    }

    /// <summary>A ports entry: a number (0 or none: every port), a range with endPort, or a name; protocol TCP, UDP, SCTP or ANY (the default: all three).</summary>
    private static IEnumerable<PolicyPort> ReadPort(LocatedYaml y, YamlValue node)
    {
        var map = y.AsMapping(node, "a ports entry");
        var protocolNode = y.Scalar(map, "protocol", "a ports entry");
        Protocol? protocol = protocolNode?.Value switch
        {
            null or "" or "ANY" => null,
            "TCP" => Protocol.TCP,
            "UDP" => Protocol.UDP,
            "SCTP" => Protocol.SCTP,
            _ => throw y.Error(protocolNode, $"'{protocolNode.Value}' is not a protocol of toPorts: use TCP, UDP, SCTP or ANY"),
        };
        var portNode = y.Scalar(map, "port", "a ports entry");
        var endPort = y.Int(map, "endPort", "a ports entry");
        int? port = null;
        string? name = null;
        var text = portNode?.Value ?? "";
        if (text.Length > 0 && text.All(char.IsAsciiDigit))
        {
            port = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : -1;
            if (port is < 0 or > 65535) throw y.Error(portNode!, $"port {text} is outside 0-65535; use a port number, or 0 for every port");
            if (port == 0) port = null;
        }
        else if (text.Length > 0)
        {
            if (!PortNameShape().IsMatch(text) || !text.Any(char.IsAsciiLetterLower))
                throw y.Error(portNode!, $"'{text}' is neither a port number nor a valid port name (up to 15 lowercase letters, digits and '-')");
            name = text;
        }
        if (endPort is { } end && end != 0 && name is null)
        {
            var endNode = LocatedYaml.Child(map, "endPort")!;
            if (port is null) throw y.Error(endNode, "endPort needs a numeric 'port' as the start of the range; add one");
            if (end < port) throw y.Error(endNode, $"endPort {end} is below port {port}; endPort must be at least port");
            if (end > 65535) throw y.Error(endNode, $"endPort {end} is outside 1-65535; the highest port is 65535");
        }
        var effectiveEnd = name is null && port is not null && endPort is { } e2 && e2 > port ? e2 : (int?)null;
        return AllProtocols(protocol, port, effectiveEnd, y.Span(node), name);
    }

    private static IEnumerable<PolicyPort> AllProtocols(Protocol? protocol, int? port, int? endPort, SourceSpan span, string? name = null) =>
        (protocol is { } p ? [p] : ConnectionSet.Protocols.AsEnumerable()).Select(p => new PolicyPort(p, port, endPort, name, span));
}
