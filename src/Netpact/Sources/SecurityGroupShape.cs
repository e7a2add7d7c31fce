namespace Netpact.Sources;

/// <summary>The JSON documents netpact reads security groups from, told apart by their structure (<see cref="SecurityGroupShapes"/>).</summary>
public enum SecurityGroupShape
{
    /// <summary>Not security groups (a Kubernetes manifest, say).</summary>
    None,

    /// <summary>The output of 'aws ec2 describe-security-groups': {"SecurityGroups": [...]}.</summary>
    Describe,

    /// <summary>The list of groups alone, as '--query SecurityGroups' prints it: [{"GroupId": ..., "IpPermissions": ...}].</summary>
    List,

    /// <summary>One group, as '--query SecurityGroups[0]' prints it.</summary>
    Group,

    /// <summary>Terraform state: a .tfstate file, or 'terraform show -json'.</summary>
    Terraform,
}
