using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Netpact.Intents;
using Netpact.Model;

namespace Netpact.Response;

/// <summary>
/// AWS's part of a quarantine: security groups cannot deny, so the target's instances are moved into an isolation
/// group that admits only the forensic sources (and reaches DNS when asked). Written as Terraform, as the group in
/// `aws ec2 describe-security-groups` form, and as a script that swaps each network interface's groups (keeping the old
/// ones for the undo). Proven by reading back the compiled groups with the target's instances in the isolation group.
/// </summary>
internal static class AwsQuarantine
{
    private const string GroupsFile = "security-groups.json";

    /// <summary>The files to write and the groups as they are after the swap (for the proof); null when the compiled groups are not there.</summary>
    public static (IReadOnlyList<TextFile> Files, IReadOnlyList<TextFile> After)? Isolate(Intent intent, IReadOnlyList<TextFile> compiled, QuarantineRequest request,
        QuarantineScope target, IReadOnlyList<(ForensicSource Source, QuarantineScope? Pods)> allow, IReadOnlyList<QuarantineScope> dns)
    {
        if (compiled.FirstOrDefault(f => f.Path.EndsWith(GroupsFile, StringComparison.Ordinal)) is not { } groupsFile) return null;
        if (JsonNode.Parse(groupsFile.Content)?["SecurityGroups"] is not JsonArray groups) return null;
        var idOf = groups.OfType<JsonObject>().Where(g => g["GroupName"] is not null && g["GroupId"] is not null)
            .ToDictionary(g => g["GroupName"]!.GetValue<string>(), g => g["GroupId"]!.GetValue<string>(), StringComparer.Ordinal);
        var targets = LayerQuarantine.WorkloadsOf(intent, target).Select(w => w.Name).ToList();
        if (targets.Count == 0 || targets.Any(t => !idOf.ContainsKey(t))) return null;

        string Workloads(QuarantineScope scope) => string.Join(",", intent.Workloads.Where(w => scope.Holds(intent.NamespaceOf(w), w.Labels)).Select(w => w.Name));
        var peers = new List<(string Description, JsonObject Peer, bool AllPorts)>();
        foreach (var (source, pods) in allow)
        {
            if (source.Network is { } cidr)
            {
                peers.Add(($"forensic source {source}", cidr.IsV6
                    ? new JsonObject { ["Ipv6Ranges"] = new JsonArray(new JsonObject { ["CidrIpv6"] = cidr.ToString(), ["Description"] = $"forensic source {source}" }) }
                    : new JsonObject { ["IpRanges"] = new JsonArray(new JsonObject { ["CidrIp"] = cidr.ToString(), ["Description"] = $"forensic source {source}" }) }, true));
            }
            else if (pods is not null)
            {
                foreach (var peer in Workloads(pods).Split(',', StringSplitOptions.RemoveEmptyEntries).Where(idOf.ContainsKey))
                    peers.Add(($"forensic source {source}", new JsonObject { ["UserIdGroupPairs"] = new JsonArray(new JsonObject { ["GroupId"] = idOf[peer], ["Description"] = $"forensic source {source}" }) }, true));
            }
        }
        var resolvers = dns.SelectMany(d => Workloads(d).Split(',', StringSplitOptions.RemoveEmptyEntries)).Where(idOf.ContainsKey).Distinct().ToList();

        var isolationId = $"sg-netpact-quarantine-{Hash(request.Target.Slug)}";
        JsonObject Group(string name, string id) => new()
        {
            ["GroupId"] = id,
            ["GroupName"] = name,
            ["Description"] = $"Quarantine of {request.Target} by netpact ({QuarantineManifests.Created(request.Created)}): {request.Reason.ReplaceLineEndings(" ")}",
            ["IpPermissions"] = new JsonArray([.. peers.Select(p => (JsonNode)Permission("-1", null, p.Peer))]),
            ["IpPermissionsEgress"] = new JsonArray([
                .. peers.Select(p => (JsonNode)Permission("-1", null, p.Peer)),
                .. resolvers.SelectMany(r => new[] { "tcp", "udp" }.Select(proto => (JsonNode)Permission(proto, 53,
                    new JsonObject { ["UserIdGroupPairs"] = new JsonArray(new JsonObject { ["GroupId"] = idOf[r], ["Description"] = "DNS" }) }))),
            ]),
        };
        var name = QuarantineManifests.ObjectName(request.Target);
        var written = new JsonObject { ["SecurityGroups"] = new JsonArray(Group(name, isolationId)) };
        var files = new List<TextFile>
        {
            new($"{LayerQuarantine.AwsFolder}/{name}.json", written.ToJsonString(Indented) + "\n"),
            new($"{LayerQuarantine.AwsFolder}/{name}.tf", Terraform(name, request, peers, resolvers, idOf)),
            new($"{LayerQuarantine.AwsFolder}/{name}-swap.sh", Script(name, request, targets)),
        };

        // After the swap each target's instances are in the isolation group, and its old group has no members left.
        var after = new JsonArray();
        foreach (var g in groups.OfType<JsonObject>())
        {
            var copy = (JsonObject)g.DeepClone();
            var groupName = copy["GroupName"]?.GetValue<string>() ?? "";
            if (targets.Contains(groupName, StringComparer.Ordinal))
                copy["GroupName"] = $"{groupName} (pre-incident, no members)";
            // A resolver's group admits the isolated instances on 53 (the Terraform adds these rules to it).
            if (resolvers.Contains(groupName, StringComparer.Ordinal) && copy["IpPermissions"] is JsonArray inbound)
            {
                foreach (var t in targets)
                {
                    foreach (var proto in new[] { "tcp", "udp" })
                        inbound.Add(Permission(proto, 53, new JsonObject { ["UserIdGroupPairs"] = new JsonArray(new JsonObject { ["GroupId"] = $"{isolationId}-{t}", ["Description"] = "DNS" }) }));
                }
            }
            after.Add(copy);
        }
        foreach (var t in targets) after.Add(Group(t, $"{isolationId}-{t}"));
        var afterFile = new TextFile($"{LayerQuarantine.AwsFolder}/{GroupsFile}", new JsonObject { ["SecurityGroups"] = after }.ToJsonString(Indented));
        return (files, [afterFile]);
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static JsonObject Permission(string protocol, int? port, JsonObject peer)
    {
        var p = new JsonObject { ["IpProtocol"] = protocol };
        if (port is { } n)
        {
            p["FromPort"] = n;
            p["ToPort"] = n;
        }
        foreach (var key in new[] { "UserIdGroupPairs", "IpRanges", "Ipv6Ranges" })
            p[key] = peer[key]?.DeepClone() ?? new JsonArray();
        p["PrefixListIds"] = new JsonArray();
        return p;
    }

    private static string Hash(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];

    private static string Terraform(string name, QuarantineRequest request, List<(string Description, JsonObject Peer, bool AllPorts)> peers,
        List<string> resolvers, Dictionary<string, string> idOf)
    {
        var t = new StringBuilder();
        t.Append($"# Quarantine of {request.Target} by netpact ({QuarantineManifests.Created(request.Created)}): {request.Reason.ReplaceLineEndings(" ")}\n");
        t.Append($"# {QuarantineManifests.ReasonAnnotation}: {request.Reason.ReplaceLineEndings(" ")}\n");
        t.Append($"# {QuarantineManifests.CreatedAnnotation}: {QuarantineManifests.Created(request.Created)}\n");
        t.Append("# The isolation group: only the forensic sources in and out (and DNS when asked). Terraform removes AWS's default\n");
        t.Append($"# allow-all egress rule of a group it manages. Move the target's instances into it with {name}-swap.sh.\n\n");
        t.Append($"resource \"aws_security_group\" \"{name.Replace('-', '_')}\" {{\n");
        t.Append($"  name        = \"{name}\"\n  description = \"netpact quarantine of {request.Target}\"\n  vpc_id      = var.vpc_id\n\n");
        foreach (var (direction, withDns) in new[] { ("ingress", false), ("egress", true) })
        {
            foreach (var p in peers)
            {
                t.Append($"  {direction} {{\n    description = \"{p.Description}\"\n    protocol    = \"-1\"\n    from_port   = 0\n    to_port     = 0\n");
                if (p.Peer["IpRanges"] is JsonArray v4) t.Append($"    cidr_blocks = [\"{v4[0]!["CidrIp"]!.GetValue<string>()}\"]\n");
                if (p.Peer["Ipv6Ranges"] is JsonArray v6) t.Append($"    ipv6_cidr_blocks = [\"{v6[0]!["CidrIpv6"]!.GetValue<string>()}\"]\n");
                if (p.Peer["UserIdGroupPairs"] is JsonArray g) t.Append($"    security_groups = [\"{g[0]!["GroupId"]!.GetValue<string>()}\"]\n");
                t.Append("  }\n");
            }
            if (!withDns) continue;
            foreach (var r in resolvers)
            {
                foreach (var proto in new[] { "tcp", "udp" })
                    t.Append(CultureInfo.InvariantCulture, $"  egress {{\n    description     = \"DNS\"\n    protocol        = \"{proto}\"\n    from_port       = 53\n    to_port         = 53\n    security_groups = [\"{idOf[r]}\"]\n  }}\n");
            }
        }
        t.Append("}\n");
        // Security groups need both sides: each resolver's group admits the isolation group on 53.
        foreach (var r in resolvers)
        {
            foreach (var proto in new[] { "tcp", "udp" })
            {
                t.Append(CultureInfo.InvariantCulture, $"\nresource \"aws_security_group_rule\" \"{name.Replace('-', '_')}_dns_{r.Replace('-', '_')}_{proto}\" {{\n");
                t.Append($"  description              = \"DNS from the quarantine of {request.Target}\"\n  type                     = \"ingress\"\n");
                t.Append($"  security_group_id        = \"{idOf[r]}\"\n  protocol                 = \"{proto}\"\n  from_port                = 53\n  to_port                  = 53\n");
                t.Append($"  source_security_group_id = aws_security_group.{name.Replace('-', '_')}.id\n}}\n");
            }
        }
        return t.ToString();
    }

    private static string Script(string name, QuarantineRequest request, List<string> targets)
    {
        var t = new StringBuilder();
        t.Append("#!/bin/sh\n");
        t.Append($"# Quarantine of {request.Target} by netpact ({QuarantineManifests.Created(request.Created)}): {request.Reason.ReplaceLineEndings(" ")}\n");
        t.Append($"# {QuarantineManifests.ReasonAnnotation}: {request.Reason.ReplaceLineEndings(" ")}\n");
        t.Append($"# {QuarantineManifests.CreatedAnnotation}: {QuarantineManifests.Created(request.Created)}\n");
        t.Append($"# Moves the network interfaces of {string.Join(", ", targets)} into the isolation group {name} (created by {name}.tf):\n");
        t.Append("#   ISOLATION_GROUP=sg-... sh this-script.sh eni-...     swap (each interface's groups are saved to ENI.groups first)\n");
        t.Append("#   sh this-script.sh --undo eni-...                      put the saved groups back\n");
        t.Append("set -eu\n");
        t.Append("if [ \"${1:-}\" = --undo ]; then\n  shift\n  for eni in \"$@\"; do\n");
        t.Append("    aws ec2 modify-network-interface-attribute --network-interface-id \"$eni\" --groups $(cat \"$eni.groups\")\n  done\n  exit 0\nfi\n");
        t.Append(": \"${ISOLATION_GROUP:?set ISOLATION_GROUP to the id of the group " + name + "}\"\n");
        t.Append("for eni in \"$@\"; do\n");
        t.Append("  aws ec2 describe-network-interfaces --network-interface-ids \"$eni\" --query 'NetworkInterfaces[0].Groups[].GroupId' --output text > \"$eni.groups\"\n");
        t.Append("  aws ec2 modify-network-interface-attribute --network-interface-id \"$eni\" --groups \"$ISOLATION_GROUP\"\ndone\n");
        return t.ToString();
    }
}
