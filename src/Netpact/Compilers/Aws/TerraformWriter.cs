using System.Text;
using Netpact.Intents;
using Netpact.Model;

namespace Netpact.Compilers.Aws;

/// <summary>Writes planned security groups as Terraform (AWS provider), laid out as 'terraform fmt' lays it out.</summary>
internal static class TerraformWriter
{
    public static string Write(Intent intent, IReadOnlyList<PlannedGroup> groups)
    {
        var sb = new StringBuilder();
        void Line(string text = "") => sb.Append(text).Append('\n');

        Line($"# {AwsLayerCompiler.TerraformFile}: the security groups of intent '{intent.Name}', compiled by netpact.");
        Line("# Generated from the intent: change the intent and compile again rather than editing this file.");
        Line("#");
        Line("# One security group per workload: attach it to the workload's instances, ENIs or tasks. Each intended");
        Line("# flow is allowed at both ends, by an egress rule on the source's group and an ingress rule on the");
        Line("# destination's group, each naming the other group, so nothing else passes either way. The rules are");
        Line("# separate aws_vpc_security_group_*_rule resources: groups naming each other inline would form a cycle.");
        Line("# Terraform removes the allow-all egress rule AWS gives a new group, so egress is exactly these rules:");
        Line("# no 0.0.0.0/0 egress. The internet reaches only the ports of flows from 'internet' (the seed: 80 and 443).");
        Line($"# {AwsLayerCompiler.JsonFile} shows the same groups as 'aws ec2 describe-security-groups' would, with stand-in ids.");

        var vpc = intent.Targets.AwsVpcId;
        var vpcIsVariable = vpc.StartsWith("var.", StringComparison.Ordinal);
        if (vpcIsVariable)
        {
            Line();
            Line($"variable \"{vpc["var.".Length..]}\" {{");
            Line("  description = \"The VPC of the security groups\"");
            Line("  type        = string");
            Line("}");
        }

        foreach (var group in groups)
        {
            Line();
            Line($"resource \"aws_security_group\" \"{Identifier(group.Workload)}\" {{");
            Attributes(Line,
                ("name", Quote(group.Workload)),
                ("description", Quote(GroupDescription(intent, group))),
                ("vpc_id", vpcIsVariable ? vpc : Quote(vpc)));
            Line();
            Line("  tags = {");
            var tags = Tags(intent, group);
            var width = tags.Max(t => Quote(t.Key).Length);
            foreach (var (key, value) in tags) Line($"    {(key == "Name" ? key : Quote(key)).PadRight(width)} = {Quote(value)}");
            Line("  }");
            Line("}");
        }

        foreach (var group in groups)
        {
            foreach (var rule in group.Ingress.Concat(group.Egress))
            {
                Line();
                var peer = rule.PeerGroup ?? rule.PeerCidr!.ToString();
                var flows = (rule.FlowIds.Length == 1 ? "intent flow " : "intent flows ") + string.Join(", ", rule.FlowIds.Select(f => $"'{f}'"));
                Line(rule.Ingress
                    ? $"# {peer} -> {group.Workload} {Ports(rule)}, ingress end ({flows})"
                    : $"# {group.Workload} -> {peer} {Ports(rule)}, egress end ({flows})");
                if (rule.Ingress && rule.PeerCidr is { PrefixLength: 0 } && !(rule.Protocol == Protocol.TCP && rule.From == rule.To && rule.From is 80 or 443))
                    Line("# Note: the seed admits the internet on 80 and 443 only; the intent asks for this port as well.");
                var kind = rule.Ingress ? "aws_vpc_security_group_ingress_rule" : "aws_vpc_security_group_egress_rule";
                var attributes = new List<(string, string)> { ("security_group_id", $"aws_security_group.{Identifier(group.Workload)}.id") };
                if (rule.PeerGroup is { } other) attributes.Add(("referenced_security_group_id", $"aws_security_group.{Identifier(other)}.id"));
                else attributes.Add((rule.PeerCidr!.IsV6 ? "cidr_ipv6" : "cidr_ipv4", Quote(rule.PeerCidr.ToString())));
                attributes.Add(("ip_protocol", Quote(SecurityGroupPlan.AwsProtocol(rule.Protocol))));
                if (rule.From >= 0)
                {
                    attributes.Add(("from_port", $"{rule.From}"));
                    attributes.Add(("to_port", $"{rule.To}"));
                }
                attributes.Add(("description", Quote(SecurityGroupPlan.RuleDescription(rule))));
                Line($"resource \"{kind}\" \"{RuleName(group, rule)}\" {{");
                Attributes(Line, [.. attributes]);
                Line("}");
            }
        }
        return sb.ToString();
    }

    public static string GroupDescription(Intent intent, PlannedGroup group) =>
        SecurityGroupPlan.Description($"{group.Workload} in zone {group.Zone} of intent {intent.Name} (netpact)");

    public static IReadOnlyList<(string Key, string Value)> Tags(Intent intent, PlannedGroup group) =>
        [("Name", group.Workload), ("netpact/intent", intent.Name), ("netpact/zone", group.Zone)];

    private static string Ports(PlannedRule rule) =>
        rule.From < 0 ? $"all {rule.Protocol}" : rule.From == rule.To ? $"{rule.From}/{rule.Protocol}" : $"{rule.From}-{rule.To}/{rule.Protocol}";

    /// <summary>"noa-server--from--ingress-nginx-controller--tcp-3000": unique per rule, readable in plans.</summary>
    private static string RuleName(PlannedGroup group, PlannedRule rule)
    {
        var peer = rule.PeerGroup ?? rule.PeerCidr switch
        {
            { PrefixLength: 0, IsV6: false } => "internet-ipv4",
            { PrefixLength: 0, IsV6: true } => "internet-ipv6",
            var cidr => "cidr-" + cidr!.ToString().Replace('.', '-').Replace(':', '-').Replace('/', '-'),
        };
        var ports = rule.From < 0 ? "" : rule.From == rule.To ? $"-{rule.From}" : $"-{rule.From}-{rule.To}";
        var protocol = rule.Protocol.ToString().ToLowerInvariant();
        return Identifier($"{group.Workload}--{(rule.Ingress ? "from" : "to")}--{peer}--{protocol}{ports}");
    }

    /// <summary>A Terraform identifier: letters, digits, '_' and '-', not starting with a digit.</summary>
    private static string Identifier(string name) => char.IsAsciiDigit(name[0]) ? "_" + name : name;

    private static string Quote(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("${", "$${", StringComparison.Ordinal).Replace("%{", "%%{", StringComparison.Ordinal) + "\"";

    private static void Attributes(Action<string> line, params (string Key, string Value)[] attributes)
    {
        var width = attributes.Max(a => a.Key.Length);
        foreach (var (key, value) in attributes) line($"  {key.PadRight(width)} = {value}");
    }
}
