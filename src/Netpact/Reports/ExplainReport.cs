using System.Text;
using Netpact.Analysis;
using Netpact.Model;

namespace Netpact.Reports;

/// <summary>Prints an explanation: the verdict, then the reasons of the source's egress and the destination's ingress.</summary>
public static class ExplainReport
{
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
                var blockers = new[] { e.Egress, e.Ingress }.Where(s => !s.Allowed.Allows(p.Protocol, p.Port))
                    .Select(s => $"{s.Direction.ToString().ToLowerInvariant()} of {s.Subject}")
                    .Concat(e.Mesh is { Verdict: not null } m && p.Protocol == Protocol.TCP && !m.Verdict.Tcp.Contains(p.Port)
                        ? [$"Istio at {e.Destination}"] : []);
                sb.Append("blocked by: ").Append(string.Join(" and ", blockers)).Append('\n');
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
