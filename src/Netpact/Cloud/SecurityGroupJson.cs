using System.Globalization;
using System.Text.Json;
using Netpact.Kubernetes;
using Netpact.Model;
using Netpact.Sources.Yaml;

namespace Netpact.Cloud;

/// <summary>The key names of a permission's protocol and ports in one input format.</summary>
internal sealed record PermissionKeys(string Protocol, string FromPort, string ToPort)
{
    /// <summary>The AWS CLI's (the EC2 API's) names.</summary>
    public static readonly PermissionKeys Aws = new("IpProtocol", "FromPort", "ToPort");

    /// <summary>Terraform's inline rules and aws_security_group_rule.</summary>
    public static readonly PermissionKeys Terraform = new("protocol", "from_port", "to_port");

    /// <summary>Terraform's aws_vpc_security_group_ingress_rule and _egress_rule.</summary>
    public static readonly PermissionKeys TerraformVpcRule = new("ip_protocol", "from_port", "to_port");
}

/// <summary>
/// What the security-group readers share: typed access to located JSON with errors at file:line:col, and the
/// meaning of a permission's protocol, ports and CIDRs, which is the EC2 API's whichever tool printed them.
/// </summary>
internal static class SecurityGroupJson
{
    /// <summary>
    /// What a permission admits. For protocols other than TCP, UDP and SCTP nothing is modelled (ICMP, GRE, ...):
    /// their connections are empty, and the rule still counts as a rule.
    /// </summary>
    public static (string Protocol, ConnectionSet Connections) Connections(JsonValue rule, PermissionKeys keys, string what)
    {
        var protocolNode = rule[keys.Protocol] ?? throw Error(rule.Span, $"{what} has no '{keys.Protocol}'");
        var protocol = (protocolNode.Kind is JsonValueKind.String or JsonValueKind.Number ? protocolNode.Text : null)
            ?? throw Error(protocolNode.Span, $"'{keys.Protocol}' must be a protocol name or number ('tcp', 'udp', '-1' for all)");
        var connections = protocol.ToLowerInvariant() switch
        {
            "-1" or "all" => ConnectionSet.All,
            "tcp" or "6" => ConnectionSet.Of(Protocol.TCP, Ports(rule, keys, what)),
            "udp" or "17" => ConnectionSet.Of(Protocol.UDP, Ports(rule, keys, what)),
            // For protocols other than TCP, UDP and ICMP, security groups match every port.
            "sctp" or "132" => ConnectionSet.Of(Protocol.SCTP, PortSet.All),
            _ when int.TryParse(protocol, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 255 => ConnectionSet.Empty,
            "icmp" or "icmpv6" => ConnectionSet.Empty,
            _ => throw Error(protocolNode.Span, $"'{protocol}' is not a protocol of '{keys.Protocol}': use tcp, udp, icmp, icmpv6, a protocol number, or -1 for all"),
        };
        return (protocol, connections);
    }

    /// <summary>FromPort..ToPort of a TCP or UDP permission; 0-65535 (or -1) means every port.</summary>
    private static PortSet Ports(JsonValue rule, PermissionKeys keys, string what)
    {
        var from = Port(rule, keys.FromPort, what);
        var to = Port(rule, keys.ToPort, what);
        if (from == -1 || to == -1) return PortSet.All;
        if (from > to) throw Error(rule[keys.FromPort]!.Span, $"{keys.FromPort} {from} is above {keys.ToPort} {to} in {what}");
        return PortSet.Range(Math.Max(from, PortSet.MinPort), to);
    }

    private static int Port(JsonValue rule, string key, string what)
    {
        var node = rule[key];
        if (node is null || node.IsNull) throw Error(rule.Span, $"{what} is for TCP or UDP and needs '{key}'");
        if (node.Kind != JsonValueKind.Number || !int.TryParse(node.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var port) || port is < -1 or > 65535)
            throw Error(node.Span, $"'{key}' must be a port number 0-65535 (or -1 for all)");
        return port;
    }

    /// <summary>A CIDR string of a rule; IPv4 or IPv6 as the key that holds it says.</summary>
    public static SecurityGroupCidr Cidr(JsonValue node, string key, bool v6, string what, List<Diagnostic> diagnostics)
    {
        if (node.Kind != JsonValueKind.String) throw Error(node.Span, $"'{key}' of {what} must hold CIDR strings such as \"10.0.0.0/16\"");
        var text = node.Text!;
        var cidr = Model.Cidr.TryParse(text, out var error, out var hostBits) ?? throw Error(node.Span, $"invalid CIDR in '{key}': {error}");
        if (cidr.IsV6 != v6) throw Error(node.Span, $"'{text}' is an {(cidr.IsV6 ? "IPv6" : "IPv4")} CIDR, but '{key}' holds {(v6 ? "IPv6" : "IPv4")} ones");
        if (hostBits) diagnostics.Add(Diagnostic.Warning(node.Span, $"{text} has host bits set; read as {cidr}"));
        return new SecurityGroupCidr(cidr, node.Span);
    }

    public static Diagnostic PrefixListNotResolved(SourceSpan span) => Diagnostic.Warning(span,
        "this rule names a managed prefix list, whose addresses are kept in AWS and not in this file; netpact leaves it out, so what it admits is not checked");

    /// <summary>The items of a list, none when the key is absent or null.</summary>
    public static IEnumerable<JsonValue> List(JsonValue map, string key, string what)
    {
        var node = map[key];
        if (node is null || node.IsNull) return [];
        Expect(node, JsonValueKind.Array, $"'{key}' of {what}");
        return node.Items;
    }

    public static string RequiredString(JsonValue map, string key, string what) =>
        OptionalString(map, key, what) ?? throw Error(map.Span, $"{what} has no '{key}'");

    /// <summary>A string value; null when the key is absent, null, or (as Terraform writes unset strings) empty.</summary>
    public static string? OptionalString(JsonValue map, string key, string what)
    {
        var node = map[key];
        if (node is null || node.IsNull) return null;
        if (node.Kind != JsonValueKind.String) throw Error(node.Span, $"'{key}' of {what} must be a string");
        return node.Text is { Length: > 0 } text ? text : null;
    }

    public static bool Flag(JsonValue map, string key, string what)
    {
        var node = map[key];
        if (node is null || node.IsNull) return false;
        if (node.Kind is not (JsonValueKind.True or JsonValueKind.False)) throw Error(node.Span, $"'{key}' of {what} must be true or false");
        return node.Kind == JsonValueKind.True;
    }

    public static void Expect(JsonValue node, JsonValueKind kind, string what)
    {
        if (node.Kind != kind)
            throw Error(node.Span, $"{what} must be {(kind == JsonValueKind.Object ? "an object ({...})" : "a list ([...])")}, not {node.Kind.ToString().ToLowerInvariant()}");
    }

    public static InputError Error(SourceSpan span, string message) => new(Diagnostic.Error(span, message));
}
