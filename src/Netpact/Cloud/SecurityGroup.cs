using System.Collections.Immutable;
using Netpact.Model;

namespace Netpact.Cloud;

/// <summary>A security group another rule names, where it names it.</summary>
public sealed record SecurityGroupReference(string GroupId, SourceSpan Span);

/// <summary>A CIDR a rule names, where it names it.</summary>
public sealed record SecurityGroupCidr(Cidr Cidr, SourceSpan Span);

/// <summary>
/// One permission (ingress or egress): protocol and ports, and the peers it admits: groups and address ranges.
/// </summary>
public sealed record SecurityGroupRule(
    string Protocol,
    ConnectionSet Connections,
    ImmutableArray<SecurityGroupReference> Groups,
    ImmutableArray<SecurityGroupCidr> Cidrs,
    SourceSpan Span)
{
    /// <summary>"TCP 5432", "all traffic", as a reason in explanations.</summary>
    public string Describe() =>
        Connections.IsAll ? "all traffic" : Connections.IsEmpty ? $"protocol {Protocol}" : Connections.ToString();
}

/// <summary>An AWS security group as 'aws ec2 describe-security-groups' shows it. Groups are stateful: replies always pass.</summary>
public sealed record SecurityGroup(
    string GroupId,
    string GroupName,
    string? VpcId,
    ImmutableArray<SecurityGroupRule> Ingress,
    ImmutableArray<SecurityGroupRule> Egress,
    SourceSpan Span);

/// <summary>Security groups read from a file, and every problem found in it.</summary>
public sealed record SecurityGroupReadResult(ImmutableArray<SecurityGroup> Groups, ImmutableArray<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == Severity.Error);
}
