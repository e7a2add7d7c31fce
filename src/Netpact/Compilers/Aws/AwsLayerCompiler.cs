using Netpact.Intents;
using Netpact.Model;

namespace Netpact.Compilers.Aws;

/// <summary>
/// AWS security groups: Terraform that creates one group per workload with a rule at each end of every
/// intended flow, and the same groups as 'aws ec2 describe-security-groups' JSON, which Read checks.
/// </summary>
public sealed class AwsLayerCompiler : ILayerCompiler
{
    public const string TerraformFile = "aws/security-groups.tf";
    public const string JsonFile = "aws/security-groups.json";

    public Layer Layer => Layer.Aws;

    public IReadOnlyList<TextFile> Compile(Intent intent)
    {
        var groups = SecurityGroupPlan.Of(intent);
        return [new TextFile(TerraformFile, TerraformWriter.Write(intent, groups)), new TextFile(JsonFile, DescribeJsonWriter.Write(intent, groups))];
    }
}
