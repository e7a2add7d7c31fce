using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Netpact.Model;
using Netpact.Sources.Yaml;
using YamlDotNet.Core;

namespace Netpact.Kubernetes;

/// <summary>Reads networking.k8s.io/v1 NetworkPolicy, applying the API's defaults and validation.</summary>
internal static partial class NetworkPolicyReader
{
    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$")]
    private static partial Regex PortNameShape();

    public static NetworkPolicy Read(LocatedYaml y, YamlMapping root, string ns, string name, List<Diagnostic> warnings, bool strict = false)
    {
        var spec = y.Mapping(root, "spec", "a NetworkPolicy") ?? new YamlMapping();
        var podSelectorNode = LocatedYaml.Child(spec, "podSelector");
        var podSelector = podSelectorNode is null
            ? LabelSelector.Everything
            : SelectorReader.Read(y, podSelectorNode, "spec.podSelector");

        var ingressNode = y.Sequence(spec, "ingress", "spec");
        var egressNode = y.Sequence(spec, "egress", "spec");
        var ingress = ReadRules(y, ingressNode, Direction.Ingress, warnings, strict);
        var egress = ReadRules(y, egressNode, Direction.Egress, warnings, strict);

        bool affectsIngress, affectsEgress;
        var types = y.Sequence(spec, "policyTypes", "spec");
        if (types is null || types.Children.Length == 0)
        {
            // Kubernetes defaulting: Ingress always, Egress when there are egress rules.
            affectsIngress = true;
            affectsEgress = !egress.IsEmpty;
        }
        else
        {
            affectsIngress = affectsEgress = false;
            foreach (var t in types.Children)
            {
                var value = (t as YamlScalar)?.Value;
                if (value == "Ingress") affectsIngress = true;
                else if (value == "Egress") affectsEgress = true;
                else throw y.Error(t, $"'{value}' is not a policy type: use Ingress or Egress");
            }
        }
        return new NetworkPolicy(ns, name, podSelector, affectsIngress, affectsEgress, ingress, egress, y.Span(root));
    }

    private static ImmutableArray<PolicyRule> ReadRules(LocatedYaml y, YamlSequence? rules, Direction direction, List<Diagnostic> warnings, bool strict)
    {
        if (rules is null) return [];
        var peersKey = direction == Direction.Ingress ? "from" : "to";
        var result = ImmutableArray.CreateBuilder<PolicyRule>();
        foreach (var ruleNode in rules.Children)
        {
            var what = $"an {direction.ToString().ToLowerInvariant()} rule";
            var rule = LocatedYaml.IsNull(ruleNode) ? new YamlMapping() : y.AsMapping(ruleNode, what);
            var peersNode = y.Sequence(rule, peersKey, what);
            ImmutableArray<PolicyPeer>? peers = peersNode is null || peersNode.Children.Length == 0
                ? null
                : peersNode.Children.Select(p => ReadPeer(y, p, peersKey, warnings)).ToImmutableArray();
            var ports = (y.Sequence(rule, "ports", what)?.Children ?? [])
                .Select(p => ReadPort(y, p)).ToImmutableArray();
            if (direction == Direction.Egress && peers is { } ps && ps.Any(p => p.IpBlock is not null)
                && ports.FirstOrDefault(p => p.Name is not null) is { } named)
            {
                // The API server accepts this, and plugins resolve a port name on the destination pod: towards an
                // address that is no pod the entry matches nothing, towards a pod the ipBlock holds it applies as usual.
                // netpol-analyzer rejects it; --strict does too.
                if (strict)
                {
                    throw new InputError(Diagnostic.Error(named.Span,
                        $"named port '{named.Name}' cannot be used in an egress rule to an ipBlock (--strict, as netpol-analyzer): addresses outside the cluster declare no port names; use the port number"));
                }
                warnings.Add(Diagnostic.Warning(named.Span,
                    $"named port '{named.Name}' in an egress rule to an ipBlock matches nothing towards addresses outside the cluster (only pods declare port names; it still applies to pods the ipBlock holds); use the port number to reach external addresses"));
            }
            result.Add(new PolicyRule(peers, ports, y.Span(ruleNode)));
        }
        return result.ToImmutable();
    }

    private static PolicyPeer ReadPeer(LocatedYaml y, YamlValue node, string key, List<Diagnostic> warnings)
    {
        var what = $"a '{key}' entry";
        var map = y.AsMapping(node, what);
        var podNode = LocatedYaml.Child(map, "podSelector");
        var nsNode = LocatedYaml.Child(map, "namespaceSelector");
        var ipNode = y.Mapping(map, "ipBlock", what);
        if (ipNode is not null)
        {
            if (podNode is not null || nsNode is not null)
                throw y.Error(map, $"{what} may set ipBlock or selectors, not both; split it into two entries");
            return new PolicyPeer(null, null, ReadIpBlock(y, ipNode, warnings), y.Span(node));
        }
        if (podNode is null && nsNode is null)
            throw y.Error(map, $"{what} must set podSelector, namespaceSelector or ipBlock; to match every peer, leave out the whole '{key}' list");
        return new PolicyPeer(
            podNode is null ? null : SelectorReader.Read(y, podNode, "podSelector"),
            nsNode is null ? null : SelectorReader.Read(y, nsNode, "namespaceSelector"),
            null,
            y.Span(node));
    }

    private static IpBlock ReadIpBlock(LocatedYaml y, YamlMapping map, List<Diagnostic> warnings)
    {
        var cidrNode = y.Scalar(map, "cidr", "ipBlock") ?? throw y.Error(map, "ipBlock needs a 'cidr'; add one, e.g. cidr: 10.0.0.0/8");
        var cidr = ReadCidr(y, cidrNode, warnings);
        var except = ImmutableArray.CreateBuilder<Cidr>();
        foreach (var e in y.Sequence(map, "except", "ipBlock")?.Children ?? [])
        {
            if (e is not YamlScalar s) throw y.Error(e, "ipBlock.except entries must be CIDR strings");
            var ex = ReadCidr(y, s, warnings);
            if (!cidr.Contains(ex) || ex.PrefixLength <= cidr.PrefixLength)
                throw y.Error(e, $"except {s.Value} must be a strict subset of cidr {cidrNode.Value}; remove it or correct it");
            except.Add(ex);
        }
        return new IpBlock(cidr, except.ToImmutable());
    }

    private static Cidr ReadCidr(LocatedYaml y, YamlScalar node, List<Diagnostic> warnings)
    {
        var text = node.Value ?? "";
        var cidr = Cidr.TryParse(text, out var error, out var hostBits)
                   ?? throw y.Error(node, error!.StartsWith($"'{text}'", StringComparison.Ordinal) ? error : $"'{text}' is not a valid CIDR: {error}");
        if (hostBits)
            warnings.Add(Diagnostic.Warning(y.Span(node), $"{node.Value} has host bits set; it is read as {cidr}"));
        return cidr;
    }

    private static PolicyPort ReadPort(LocatedYaml y, YamlValue node)
    {
        var map = y.AsMapping(node, "a ports entry");
        var protocol = ReadProtocol(y, y.Scalar(map, "protocol", "a ports entry"));
        var portNode = y.Scalar(map, "port", "a ports entry");
        var endPort = y.Int(map, "endPort", "a ports entry");
        int? port = null;
        string? name = null;
        if (portNode is not null)
        {
            var text = portNode.Value ?? "";
            var digits = text.Length > 0 && text.All(char.IsAsciiDigit);
            if (digits && portNode.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted)
            {
                // port is an int-or-string: quoted, it is a port name, and port names need a letter.
                throw y.Error(portNode, $"port \"{text}\" is quoted, so Kubernetes reads it as a port name, which must contain a letter; write it without quotes: port: {text}");
            }
            if (digits)
            {
                port = int.TryParse(text, out var p) ? p : -1;
                if (port is < 1 or > 65535) throw y.Error(portNode, $"port {text} is outside 1-65535; use a port number from 1 to 65535");
            }
            else
            {
                if (!PortNameShape().IsMatch(text) || !text.Any(char.IsAsciiLetterLower) || text.Contains("--"))
                    throw y.Error(portNode, $"'{text}' is neither a port number (1-65535) nor a valid port name (IANA_SVC_NAME: up to 15 lowercase letters, digits and '-')");
                name = text;
            }
        }
        if (endPort is not null)
        {
            var endNode = LocatedYaml.Child(map, "endPort")!;
            if (name is not null) throw y.Error(endNode, $"endPort cannot be used with a named port ('{name}'); give 'port' as a number or remove endPort");
            if (port is null) throw y.Error(endNode, "endPort needs a numeric 'port' as the start of the range; add one");
            if (endPort < port) throw y.Error(endNode, $"endPort {endPort} is below port {port}; endPort must be at least port");
            if (endPort > 65535) throw y.Error(endNode, $"endPort {endPort} is outside 1-65535; the highest port is 65535");
        }
        return new PolicyPort(protocol, port, endPort, name, y.Span(node));
    }

    public static Protocol ReadProtocol(LocatedYaml y, YamlScalar? node)
    {
        if (node is null) return Protocol.TCP;
        return node.Value switch
        {
            "TCP" => Protocol.TCP,
            "UDP" => Protocol.UDP,
            "SCTP" => Protocol.SCTP,
            _ => throw y.Error(node, $"'{node.Value}' is not a protocol: use TCP, UDP or SCTP"),
        };
    }
}
