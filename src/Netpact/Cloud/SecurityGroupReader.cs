using System.Collections.Immutable;
using System.Text.Json;
using Netpact.Kubernetes;
using Netpact.Model;
using Netpact.Sources.Yaml;
using Netpact.Sources;
using static Netpact.Cloud.SecurityGroupJson;

namespace Netpact.Cloud;

/// <summary>
/// Reads security groups from JSON of any <see cref="SecurityGroupShape"/>: the output of 'aws ec2
/// describe-security-groups' ({"SecurityGroups": [...]}), the bare list of groups or one group as '--query' prints
/// them, or Terraform state (<see cref="TerraformSecurityGroups"/>). Group ids and names, and each permission's
/// protocol, ports, referenced groups and CIDRs. Prefix lists are not resolved (their contents live in AWS), and
/// ICMP and protocols other than TCP, UDP and SCTP are not modelled.
/// </summary>
public static class SecurityGroupReader
{
    /// <summary>What the reader accepts and how to get it, for the error on anything else.</summary>
    public const string Expected =
        "expected security groups: the JSON of 'aws ec2 describe-security-groups' (also with '--query SecurityGroups' " +
        "or one group), or Terraform state ('terraform show -json', terraform.tfstate)";

    public static SecurityGroupReadResult ReadText(string text, string file)
    {
        var diagnostics = new List<Diagnostic>();
        var root = LocatedJson.Parse(text, file, diagnostics);
        if (root is null) return new SecurityGroupReadResult([], [.. diagnostics]);
        var shape = root.Kind switch
        {
            JsonValueKind.Array => SecurityGroupShape.List,
            JsonValueKind.Object => SecurityGroupShapes.OfObject(key => root[key] is not null),
            _ => SecurityGroupShape.None,
        };
        var groups = new List<SecurityGroup>();
        try
        {
            switch (shape)
            {
                case SecurityGroupShape.Describe:
                    var list = root["SecurityGroups"]!;
                    Expect(list, JsonValueKind.Array, "'SecurityGroups'");
                    ReadGroups(list.Items, groups, diagnostics);
                    break;
                case SecurityGroupShape.List:
                    ReadGroups(root.Items, groups, diagnostics);
                    break;
                case SecurityGroupShape.Group:
                    ReadGroups([root], groups, diagnostics);
                    break;
                case SecurityGroupShape.Terraform:
                    TerraformSecurityGroups.Read(root, groups, diagnostics);
                    break;
                default:
                    diagnostics.Add(Diagnostic.Error(root.Span, Expected));
                    break;
            }
        }
        catch (InputError e)
        {
            diagnostics.Add(e.Diagnostic);
        }
        foreach (var duplicate in groups.GroupBy(g => g.GroupId).Where(g => g.Count() > 1))
            diagnostics.Add(Diagnostic.Error(duplicate.Skip(1).First().Span, $"security group {duplicate.Key} is listed twice (first at {duplicate.First().Span}); keep one"));
        return new SecurityGroupReadResult([.. groups], [.. diagnostics]);
    }

    private static void ReadGroups(IEnumerable<JsonValue> items, List<SecurityGroup> groups, List<Diagnostic> diagnostics)
    {
        foreach (var item in items)
        {
            try
            {
                groups.Add(ReadGroup(item, diagnostics));
            }
            catch (InputError e)
            {
                diagnostics.Add(e.Diagnostic);
            }
        }
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
        var result = ImmutableArray.CreateBuilder<SecurityGroupRule>();
        foreach (var item in List(group, key, what))
        {
            try
            {
                result.Add(ReadRule(item, $"a permission in '{key}' of {what}", diagnostics));
            }
            catch (InputError e)
            {
                diagnostics.Add(e.Diagnostic);
            }
        }
        return result.ToImmutable();
    }

    private static SecurityGroupRule ReadRule(JsonValue rule, string what, List<Diagnostic> diagnostics)
    {
        Expect(rule, JsonValueKind.Object, what);
        var (protocol, connections) = Connections(rule, PermissionKeys.Aws, what);
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
                var node = range[cidrKey] is { IsNull: false } found ? found : throw Error(range.Span, $"an entry of '{listKey}' of {what} has no '{cidrKey}'");
                cidrs.Add(Cidr(node, cidrKey, v6, what, diagnostics));
            }
        }
        foreach (var prefixList in List(rule, "PrefixListIds", what)) diagnostics.Add(PrefixListNotResolved(prefixList.Span));
        return new SecurityGroupRule(protocol, connections, groups.ToImmutable(), cidrs.ToImmutable(), rule.Span);
    }
}
