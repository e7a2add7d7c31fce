using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Netpact.Analysis;
using Netpact.Kubernetes;
using Netpact.Model;

namespace Netpact.Cloud;

/// <summary>
/// Reads the JSON of 'aws ec2 describe-security-groups' ({"SecurityGroups": [...]}, or the bare list): group
/// ids and names, and each permission's protocol, ports, referenced groups and CIDRs. Prefix lists are not
/// resolved (their contents live in AWS), and ICMP and protocols other than TCP, UDP and SCTP are not modelled.
/// </summary>
public static class SecurityGroupReader
{
    public static SecurityGroupReadResult ReadText(string text, string file)
    {
        var diagnostics = new List<Diagnostic>();
        var root = LocatedJson.Parse(text, file, diagnostics);
        if (root is null) return new SecurityGroupReadResult([], [.. diagnostics]);
        var list = root.Kind == JsonValueKind.Array ? root : root["SecurityGroups"];
        if (list is null || list.Kind != JsonValueKind.Array)
        {
            diagnostics.Add(Diagnostic.Error((list ?? root).Span,
                "expected the output of 'aws ec2 describe-security-groups': an object with a 'SecurityGroups' list"));
            return new SecurityGroupReadResult([], [.. diagnostics]);
        }
        var groups = ImmutableArray.CreateBuilder<SecurityGroup>();
        foreach (var item in list.Items)
        {
            try
            {
                groups.Add(ReadGroup(item, diagnostics));
            }
            catch (ManifestError e)
            {
                diagnostics.Add(e.Diagnostic);
            }
        }
        foreach (var duplicate in groups.GroupBy(g => g.GroupId).Where(g => g.Count() > 1))
            diagnostics.Add(Diagnostic.Error(duplicate.Skip(1).First().Span, $"security group {duplicate.Key} is listed twice (first at {duplicate.First().Span}); keep one"));
        return new SecurityGroupReadResult(groups.ToImmutable(), [.. diagnostics]);
    }

    private static SecurityGroup ReadGroup(JsonValue group, List<Diagnostic> diagnostics)
    {
        Expect(group, JsonValueKind.Object, "a security group");
        var id = RequiredString(group, "GroupId", "a security group");
        var name = OptionalString(group, "GroupName", $"security group {id}") ?? id;
        var what = $"security group '{name}' ({id})";
        return new SecurityGroup(id, name, OptionalString(group, "VpcId", what),
            Rules(group, "IpPermissions", what, diagnostics), Rules(group, "IpPermissionsEgress", what, diagnostics), group.Span);
    }

    private static ImmutableArray<SecurityGroupRule> Rules(JsonValue group, string key, string what, List<Diagnostic> diagnostics)
    {
        var list = group[key];
        if (list is null || list.IsNull) return [];
        Expect(list, JsonValueKind.Array, $"'{key}' of {what}");
        var result = ImmutableArray.CreateBuilder<SecurityGroupRule>();
        foreach (var item in list.Items)
        {
            try
            {
                result.Add(ReadRule(item, $"a permission in '{key}' of {what}", diagnostics));
            }
            catch (ManifestError e)
            {
                diagnostics.Add(e.Diagnostic);
            }
        }
        return result.ToImmutable();
    }

    private static SecurityGroupRule ReadRule(JsonValue rule, string what, List<Diagnostic> diagnostics)
    {
        Expect(rule, JsonValueKind.Object, what);
        var protocolNode = rule["IpProtocol"] ?? throw Error(rule.Span, $"{what} has no 'IpProtocol'");
        var protocol = (protocolNode.Kind is JsonValueKind.String or JsonValueKind.Number ? protocolNode.Text : null)
            ?? throw Error(protocolNode.Span, "'IpProtocol' must be a protocol name or number ('tcp', 'udp', '-1' for all)");
        var connections = protocol.ToLowerInvariant() switch
        {
            "-1" or "all" => ConnectionSet.All,
            "tcp" or "6" => ConnectionSet.Of(Protocol.TCP, Ports(rule, what)),
            "udp" or "17" => ConnectionSet.Of(Protocol.UDP, Ports(rule, what)),
            // For protocols other than TCP, UDP and ICMP, security groups match every port.
            "sctp" or "132" => ConnectionSet.Of(Protocol.SCTP, PortSet.All),
            _ when int.TryParse(protocol, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 255 => ConnectionSet.Empty,
            "icmp" or "icmpv6" => ConnectionSet.Empty,
            _ => throw Error(protocolNode.Span, $"'{protocol}' is not an IpProtocol: use tcp, udp, icmp, icmpv6, a protocol number, or -1 for all"),
        };

        var groups = ImmutableArray.CreateBuilder<SecurityGroupReference>();
        foreach (var pair in List(rule, "UserIdGroupPairs", what))
        {
            Expect(pair, JsonValueKind.Object, $"an entry of 'UserIdGroupPairs' of {what}");
            groups.Add(new SecurityGroupReference(RequiredString(pair, "GroupId", $"an entry of 'UserIdGroupPairs' of {what}"), pair.Span));
        }
        var cidrs = ImmutableArray.CreateBuilder<SecurityGroupCidr>();
        foreach (var (listKey, cidrKey, v6) in new[] { ("IpRanges", "CidrIp", false), ("Ipv6Ranges", "CidrIpv6", true) })
        {
            foreach (var range in List(rule, listKey, what))
            {
                Expect(range, JsonValueKind.Object, $"an entry of '{listKey}' of {what}");
                var text = RequiredString(range, cidrKey, $"an entry of '{listKey}' of {what}");
                var at = range[cidrKey]!.Span;
                var cidr = Cidr.TryParse(text, out var error, out var hostBits) ?? throw Error(at, $"invalid CIDR in '{cidrKey}': {error}");
                if (cidr.IsV6 != v6) throw Error(at, $"'{text}' is an {(cidr.IsV6 ? "IPv6" : "IPv4")} CIDR, but '{cidrKey}' holds {(v6 ? "IPv6" : "IPv4")} ones");
                if (hostBits) diagnostics.Add(Diagnostic.Warning(at, $"{text} has host bits set; read as {cidr}"));
                cidrs.Add(new SecurityGroupCidr(cidr, at));
            }
        }
        foreach (var prefixList in List(rule, "PrefixListIds", what))
        {
            diagnostics.Add(Diagnostic.Warning(prefixList.Span,
                "this rule names a managed prefix list, whose addresses are kept in AWS and not in this file; netpact leaves it out, so what it admits is not checked"));
        }
        return new SecurityGroupRule(protocol, connections, groups.ToImmutable(), cidrs.ToImmutable(), rule.Span);
    }

    /// <summary>FromPort..ToPort of a TCP or UDP permission; 0-65535 (or -1) means every port.</summary>
    private static PortSet Ports(JsonValue rule, string what)
    {
        var from = Port(rule, "FromPort", what);
        var to = Port(rule, "ToPort", what);
        if (from == -1 || to == -1) return PortSet.All;
        if (from > to) throw Error(rule["FromPort"]!.Span, $"FromPort {from} is above ToPort {to} in {what}");
        return PortSet.Range(Math.Max(from, PortSet.MinPort), to);
    }

    private static int Port(JsonValue rule, string key, string what)
    {
        var node = rule[key] ?? throw Error(rule.Span, $"{what} is for TCP or UDP and needs '{key}'");
        if (node.Kind != JsonValueKind.Number || !int.TryParse(node.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var port) || port is < -1 or > 65535)
            throw Error(node.Span, $"'{key}' must be a port number 0-65535 (or -1 for all)");
        return port;
    }

    private static IEnumerable<JsonValue> List(JsonValue map, string key, string what)
    {
        var node = map[key];
        if (node is null || node.IsNull) return [];
        Expect(node, JsonValueKind.Array, $"'{key}' of {what}");
        return node.Items;
    }

    private static string RequiredString(JsonValue map, string key, string what) =>
        OptionalString(map, key, what) ?? throw Error(map.Span, $"{what} has no '{key}'");

    private static string? OptionalString(JsonValue map, string key, string what)
    {
        var node = map[key];
        if (node is null || node.IsNull) return null;
        if (node.Kind != JsonValueKind.String) throw Error(node.Span, $"'{key}' of {what} must be a string");
        return node.Text;
    }

    private static void Expect(JsonValue node, JsonValueKind kind, string what)
    {
        if (node.Kind != kind)
            throw Error(node.Span, $"{what} must be {(kind == JsonValueKind.Object ? "an object ({...})" : "a list ([...])")}, not {node.Kind.ToString().ToLowerInvariant()}");
    }

    private static ManifestError Error(SourceSpan span, string message) => new(Diagnostic.Error(span, message));
}
