using Netpact.Model;

namespace Netpact.Lint.Rules;

/// <summary>ZT041: a security group allowing all traffic to 0.0.0.0/0 or ::/0.</summary>
internal sealed class SecurityGroupUnrestrictedEgressRule() : LintRule(
    "ZT041",
    "security-group-unrestricted-egress",
    LintSeverity.Warning,
    "Security group with unrestricted egress",
    "AWS gives every new group an egress rule allowing all traffic to 0.0.0.0/0. A compromised instance can then reach " +
    "any address on any port: exfiltration, command and control, and lateral movement to other VPCs over the internet.",
    "Replace the default egress rule with the destinations the instance needs: referenced security groups inside the " +
    "VPC, VPC endpoints or prefix lists for AWS services, and a proxy or NAT with filtering for the internet.",
    Compliance.Soc2Cc67, Compliance.Pci132, Compliance.Pci141)
{
    public override string Layer => "AWS";

    internal override IEnumerable<Finding> Check(LintContext context)
    {
        foreach (var group in context.SecurityGroups)
        {
            foreach (var rule in group.Egress.Where(r => r.Connections.IsAll))
            {
                foreach (var cidr in rule.Cidrs.Where(c => c.Cidr.PrefixLength == 0))
                {
                    yield return Found($"security group {group.GroupId} ({group.GroupName}) allows all traffic to {cidr.Cidr}",
                        cidr.Span, $"{group.GroupId}|{cidr.Cidr}", subjects: [new ObjectRef("SecurityGroup", "aws", group.GroupId)]);
                }
            }
        }
    }
}
