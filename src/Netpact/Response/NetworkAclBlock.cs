using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Netpact.Model;
using Netpact.Verify;

namespace Netpact.Response;

/// <summary>
/// AWS's part of a block: security groups can only allow, so the ranges are denied by network ACL entries, numbered
/// before every other entry of the subnets' ACLs (a network ACL applies its entries in rule-number order, the first
/// match decides, inbound and outbound alike, stateless). Written as Terraform and as the entries of
/// `aws ec2 describe-network-acls`; proven by evaluating those entries, in their order, in front of what the security
/// groups let through.
/// </summary>
internal static class NetworkAclBlock
{
    /// <summary>The first rule number used; AWS evaluates lower numbers first, and 1 is the lowest there is.</summary>
    private const int FirstRule = 1;

    public static (IReadOnlyList<TextFile> Files, LayerProof Proof) Write(Intents.Intent? intent, IReadOnlyList<TextFile> compiled, BlockRequest request, string slug)
    {
        var entries = Entries(request);
        var json = new JsonObject
        {
            ["Comment"] = $"Block of {string.Join(", ", request.Networks)} by netpact. {Block.ReasonAnnotation}: {request.Reason.ReplaceLineEndings(" ")}; " +
                          $"{Block.CreatedAnnotation}: {QuarantineManifests.Created(request.Created)}. " +
                          "Add these entries to the network ACL of every subnet (aws ec2 create-network-acl-entry, or the Terraform beside this file).",
            ["Entries"] = new JsonArray([.. entries.Select(e => (JsonNode)new JsonObject
            {
                ["RuleNumber"] = e.Number,
                ["Protocol"] = "-1",
                ["RuleAction"] = "deny",
                ["Egress"] = e.Egress,
                [e.Range.IsV6 ? "Ipv6CidrBlock" : "CidrBlock"] = e.Range.ToString(),
            })]),
        };
        var files = new List<TextFile>
        {
            new($"{LayerQuarantine.AwsFolder}/network-acl-block.json", json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n"),
            new($"{LayerQuarantine.AwsFolder}/network-acl-block.tf", Terraform(entries, request, slug)),
        };
        return (files, Prove(intent, compiled, files[0], request));
    }

    private sealed record Entry(int Number, bool Egress, Cidr Range);

    private static List<Entry> Entries(BlockRequest request)
    {
        var entries = new List<Entry>();
        var number = FirstRule;
        foreach (var network in request.Networks)
        {
            entries.Add(new Entry(number++, false, network));
            entries.Add(new Entry(number++, true, network));
        }
        return entries;
    }

    private static string Terraform(List<Entry> entries, BlockRequest request, string slug)
    {
        var t = new StringBuilder();
        t.Append($"# Block of {string.Join(", ", request.Networks)} by netpact ({QuarantineManifests.Created(request.Created)}): {request.Reason.ReplaceLineEndings(" ")}\n");
        t.Append($"# {Block.ReasonAnnotation}: {request.Reason.ReplaceLineEndings(" ")}\n");
        t.Append($"# {Block.CreatedAnnotation}: {QuarantineManifests.Created(request.Created)}\n");
        t.Append("# Security groups can only allow: these network ACL entries deny the ranges in both directions on every subnet whose\n");
        t.Append("# ACL is listed in var.network_acl_ids. Rule numbers 1 and up come before every other entry. Undo: remove this file and apply.\n\n");
        t.Append("variable \"network_acl_ids\" {\n  description = \"The network ACLs of the subnets to block the ranges on\"\n  type        = list(string)\n}\n\n");
        foreach (var e in entries)
        {
            var name = $"netpact_block_{slug.Replace('-', '_')}_{e.Number}";
            t.Append($"resource \"aws_network_acl_rule\" \"{name}\" {{\n");
            t.Append("  for_each       = toset(var.network_acl_ids)\n");
            t.Append("  network_acl_id = each.value\n");
            t.Append(CultureInfo.InvariantCulture, $"  rule_number    = {e.Number}\n");
            t.Append($"  egress         = {(e.Egress ? "true" : "false")}\n");
            t.Append("  protocol       = \"-1\"\n");
            t.Append("  rule_action    = \"deny\"\n");
            t.Append($"  {(e.Range.IsV6 ? "ipv6_cidr_block" : "cidr_block     ")} = \"{e.Range}\"\n");
            t.Append("}\n\n");
        }
        return t.ToString();
    }

    /// <summary>
    /// What the security groups let through with the ranges, before and after: the written entries are read back from
    /// their JSON and applied in rule-number order in front of the ACL's own entries (taken to allow, as a default ACL
    /// does); each external peer is cut into the parts the entries treat alike.
    /// </summary>
    private static LayerProof Prove(Intents.Intent? intent, IReadOnlyList<TextFile> compiled, TextFile written, BlockRequest request)
    {
        var groups = LayerReaders.Find(Layer.Aws).Read(compiled, intent ?? Intents.Intent.Empty);
        if (groups.Diagnostics.FirstOrDefault(d => d.Severity == Severity.Error) is { } error)
            throw new InvalidOperationException($"netpact cannot read back the security groups: {error}");
        var entries = ReadEntries(written);
        ImmutableArray<ProvenFlow> Flows(bool withAcl) =>
        [
            .. groups.Flows.Entries
                .SelectMany(e => Pieces(e, withAcl ? entries : []))
                .Where(f => request.Networks.Any(n => f.Peer.Overlaps(n)))
                .Select(f => new ProvenFlow(f.Source, f.Destination, f.Allowed, null))
                .OrderBy(f => f.ToString(), StringComparer.Ordinal),
        ];
        return new LayerProof("aws", "network ACL entries denying the ranges both ways at rule numbers 1 and up, read back from network-acl-block.json " +
                                     "and applied in rule order in front of what the compiled security groups allow",
            Flows(false), Flows(true), ["the subnets' network ACLs are taken to allow everything after these entries, as a default ACL does"]);
    }

    private sealed record Piece(string Source, string Destination, IpRange Peer, ConnectionSet Allowed);

    /// <summary>The parts of a flow's external peer that the first matching ACL entry (for the flow's direction) does not deny.</summary>
    private static IEnumerable<Piece> Pieces(FlowEntry flow, List<Entry> entries)
    {
        var (peer, egress) = flow.Destination.Range is { } d ? (d, true) : flow.Source.Range is { } s ? (s, false) : (null, false);
        if (peer is null) yield break;
        var applicable = entries.Where(e => e.Egress == egress && e.Range.IsV6 == peer.IsV6).OrderBy(e => e.Number).ToList();
        var cuts = IpRange.Pieces([peer, .. applicable.Select(e => new IpRange(e.Range.IsV6, e.Range.First, e.Range.Last))], peer.IsV6)
            .Where(p => peer.First <= p.First && p.Last <= peer.Last);
        foreach (var part in cuts)
        {
            var first = applicable.FirstOrDefault(e => part.Within(e.Range));
            if (first is not null) continue;  // denied: every entry here denies
            yield return new Piece(
                flow.Source.Range is not null ? $"{part}[External]" : flow.Source.ToString(),
                flow.Destination.Range is not null ? $"{part}[External]" : flow.Destination.ToString(),
                part, flow.Allowed);
        }
    }

    private static List<Entry> ReadEntries(TextFile file)
    {
        var root = JsonNode.Parse(file.Content)!.AsObject();
        var result = new List<Entry>();
        foreach (var node in root["Entries"]!.AsArray())
        {
            var e = node!.AsObject();
            if (e["RuleAction"]!.GetValue<string>() != "deny" || e["Protocol"]!.GetValue<string>() != "-1") continue;
            var text = (e["CidrBlock"] ?? e["Ipv6CidrBlock"])!.GetValue<string>();
            result.Add(new Entry(e["RuleNumber"]!.GetValue<int>(), e["Egress"]!.GetValue<bool>(), Cidr.TryParse(text, out _, out _) ?? throw new InvalidOperationException($"netpact wrote an address range it cannot read back: {text}")));
        }
        return result;
    }
}
