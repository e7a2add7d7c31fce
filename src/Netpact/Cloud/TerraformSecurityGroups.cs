using System.Collections.Immutable;
using System.Text.Json;
using Netpact.Kubernetes;
using Netpact.Model;
using Netpact.Sources.Yaml;
using static Netpact.Cloud.SecurityGroupJson;

namespace Netpact.Cloud;

/// <summary>
/// Reads security groups from Terraform state, as 'terraform show -json' prints it (values.root_module and its
/// child_modules) or as a state file holds it (version 4: resources[].instances[].attributes). Groups are
/// aws_security_group and aws_default_security_group with their inline ingress and egress; aws_security_group_rule,
/// aws_vpc_security_group_ingress_rule and aws_vpc_security_group_egress_rule add a rule to the group they name.
/// After a refresh a group's inline rules also show the rules of those resources: a rule seen twice counts once.
/// </summary>
internal static class TerraformSecurityGroups
{
    private const string GroupType = "aws_security_group";
    private const string DefaultGroupType = "aws_default_security_group";
    private const string RuleType = "aws_security_group_rule";
    private const string IngressRuleType = "aws_vpc_security_group_ingress_rule";
    private const string EgressRuleType = "aws_vpc_security_group_egress_rule";

    /// <summary>One managed resource instance: its type, its address for messages, and its attributes.</summary>
    private sealed record Resource(string Type, string Address, JsonValue Values);

    /// <summary>A group whose rules are being collected from its own resource and from rule resources.</summary>
    private sealed class Collected(string id, string name, string? vpcId, SourceSpan span)
    {
        public string Id { get; } = id;

        public List<SecurityGroupRule> Ingress { get; } = [];

        public List<SecurityGroupRule> Egress { get; } = [];

        public SecurityGroup Build() => new(Id, name, vpcId, [.. Ingress], [.. Egress], span);
    }

    public static void Read(JsonValue root, List<SecurityGroup> groups, List<Diagnostic> diagnostics)
    {
        if (root["planned_values"] is not null || root["resource_changes"] is not null)
        {
            throw Error(root.Span, "this is a Terraform plan, which describes changes that have not been made; netpact reads the groups that " +
                "exist: run 'terraform show -json' without a plan file (after apply), or give the state file");
        }
        var resources = new List<Resource>();
        if (root["values"] is { IsNull: false } values)
        {
            Expect(values, JsonValueKind.Object, "'values'");
            if (values["root_module"] is { IsNull: false } module) Module(module, resources);
        }
        else if (root["resources"] is { IsNull: false } list)
        {
            StateFile(list, resources);
        }
        else
        {
            throw Error(root.Span, "this Terraform JSON has neither 'values' (as 'terraform show -json' prints the state) nor 'resources' " +
                "(as a state file of Terraform 0.12 or later holds them); run 'terraform show -json > state.json' and read that");
        }

        var collected = new List<Collected>();
        var byId = new Dictionary<string, Collected>(StringComparer.Ordinal);
        foreach (var resource in resources.Where(r => r.Type is GroupType or DefaultGroupType))
        {
            Try(diagnostics, () =>
            {
                var group = Group(resource, diagnostics);
                collected.Add(group);
                byId.TryAdd(group.Id, group);
            });
        }
        foreach (var resource in resources.Where(r => r.Type is RuleType or IngressRuleType or EgressRuleType))
        {
            Try(diagnostics, () =>
            {
                var (groupId, ingress, rule) = resource.Type == RuleType ? SecurityGroupRuleResource(resource, diagnostics) : VpcRuleResource(resource, diagnostics);
                if (!byId.TryGetValue(groupId, out var group))
                {
                    diagnostics.Add(Diagnostic.Warning(resource.Values.Span, $"{resource.Address} adds a rule to security group {groupId}, which this state does not " +
                        "manage; netpact reads that group with only the rules this state gives it, so its other rules are not checked"));
                    group = new Collected(groupId, groupId, null, resource.Values.Span);
                    collected.Add(group);
                    byId.Add(groupId, group);
                }
                Add(ingress ? group.Ingress : group.Egress, rule);
            });
        }
        if (resources.FirstOrDefault(r => r.Type.StartsWith("aws_network_acl", StringComparison.Ordinal) || r.Type == "aws_default_network_acl") is { } acl)
        {
            diagnostics.Add(Diagnostic.Warning(acl.Values.Span, $"this state also holds network ACLs ({acl.Address}), which netpact does not read: " +
                "it checks what the security groups allow, and a network ACL may block some of that"));
        }
        if (collected.Count == 0)
        {
            throw Error(root.Span, $"this Terraform state holds no security groups (resources of type {GroupType}, {DefaultGroupType}, {RuleType}, " +
                $"{IngressRuleType} or {EgressRuleType}), so there is nothing to check; leave the file out of the input");
        }
        groups.AddRange(collected.Select(g => g.Build()));
    }

    /// <summary>The managed resources of a module of 'terraform show -json', and of its child modules.</summary>
    private static void Module(JsonValue module, List<Resource> resources)
    {
        Expect(module, JsonValueKind.Object, "a module of the Terraform state");
        foreach (var resource in List(module, "resources", "a module"))
        {
            Expect(resource, JsonValueKind.Object, "a resource of the Terraform state");
            if (OptionalString(resource, "mode", "a resource") != "managed") continue;
            var type = RequiredString(resource, "type", "a resource of the Terraform state");
            var address = OptionalString(resource, "address", "a resource") ?? type;
            var values = resource["values"] ?? throw Error(resource.Span, $"{address} has no 'values'");
            Expect(values, JsonValueKind.Object, $"'values' of {address}");
            resources.Add(new Resource(type, address, values));
        }
        foreach (var child in List(module, "child_modules", "a module")) Module(child, resources);
    }

    /// <summary>The managed resource instances of a state file (format version 4).</summary>
    private static void StateFile(JsonValue list, List<Resource> resources)
    {
        Expect(list, JsonValueKind.Array, "'resources' of the Terraform state");
        foreach (var resource in list.Items)
        {
            Expect(resource, JsonValueKind.Object, "a resource of the Terraform state");
            if (OptionalString(resource, "mode", "a resource") != "managed") continue;
            var type = RequiredString(resource, "type", "a resource of the Terraform state");
            var name = OptionalString(resource, "name", "a resource") ?? "";
            var module = OptionalString(resource, "module", "a resource") is { } m ? m + "." : "";
            foreach (var instance in List(resource, "instances", $"{module}{type}.{name}"))
            {
                Expect(instance, JsonValueKind.Object, $"an instance of {module}{type}.{name}");
                var address = $"{module}{type}.{name}{IndexKey(instance)}";
                var attributes = instance["attributes"] ?? throw Error(instance.Span, $"{address} has no 'attributes'");
                Expect(attributes, JsonValueKind.Object, $"'attributes' of {address}");
                resources.Add(new Resource(type, address, attributes));
            }
        }
    }

    /// <summary>"[0]" or "[\"key\"]" as Terraform writes an instance of count or for_each; nothing for a single instance.</summary>
    private static string IndexKey(JsonValue instance) => instance["index_key"] switch
    {
        { Kind: JsonValueKind.Number } n => $"[{n.Text}]",
        { Kind: JsonValueKind.String } s => $"[\"{s.Text}\"]",
        _ => "",
    };

    private static Collected Group(Resource resource, List<Diagnostic> diagnostics)
    {
        var values = resource.Values;
        var id = RequiredString(values, "id", resource.Address);
        var name = OptionalString(values, "name", resource.Address) ?? (resource.Type == DefaultGroupType ? "default" : id);
        var group = new Collected(id, name, OptionalString(values, "vpc_id", resource.Address), values.Span);
        foreach (var (key, rules) in new[] { ("ingress", group.Ingress), ("egress", group.Egress) })
        {
            foreach (var item in List(values, key, resource.Address))
                Try(diagnostics, () => Add(rules, Rule(item, PermissionKeys.Terraform, id, $"an {key} rule of {resource.Address}", diagnostics)));
        }
        return group;
    }

    /// <summary>aws_security_group_rule: 'type' says ingress or egress; its peers are named as in inline rules.</summary>
    private static (string GroupId, bool Ingress, SecurityGroupRule Rule) SecurityGroupRuleResource(Resource resource, List<Diagnostic> diagnostics)
    {
        var values = resource.Values;
        var groupId = RequiredString(values, "security_group_id", resource.Address);
        var ingress = RequiredString(values, "type", resource.Address) switch
        {
            "ingress" => true,
            "egress" => false,
            var other => throw Error(values["type"]!.Span, $"'type' of {resource.Address} is '{other}'; it must be ingress or egress"),
        };
        return (groupId, ingress, Rule(values, PermissionKeys.Terraform, groupId, resource.Address, diagnostics));
    }

    /// <summary>An inline rule or an aws_security_group_rule: lists of CIDRs, groups, prefix lists, and 'self'.</summary>
    private static SecurityGroupRule Rule(JsonValue rule, PermissionKeys keys, string ownId, string what, List<Diagnostic> diagnostics)
    {
        Expect(rule, JsonValueKind.Object, what);
        var (protocol, connections) = Connections(rule, keys, what);
        var groups = ImmutableArray.CreateBuilder<SecurityGroupReference>();
        foreach (var node in List(rule, "security_groups", what)) groups.Add(Reference(node, "security_groups", what));
        if (rule["source_security_group_id"] is { IsNull: false } source) groups.Add(Reference(source, "source_security_group_id", what));
        if (Flag(rule, "self", what)) groups.Add(new SecurityGroupReference(ownId, rule["self"]!.Span));
        var cidrs = ImmutableArray.CreateBuilder<SecurityGroupCidr>();
        foreach (var node in List(rule, "cidr_blocks", what)) cidrs.Add(Cidr(node, "cidr_blocks", v6: false, what, diagnostics));
        foreach (var node in List(rule, "ipv6_cidr_blocks", what)) cidrs.Add(Cidr(node, "ipv6_cidr_blocks", v6: true, what, diagnostics));
        foreach (var node in List(rule, "prefix_list_ids", what)) diagnostics.Add(PrefixListNotResolved(node.Span));
        return new SecurityGroupRule(protocol, connections, groups.ToImmutable(), cidrs.ToImmutable(), rule.Span);
    }

    /// <summary>aws_vpc_security_group_ingress_rule or _egress_rule: one peer, in one of four single-valued keys.</summary>
    private static (string GroupId, bool Ingress, SecurityGroupRule Rule) VpcRuleResource(Resource resource, List<Diagnostic> diagnostics)
    {
        var values = resource.Values;
        var what = resource.Address;
        var groupId = RequiredString(values, "security_group_id", what);
        var (protocol, connections) = Connections(values, PermissionKeys.TerraformVpcRule, what);
        ImmutableArray<SecurityGroupReference> groups = values["referenced_security_group_id"] is { IsNull: false } referenced
            ? [Reference(referenced, "referenced_security_group_id", what)]
            : [];
        var cidrs = ImmutableArray.CreateBuilder<SecurityGroupCidr>();
        foreach (var (key, v6) in new[] { ("cidr_ipv4", false), ("cidr_ipv6", true) })
        {
            if (values[key] is { IsNull: false } node) cidrs.Add(Cidr(node, key, v6, what, diagnostics));
        }
        if (values["prefix_list_id"] is { IsNull: false } prefixList) diagnostics.Add(PrefixListNotResolved(prefixList.Span));
        return (groupId, resource.Type == IngressRuleType, new SecurityGroupRule(protocol, connections, groups, cidrs.ToImmutable(), values.Span));
    }

    /// <summary>
    /// A group a rule names. The provider writes a group of another account (or of an owner it did not look up) as
    /// "ACCOUNT/sg-..."; group ids are unique across accounts, so the id alone names it.
    /// </summary>
    private static SecurityGroupReference Reference(JsonValue node, string key, string what) =>
        node.Kind == JsonValueKind.String && node.Text is { Length: > 0 } text && text[(text.LastIndexOf('/') + 1)..] is { Length: > 0 } id
            ? new SecurityGroupReference(id, node.Span)
            : throw Error(node.Span, $"'{key}' of {what} must hold security group ids such as \"sg-0123456789abcdef0\"");

    /// <summary>Adds a rule unless the same permission is there already (inline and as its own resource, after a refresh).</summary>
    private static void Add(List<SecurityGroupRule> rules, SecurityGroupRule rule)
    {
        if (!rules.Any(r => Same(r, rule))) rules.Add(rule);
    }

    private static bool Same(SecurityGroupRule a, SecurityGroupRule b) =>
        string.Equals(a.Protocol, b.Protocol, StringComparison.OrdinalIgnoreCase) && a.Connections.Equals(b.Connections)
        && a.Groups.Select(g => g.GroupId).ToHashSet(StringComparer.Ordinal).SetEquals(b.Groups.Select(g => g.GroupId))
        && a.Cidrs.Select(c => c.Cidr).ToHashSet().SetEquals(b.Cidrs.Select(c => c.Cidr));

    private static void Try(List<Diagnostic> diagnostics, Action read)
    {
        try
        {
            read();
        }
        catch (InputError e)
        {
            diagnostics.Add(e.Diagnostic);
        }
    }
}
