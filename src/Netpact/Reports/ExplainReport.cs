using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Netpact.Analysis;
using Netpact.Model;

namespace Netpact.Reports;

/// <summary>The formats of explain: the text for people, json for machines.</summary>
public enum ExplainFormat { Txt, Json }

/// <summary>Prints an explanation: the verdict, then the reasons of the source's egress and the destination's ingress.</summary>
public static class ExplainReport
{
    /// <summary>The verdict: on the port asked about, or on anything at all.</summary>
    public static bool IsAllowed(Explanation e, (Protocol Protocol, int Port)? port = null) =>
        port is { } p ? e.Allowed.Allows(p.Protocol, p.Port) : !e.Allowed.IsEmpty;

    /// <summary>
    /// The explanation for machines: the verdict, the pair, the port asked about, what is allowed, what blocks the
    /// port, and the reasons of each side (and of Istio) as the lines the text prints, without their indentation.
    /// </summary>
    public static string WriteJson(Explanation e, (Protocol Protocol, int Port)? port = null)
    {
        return Json(IsAllowed(e, port), e.Source.ToString(), e.Destination.ToString(), port, e.Allowed, json =>
        {
            json.WriteStartArray("blockedBy");
            if (port is { } p && !IsAllowed(e, port))
                foreach (var b in Blockers(e, p)) json.WriteStringValue(b);
            json.WriteEndArray();
            foreach (var (name, side) in new[] { ("egress", e.Egress), ("ingress", e.Ingress) })
            {
                json.WriteStartObject(name);
                json.WriteString("subject", side.Subject);
                json.WriteString("allowed", side.Allowed.IsEmpty ? "" : side.Allowed.ToString());
                var body = new StringBuilder();
                SideBody(body, side);
                Lines(json, "reasons", body);
                json.WriteEndObject();
            }
            if (e.Mesh is { } mesh)
            {
                json.WriteStartObject("istio");
                json.WriteString("at", e.Destination.ToString());
                json.WriteString("allowed", mesh.Allowed.IsEmpty ? "" : mesh.Allowed.ToString());
                var body = new StringBuilder();
                MeshBody(body, e, mesh);
                Lines(json, "reasons", body);
                json.WriteEndObject();
            }
            else json.WriteNull("istio");
        });
    }

    /// <summary>explain on another layer's files (Compose, security groups) for machines: the layer's reasons.</summary>
    public static string WriteLayerJson(bool allowed, string source, string destination, (Protocol Protocol, int Port)? port,
        ConnectionSet connections, string layer, IEnumerable<string> files, IEnumerable<string> reasons) =>
        Json(allowed, source, destination, port, connections, json =>
        {
            json.WriteString("layer", layer);
            json.WriteStartArray("files");
            foreach (var f in files) json.WriteStringValue(f);
            json.WriteEndArray();
            json.WriteStartArray("reasons");
            foreach (var r in reasons) json.WriteStringValue(r);
            json.WriteEndArray();
        });

    private static string Json(bool allowed, string source, string destination, (Protocol Protocol, int Port)? port,
        ConnectionSet connections, Action<Utf8JsonWriter> body)
    {
        var options = new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, options))
        {
            json.WriteStartObject();
            json.WriteString("verdict", allowed ? "ALLOWED" : "DENIED");
            json.WriteString("source", source);
            json.WriteString("destination", destination);
            if (port is { } p)
            {
                json.WriteStartObject("port");
                json.WriteString("protocol", p.Protocol.ToString());
                json.WriteNumber("port", p.Port);
                json.WriteEndObject();
            }
            else json.WriteNull("port");
            // What is allowed between them, in the connection syntax of analyze's json ("" when nothing).
            json.WriteString("allowed", connections.IsEmpty ? "" : connections.ToString());
            body(json);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    private static void Lines(Utf8JsonWriter json, string name, StringBuilder text)
    {
        json.WriteStartArray(name);
        foreach (var line in text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
            json.WriteStringValue(line.StartsWith("  ", StringComparison.Ordinal) ? line[2..] : line);
        json.WriteEndArray();
    }

    private static IEnumerable<string> Blockers(Explanation e, (Protocol Protocol, int Port) p) =>
        new[] { e.Egress, e.Ingress }.Where(s => !s.Allowed.Allows(p.Protocol, p.Port))
            .Select(s => $"{s.Direction.ToString().ToLowerInvariant()} of {s.Subject}")
            .Concat(e.Mesh is { Verdict: not null } m && p.Protocol == Protocol.TCP && !m.Verdict.Tcp.Contains(p.Port)
                ? [$"Istio at {e.Destination}"] : []);

    public static string Write(Explanation e, (Protocol Protocol, int Port)? port = null)
    {
        var sb = new StringBuilder();
        if (port is { } p)
        {
            var ok = e.Allowed.Allows(p.Protocol, p.Port);
            sb.Append(ok ? "ALLOWED" : "DENIED").Append(": ").Append(e.Source).Append(" => ").Append(e.Destination)
              .Append(" on ").Append(p.Protocol).Append(' ').Append(p.Port).Append('\n');
            if (!ok)
            {
                sb.Append("blocked by: ").Append(string.Join(" and ", Blockers(e, p))).Append('\n');
            }
        }
        else
        {
            sb.Append(e.Allowed.IsEmpty ? "DENIED" : "ALLOWED").Append(": ").Append(e.Source).Append(" => ").Append(e.Destination);
            if (!e.Allowed.IsEmpty) sb.Append(" : ").Append(e.Allowed);
            sb.Append('\n');
        }
        Side(sb, e.Egress);
        Side(sb, e.Ingress);
        if (e.Mesh is { } mesh) Mesh(sb, e, mesh);
        return sb.ToString();
    }

    private static void Mesh(StringBuilder sb, Explanation e, MeshExplanation mesh)
    {
        sb.Append("\nIstio at ").Append(e.Destination).Append(":\n");
        MeshBody(sb, e, mesh);
    }

    /// <summary>Istio's reasons without their heading (the HTML report adds them to the ingress side's).</summary>
    internal static void MeshBody(StringBuilder sb, Explanation e, MeshExplanation mesh)
    {
        if (e.Destination.IsExternal) return;
        if (mesh.Verdict is not { } verdict)
        {
            sb.Append("  it runs no sidecar: Istio does not stand between them\n");
            return;
        }
        sb.Append(mesh.SourceInMesh ? "  the source calls over mTLS with its service account's principal\n"
            : "  the source runs no sidecar: it calls in plaintext, with no principal or namespace\n");
        foreach (var reason in verdict.Reasons) sb.Append("  ").Append(reason).Append('\n');
        foreach (var caveat in verdict.Caveats) sb.Append("  approximation: ").Append(caveat).Append('\n');
        sb.Append("  TCP it lets through: ").Append(verdict.Tcp.IsEmpty ? "none" : verdict.Tcp.ToString())
          .Append(" (UDP and SCTP are NetworkPolicy's alone)\n");
    }

    private static void Side(StringBuilder sb, SideExplanation side)
    {
        sb.Append('\n').Append(side.Direction == Direction.Egress ? "Egress of " : "Ingress of ").Append(side.Subject).Append(":\n");
        SideBody(sb, side);
    }

    /// <summary>The reasons of one side without its heading (the HTML report shares them between edges).</summary>
    internal static void SideBody(StringBuilder sb, SideExplanation side)
    {
        if (side.Unrestricted)
        {
            sb.Append(side.Subject.EndsWith("[External]", StringComparison.Ordinal)
                ? "  external addresses are not governed by NetworkPolicy: all allowed\n"
                : $"  no NetworkPolicy selects it for {side.Direction}: all allowed\n");
            return;
        }
        Tier(sb, "Admin tier", side.AdminMatches, side.Direction);
        if (!side.AdminMatches.IsEmpty)
        {
            var undecided = side.Undecided;
            sb.Append("    left to the next tiers: ").Append(undecided.IsEmpty ? "nothing" : undecided.ToString()).Append('\n');
        }
        if (side.SelectingPolicies.IsEmpty)
        {
            sb.Append($"  no NetworkPolicy selects it for {side.Direction}").Append(side.BaselineMatches.IsEmpty
                ? ": what the Admin tier leaves is allowed by default\n"
                : ", so the Baseline tier decides what the Admin tier leaves (the rest is allowed by default)\n");
            Tier(sb, "Baseline tier", side.BaselineMatches, side.Direction);
        }
        else
        {
            NetworkPolicies(sb, side);
        }
        if (!side.CiliumDenies.IsEmpty)
        {
            sb.Append("  Cilium deny rules (they win over every allow):\n");
            foreach (var m in side.CiliumDenies)
            {
                sb.Append("    ").Append(m.Policy.Id).Append(' ').Append(side.Direction == Direction.Egress ? "egressDeny" : "ingressDeny")
                  .Append(" rule ").Append(m.RuleIndex + 1).Append(" (").Append(m.Rule.Span).Append("): denies ").Append(m.Denies)
                  .Append(", peer ").Append(m.Peer.Text).Append(" at ").Append(m.Peer.Span).Append('\n');
            }
        }
        sb.Append("  allows: ").Append(side.Allowed.IsEmpty ? "nothing" : side.Allowed.ToString()).Append('\n');
    }

    private static void NetworkPolicies(StringBuilder sb, SideExplanation side)
    {
        sb.Append("  selected by:\n");
        foreach (var policy in side.SelectingPolicies)
        {
            sb.Append("    ").Append(Name(policy)).Append(" (").Append(policy.Span).Append(")\n");
        }
        if (side.Matches.IsEmpty)
        {
            sb.Append("  no rule of these policies admits the ").Append(side.Direction == Direction.Egress ? "destination" : "source")
              .Append(": default deny applies\n");
        }
        else
        {
            sb.Append("  rules that admit the ").Append(side.Direction == Direction.Egress ? "destination" : "source").Append(":\n");
            foreach (var m in side.Matches)
            {
                sb.Append("    ").Append(Name(m.Policy)).Append(' ').Append(side.Direction.ToString().ToLowerInvariant())
                  .Append(" rule ").Append(m.RuleIndex + 1).Append(" (").Append(m.Rule.Span).Append("): ")
                  .Append(m.Allows.IsEmpty ? "no ports (named ports do not resolve on the destination)" : m.Allows.ToString());
                sb.Append(m.Peer switch
                {
                    null => ", any peer",
                    { IpBlock: { } block } => $", peer ipBlock {block} at {m.Peer.Span}",
                    _ => $", peer at {m.Peer.Span}",
                }).Append('\n');
            }
        }
    }

    /// <summary>A NetworkPolicy by namespace/name; the allow rules of a Cilium policy by the Cilium policy's kind and name.</summary>
    private static string Name(NetworkPolicy policy) => policy.Cilium?.Id ?? policy.Id;

    /// <summary>The matching rules of a cluster-scoped tier in evaluation order, each with what it decides.</summary>
    private static void Tier(StringBuilder sb, string title, System.Collections.Immutable.ImmutableArray<AdminRuleMatch> matches, Direction direction)
    {
        if (matches.IsEmpty) return;
        sb.Append("  ").Append(title).Append(" (the first matching rule decides):\n");
        foreach (var m in matches)
        {
            var name = m.Rule.Name.Length > 0 ? $"'{m.Rule.Name}'" : $"#{m.RuleIndex + 1}";
            var verb = m.Rule.Action switch { AdminAction.Allow => "allows", AdminAction.Deny => "denies", _ => "passes" };
            sb.Append("    ").Append(m.Policy).Append(' ').Append(direction.ToString().ToLowerInvariant()).Append(" rule ").Append(name)
              .Append(" (").Append(m.Rule.Span).Append("): ");
            sb.Append(m.Decides.IsEmpty
                ? $"{verb} nothing more ({(m.Matches.IsEmpty ? "its ports match nothing here" : "earlier rules decided " + m.Matches)})"
                : $"{verb} {m.Decides}");
            sb.Append('\n');
        }
    }
}
