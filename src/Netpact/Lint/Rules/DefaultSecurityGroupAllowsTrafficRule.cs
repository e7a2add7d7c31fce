using Netpact.Cloud;
using Netpact.Model;

namespace Netpact.Lint.Rules;

/// <summary>ZT042: a VPC's default security group with any inbound or outbound rule (CIS AWS Foundations 5.4).</summary>
internal sealed class DefaultSecurityGroupAllowsTrafficRule() : LintRule(
    "ZT042",
    "default-security-group-allows-traffic",
    LintSeverity.Warning,
    "Default security group of a VPC allows traffic",
    "Every instance, interface or endpoint launched without a security group lands in its VPC's default group. AWS " +
    "gives that group a rule admitting all traffic from its own members and one allowing all traffic out, so " +
    "everything that lands there by omission can reach everything else that did, on every port, and the internet.",
    "Remove every inbound and outbound rule of the default group (Terraform: an aws_default_security_group with no " +
    "ingress or egress blocks) and attach purpose-made groups to each resource instead.",
    Compliance.CisAws54, Compliance.Pci125, Compliance.Soc2Cc61)
{
    public override string Layer => "AWS";

    internal override IEnumerable<Finding> Check(LintContext context)
    {
        // AWS reserves the name: no other group can be called "default".
        foreach (var group in context.SecurityGroups.Where(g => g.GroupName == "default"))
        {
            var of = group.VpcId is null ? "" : $" of {group.VpcId}";
            foreach (var (rule, inbound) in group.Ingress.Select(r => (r, true)).Concat(group.Egress.Select(r => (r, false))))
            {
                var peers = Peers(group, rule);
                yield return Found(
                    $"the default security group {group.GroupId}{of} allows {(inbound ? "inbound" : "outbound")} {rule.Describe()} {(inbound ? "from" : "to")} {peers}; it should allow nothing",
                    rule.Span, $"{group.GroupId}|{(inbound ? "in" : "out")}|{rule.Describe()}|{peers}",
                    subjects: [new ObjectRef("SecurityGroup", "aws", group.GroupId)]);
            }
        }
    }

    private static string Peers(SecurityGroup group, SecurityGroupRule rule)
    {
        var peers = rule.Groups.Select(g => g.GroupId == group.GroupId ? "its own members" : $"group {g.GroupId}")
            .Concat(rule.Cidrs.Select(c => c.Cidr.ToString()))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return peers.Count == 0 ? "a managed prefix list" : string.Join(", ", peers);
    }
}
