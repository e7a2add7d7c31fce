using System.Collections.Frozen;
using Netpact.Analysis;
using Netpact.Model;

namespace Netpact.Lint.Rules;

/// <summary>ZT006: a data-tier workload reachable from outside the cluster, or from workloads other than its declared clients.</summary>
internal sealed class DataTierExposedRule() : LintRule(
    "ZT006",
    "data-tier-exposed",
    LintSeverity.Error,
    "Database or data-tier workload reachable from outside the cluster or from undeclared clients",
    "Data stores hold what attackers want. In zero trust they accept connections only from the workloads that need them " +
    "and never directly from outside the cluster; a database reachable from the internet, or from any workload, is one " +
    "stolen credential away from a breach.",
    "Give the data workload an ingress policy whose only peers are its clients (namespaceSelector and podSelector in one " +
    "entry) on its service port, and no ipBlock peers. Declare its clients with the annotation 'netpact.io/clients: " +
    "NS/NAME, ...' (or 'clients' in the lint configuration) so lint can check them.",
    Compliance.Soc2Cc61, Compliance.Soc2Cc66, Compliance.Pci131, Compliance.Pci142, Compliance.Pci144)
{
    private static readonly FrozenDictionary<int, string> DatabasePorts = new Dictionary<int, string>
    {
        [1433] = "SQL Server", [1521] = "Oracle", [3306] = "MySQL", [5432] = "PostgreSQL", [5984] = "CouchDB",
        [6379] = "Redis", [7687] = "Neo4j", [8529] = "ArangoDB", [9042] = "Cassandra", [9200] = "Elasticsearch",
        [11211] = "Memcached", [26257] = "CockroachDB", [27017] = "MongoDB", [28015] = "RethinkDB",
    }.ToFrozenDictionary();

    private static readonly FrozenSet<string> DataTiers = new[] { "data", "database", "db", "storage", "datastore" }.ToFrozenSet();

    private static readonly FrozenSet<string> DataComponents = new[] { "database", "db", "datastore", "cache" }.ToFrozenSet();

    /// <summary>Why the workload counts as data tier (a label or a well-known database port); null when it does not.</summary>
    public static string? DataTierReason(Workload workload)
    {
        foreach (var pod in workload.Pods)
        {
            if (pod.Labels.TryGetValue("tier", out var tier) && DataTiers.Contains(tier)) return $"tier={tier}";
            if (pod.Labels.TryGetValue("app.kubernetes.io/component", out var component) && DataComponents.Contains(component))
                return $"app.kubernetes.io/component={component}";
            if (pod.Ports.FirstOrDefault(p => DatabasePorts.ContainsKey(p.Port)) is { } port)
                return $"port {port.Port} ({DatabasePorts[port.Port]})";
        }
        return null;
    }

    internal override IEnumerable<Finding> Check(LintContext context)
    {
        // Connections grouped by destination once: scanning every connection per data workload is quadratic.
        ILookup<string, Connection>? inboundOf = null;
        foreach (var workload in context.Cluster.Workloads)
        {
            if (DataTierReason(workload) is not { } reason) continue;
            inboundOf ??= context.Connectivity.Connections.Where(c => c.Destination.Workload is not null)
                .ToLookup(c => c.Destination.Workload!.Id, StringComparer.Ordinal);
            var inbound = inboundOf[workload.Id].ToList();
            var external = inbound.Where(c => c.Source.IsExternal).ToList();
            if (external.Count > 0)
            {
                yield return Found(
                    $"{workload.Id} (data tier: {reason}) is reachable from outside the cluster: {List(external, c => c.Source.Range!.ToString())}",
                    workload.Span, $"{workload.Id}|external", [workload]);
            }
            var clients = context.ClientsOf(workload);
            if (clients.IsEmpty) continue;
            var undeclared = inbound
                .Where(c => c.Source.Workload is { } source && !clients.Any(r => LintContext.Matches(r, source)))
                .ToList();
            if (undeclared.Count > 0)
            {
                yield return Found(
                    $"{workload.Id} (data tier: {reason}) is reachable from workloads that are not its declared clients " +
                    $"({string.Join(", ", clients)}): {List(undeclared, c => c.Source.ToString())}",
                    workload.Span, $"{workload.Id}|clients", [workload, .. undeclared.Select(c => c.Source.Workload!)]);
            }
        }
    }

    private static string List(List<Connection> connections, Func<Connection, string> name)
    {
        const int shown = 5;
        var items = connections.Take(shown).Select(c => $"{name(c)} on {c.Allowed}");
        var more = connections.Count > shown ? $" and {connections.Count - shown} more" : "";
        return string.Join("; ", items) + more;
    }
}
