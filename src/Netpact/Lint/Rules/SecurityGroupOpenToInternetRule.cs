using Netpact.Model;

namespace Netpact.Lint.Rules;

/// <summary>ZT040: a security group admitting 0.0.0.0/0 or ::/0 on anything but TCP 80 and 443.</summary>
internal sealed class SecurityGroupOpenToInternetRule() : LintRule(
    "ZT040",
    "security-group-open-to-internet",
    LintSeverity.Error,
    "Security group open to 0.0.0.0/0 on other ports than 80/443",
    "Only public web endpoints belong on the internet. SSH, RDP, databases, admin and metrics ports open to every " +
    "address are found by scanners within minutes and are the first door of most cloud breaches.",
    "Admit the internet on TCP 443 (and 80 for redirects) only, on the load balancer's group; reach other ports through " +
    "a referenced security group, a VPN, or Session Manager instead of 0.0.0.0/0.",
    Compliance.Soc2Cc66, Compliance.Pci131, Compliance.Pci141, Compliance.Pci142)
{
    private static readonly ConnectionSet Web = ConnectionSet.Of(Protocol.TCP, PortSet.Single(80)).Union(ConnectionSet.Of(Protocol.TCP, PortSet.Single(443)));

    public override string Layer => "AWS";

    internal override IEnumerable<Finding> Check(LintContext context)
    {
        foreach (var group in context.SecurityGroups)
        {
            foreach (var rule in group.Ingress)
            {
                var extra = rule.Connections.Subtract(Web);
                if (extra.IsEmpty) continue;
                foreach (var cidr in rule.Cidrs.Where(c => c.Cidr.PrefixLength == 0))
                {
                    yield return Found(
                        $"security group {group.GroupId} ({group.GroupName}) admits {rule.Describe()} from {cidr.Cidr}, the whole internet",
                        cidr.Span, $"{group.GroupId}|{cidr.Cidr}|{extra}", subjects: [new ObjectRef("SecurityGroup", "aws", group.GroupId)]);
                }
            }
        }
    }
}
