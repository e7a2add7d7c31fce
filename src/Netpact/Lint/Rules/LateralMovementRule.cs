using Netpact.Analysis;
using Netpact.Model;

namespace Netpact.Lint.Rules;

/// <summary>ZT007: two workloads of the same role can reach each other.</summary>
internal sealed class LateralMovementRule() : LintRule(
    "ZT007",
    "lateral-movement-same-role",
    LintSeverity.Warning,
    "Lateral movement between workloads of the same role",
    "Workloads of one role (two MCP servers, two databases, two frontends) rarely need to talk to each other. If they can, " +
    "one compromised instance reaches its peers and their data without crossing any boundary: zero trust isolates peers " +
    "from each other, not just tiers from tiers.",
    "Remove the rule that admits the peer (often a podSelector on the shared role label, or podSelector: {}), and allow " +
    "only the flows the workloads need. If they must talk (replication, clustering), suppress the finding with the reason.",
    Compliance.Soc2Cc61, Compliance.Soc2Cc66, Compliance.Pci131, Compliance.Pci132)
{
    internal override IEnumerable<Finding> Check(LintContext context)
    {
        foreach (var connection in context.Connectivity.Connections)
        {
            if (connection.Source.Workload is not { } source || connection.Destination.Workload is not { } destination) continue;
            if (SharedRole(source, destination) is not { } role) continue;
            var explanation = Explainer.Explain(context.Cluster, connection.Source, connection.Destination);
            var span = explanation.Ingress.Matches.FirstOrDefault()?.Rule.Span ?? destination.Span;
            yield return Found(
                $"{source.Id} can reach {destination.Id} ({connection.Allowed}) though both have the role {role}: one compromised " +
                "instance can move to its peers",
                span,
                $"{source.Id}|{destination.Id}",
                [source, destination],
                [.. explanation.Ingress.Matches.Concat(explanation.Egress.Matches).Select(m => Subject(m.Policy))]);
        }
    }

    /// <summary>The first role label both workloads carry with the same value, on all their pods.</summary>
    private static string? SharedRole(Workload a, Workload b)
    {
        foreach (var key in LintContext.RoleLabels)
        {
            var values = a.Pods.Concat(b.Pods).Select(p => p.Labels.GetValueOrDefault(key)).Distinct().ToList();
            if (values is [{ } value]) return $"{key}={value}";
        }
        return null;
    }
}
