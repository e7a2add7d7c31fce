using System.Collections.Frozen;
using Netpact.Analysis;
using Netpact.Model;

namespace Netpact.Lint.Rules;

/// <summary>
/// ZT016: a workload whose ingress policies admit any pod of every namespace (today's and future ones) on a
/// sensitive port: a database, a remote shell, a control plane. Built on exposure analysis (analyze --exposure).
/// </summary>
internal sealed class ClusterWideExposureRule() : LintRule(
    "ZT016",
    "sensitive-port-exposed-cluster-wide",
    LintSeverity.Warning,
    "Sensitive port open to every namespace, including namespaces that do not exist yet",
    "A rule with 'namespaceSelector: {}' (or no 'from' at all) admits pods of every namespace, including any namespace " +
    "created later by any team. Exposure analysis shows what such a rule really allows beyond the workloads deployed " +
    "today. On a database, remote-shell or control-plane port that is lateral movement waiting to happen: one compromised " +
    "pod anywhere in the cluster reaches it.",
    "Name the clients: replace 'namespaceSelector: {}' by a selector of the client namespaces (for example " +
    "kubernetes.io/metadata.name: shop) combined with a podSelector of the client pods in the same peer entry. Check the " +
    "result with 'netpact analyze --exposure'.",
    Compliance.Soc2Cc61, Compliance.Pci131, Compliance.Pci142)
{
    private static readonly FrozenDictionary<int, string> SensitivePorts = new Dictionary<int, string>
    {
        [22] = "SSH", [23] = "Telnet", [445] = "SMB", [1433] = "SQL Server", [1521] = "Oracle", [2375] = "Docker API",
        [2376] = "Docker API", [2379] = "etcd", [2380] = "etcd", [3306] = "MySQL", [3389] = "RDP", [5432] = "PostgreSQL",
        [5984] = "CouchDB", [6379] = "Redis", [6443] = "Kubernetes API", [7687] = "Neo4j", [9042] = "Cassandra",
        [9200] = "Elasticsearch", [10250] = "kubelet", [11211] = "Memcached", [27017] = "MongoDB",
    }.ToFrozenDictionary();

    internal override IEnumerable<Finding> Check(LintContext context)
    {
        var exposure = Exposure.Analyze(context.Connectivity);
        // A workload no ingress policy selects is open to everything: ZT003 reports that.
        var unprotected = exposure.Unprotected.Where(u => u.Direction == Direction.Ingress).Select(u => u.Workload.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var line in exposure.Lines)
        {
            if (line.Direction != Direction.Ingress || !line.Peer.AnyNamespace || unprotected.Contains(line.Workload.Id)) continue;
            var sensitive = SensitivePorts
                .Where(p => line.Connection.Ports.Allows(Protocol.TCP, p.Key))
                .OrderBy(p => p.Key)
                .Select(p => $"{p.Key} ({p.Value})")
                .ToList();
            if (sensitive.Count == 0) continue;
            var who = line.Peer.Kind == ExposedPeerKind.EntireCluster ? "any pod of any namespace" : $"the pods {line.Peer}";
            yield return Found(
                $"{line.Workload.Id} accepts {who} on {line.Connection}, which includes the sensitive TCP port{(sensitive.Count > 1 ? "s" : "")} {string.Join(", ", sensitive)}",
                line.Workload.Span, $"{line.Workload.Id}|{line.Peer}", [line.Workload]);
        }
    }
}
