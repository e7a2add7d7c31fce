using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Netpact.Intents;

namespace Netpact.Compilers.Aws;

/// <summary>Writes planned security groups as 'aws ec2 describe-security-groups' prints them.</summary>
internal static class DescribeJsonWriter
{
    public static string Write(Intent intent, IReadOnlyList<PlannedGroup> groups)
    {
        var ids = groups.ToDictionary(g => g.Workload, g => g.GroupId);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteStartArray("SecurityGroups");
            foreach (var group in groups)
            {
                json.WriteStartObject();
                json.WriteString("GroupId", group.GroupId);
                json.WriteString("GroupName", group.Workload);
                json.WriteString("Description", TerraformWriter.GroupDescription(intent, group));
                json.WriteString("VpcId", intent.Targets.AwsVpcId);
                Permissions(json, "IpPermissions", group.Ingress, ids);
                Permissions(json, "IpPermissionsEgress", group.Egress, ids);
                json.WriteStartArray("Tags");
                foreach (var (key, value) in TerraformWriter.Tags(intent, group))
                {
                    json.WriteStartObject();
                    json.WriteString("Key", key);
                    json.WriteString("Value", value);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>As AWS groups them: one permission per protocol and port range, listing every peer it admits.</summary>
    private static void Permissions(Utf8JsonWriter json, string name, IReadOnlyList<PlannedRule> rules, Dictionary<string, string> ids)
    {
        json.WriteStartArray(name);
        var permissions = rules.GroupBy(r => (r.Protocol, r.From, r.To))
            .OrderBy(g => SecurityGroupPlan.ProtocolOrder(g.Key.Protocol)).ThenBy(g => g.Key.From).ThenBy(g => g.Key.To);
        foreach (var permission in permissions)
        {
            json.WriteStartObject();
            json.WriteString("IpProtocol", SecurityGroupPlan.AwsProtocol(permission.Key.Protocol));
            if (permission.Key.From >= 0)
            {
                json.WriteNumber("FromPort", permission.Key.From);
                json.WriteNumber("ToPort", permission.Key.To);
            }
            json.WriteStartArray("UserIdGroupPairs");
            foreach (var rule in permission.Where(r => r.PeerGroup is not null))
            {
                json.WriteStartObject();
                json.WriteString("Description", SecurityGroupPlan.RuleDescription(rule));
                json.WriteString("GroupId", ids[rule.PeerGroup!]);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            foreach (var (list, key, v6) in new[] { ("IpRanges", "CidrIp", false), ("Ipv6Ranges", "CidrIpv6", true) })
            {
                json.WriteStartArray(list);
                foreach (var rule in permission.Where(r => r.PeerCidr is { } c && c.IsV6 == v6))
                {
                    json.WriteStartObject();
                    json.WriteString(key, rule.PeerCidr!.ToString());
                    json.WriteString("Description", SecurityGroupPlan.RuleDescription(rule));
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
            json.WriteStartArray("PrefixListIds");
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
