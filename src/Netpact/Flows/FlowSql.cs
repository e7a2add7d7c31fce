using System.Globalization;
using System.Text;
using Netpact.Model;

namespace Netpact.Flows;

/// <summary>
/// The classification as one SQL query, for engines where large flow logs already live (DuckDB, Athena/Trino): over a
/// table <c>flow_logs</c> with the fields of the VPC Flow Logs default format (srcaddr, dstaddr, srcport, dstport,
/// protocol, packets, bytes, action, log_status; any types, cast here), the pact inlined as two small tables: the
/// address ranges that name workloads, and the intended flows. It answers what <c>netpact flows</c> answers for the same
/// records: class, source, destination, protocol, port, records, packets, bytes. Written in the SQL that DuckDB and
/// Trino share (VALUES lists, TRY_CAST, correlated subqueries). What it cannot see: Hubble identities, the port-based
/// choice of a workload within a zone subnet, TCP flags (replies are told by ports alone) and IPv6 ranges other than
/// ::/0 (IPv6 addresses are compared as text).
/// </summary>
public static class FlowSql
{
    public static string Emit(FlowPact pact)
    {
        var sb = new StringBuilder();
        sb.Append("-- netpact flows --emit-sql: the classification of flow records against ").Append(pact.Description).Append('\n');
        sb.Append("-- Input: a table or view flow_logs with the VPC Flow Logs default fields. DuckDB:\n");
        sb.Append("--   CREATE VIEW flow_logs AS SELECT * FROM read_csv('flows.log.gz', delim = ' ', header = false, all_varchar = true,\n");
        sb.Append("--     names = ['version','account_id','interface_id','srcaddr','dstaddr','srcport','dstport','protocol','packets','bytes','start','end','action','log_status']);\n");
        sb.Append("-- Athena: the table of the VPC Flow Logs integration (its columns have these names). See docs/flows.md.\n");
        sb.Append("WITH\n");
        // Workload address ranges; IPv4 as numbers, IPv6 as exact text (v6 ranges other than one address are left out).
        sb.Append("peers (workload, lo, hi, v6) AS (\n  VALUES\n");
        var peers = pact.Addresses.Ranges.Where(r => !r.Range.IsV6 || r.Range.First == r.Range.Last).ToList();
        var rows = peers.Select(p => p.Range.IsV6
            ? $"    ({Text(p.Workload)}, CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), {Text(Cidr.FormatAddress(true, p.Range.First))})"
            : $"    ({Text(p.Workload)}, CAST({(ulong)p.Range.First} AS BIGINT), CAST({(ulong)p.Range.Last} AS BIGINT), CAST(NULL AS VARCHAR))").ToList();
        if (rows.Count == 0) rows.Add("    (CAST(NULL AS VARCHAR), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS VARCHAR))");
        sb.Append(string.Join(",\n", rows)).Append("\n),\n");

        // Intended flows: a workload end by name, an outside end by an IPv4 range or any IPv6 (::/0); protocol 0 is any protocol.
        sb.Append("intended (src, src_lo, src_hi, src_any6, dst, dst_lo, dst_hi, dst_any6, protocol, port_lo, port_hi) AS (\n  VALUES\n");
        var intended = new List<string>();
        foreach (var e in pact.Intended.Entries)
        {
            if (End(e.Source) is not { } src || End(e.Destination) is not { } dst) continue;
            if (e.Allowed.IsAll) intended.Add($"    ({src}, {dst}, 0, 0, 65535)");
            foreach (var protocol in ConnectionSet.Protocols)
            {
                if (e.Allowed.IsAll) break;
                foreach (var (lo, hi) in e.Allowed[protocol].Ranges)
                    intended.Add($"    ({src}, {dst}, {FlowProtocols.Number(protocol)}, {lo}, {hi})");
            }
        }
        if (intended.Count == 0) intended.Add("    (CAST(NULL AS VARCHAR), NULL, NULL, false, CAST(NULL AS VARCHAR), NULL, NULL, false, -1, 0, 0)");
        sb.Append(string.Join(",\n", intended)).Append("\n),\n");

        sb.Append("""
records AS (
  SELECT CAST(srcaddr AS VARCHAR) AS srcaddr, CAST(dstaddr AS VARCHAR) AS dstaddr,
         COALESCE(TRY_CAST(srcport AS INTEGER), 0) AS srcport, COALESCE(TRY_CAST(dstport AS INTEGER), 0) AS dstport,
         TRY_CAST(protocol AS INTEGER) AS protocol, COALESCE(TRY_CAST(packets AS BIGINT), 0) AS packets,
         COALESCE(TRY_CAST(bytes AS BIGINT), 0) AS bytes, CAST(action AS VARCHAR) AS action
  FROM flow_logs
  WHERE CAST(log_status AS VARCHAR) = 'OK' AND CAST(action AS VARCHAR) IN ('ACCEPT', 'REJECT')
    AND TRY_CAST(protocol AS INTEGER) IS NOT NULL
),
oriented AS (
  -- A record from a port below 32768 to an ephemeral port is the reply of the other way: the server's port is the flow's.
  SELECT r.*, (protocol IN (6, 17, 132) AND srcport > 0 AND srcport < 32768 AND dstport >= 32768) AS reply
  FROM records r
),
ends AS (
  SELECT CASE WHEN reply THEN dstaddr ELSE srcaddr END AS client,
         CASE WHEN reply THEN srcaddr ELSE dstaddr END AS server,
         protocol,
         CASE WHEN protocol NOT IN (6, 17, 132) THEN 0 WHEN reply THEN srcport ELSE dstport END AS port,
         CASE WHEN action = 'ACCEPT' THEN 'accepted' ELSE 'rejected' END AS verdict,
         packets, bytes
  FROM oriented
),
numbered AS (
  SELECT e.*,
         CASE WHEN strpos(client, ':') > 0 THEN NULL ELSE TRY_CAST(split_part(client, '.', 1) AS BIGINT) * 16777216 + TRY_CAST(split_part(client, '.', 2) AS BIGINT) * 65536
              + TRY_CAST(split_part(client, '.', 3) AS BIGINT) * 256 + TRY_CAST(split_part(client, '.', 4) AS BIGINT) END AS client_n,
         CASE WHEN strpos(server, ':') > 0 THEN NULL ELSE TRY_CAST(split_part(server, '.', 1) AS BIGINT) * 16777216 + TRY_CAST(split_part(server, '.', 2) AS BIGINT) * 65536
              + TRY_CAST(split_part(server, '.', 3) AS BIGINT) * 256 + TRY_CAST(split_part(server, '.', 4) AS BIGINT) END AS server_n
  FROM ends e
),
named AS (
  SELECT n.*,
         (SELECT p.workload FROM peers p WHERE (n.client_n BETWEEN p.lo AND p.hi) OR p.v6 = n.client ORDER BY COALESCE(p.hi - p.lo, 0) LIMIT 1) AS src_workload,
         (SELECT p.workload FROM peers p WHERE (n.server_n BETWEEN p.lo AND p.hi) OR p.v6 = n.server ORDER BY COALESCE(p.hi - p.lo, 0) LIMIT 1) AS dst_workload
  FROM numbered n
),
judged AS (
  SELECT m.*,
         COALESCE(m.src_workload, m.client) AS src,
         COALESCE(m.dst_workload, m.server) AS dst,
         ((m.src_workload IS NOT NULL AND m.src_workload = m.dst_workload) OR EXISTS (
            SELECT 1 FROM intended i
            WHERE (i.src = m.src_workload OR (i.src IS NULL AND m.src_workload IS NULL
                     AND ((m.client_n BETWEEN i.src_lo AND i.src_hi) OR (i.src_any6 AND m.client_n IS NULL))))
              AND (i.dst = m.dst_workload OR (i.dst IS NULL AND m.dst_workload IS NULL
                     AND ((m.server_n BETWEEN i.dst_lo AND i.dst_hi) OR (i.dst_any6 AND m.server_n IS NULL))))
              AND (i.protocol = 0 OR (i.protocol = m.protocol AND m.port BETWEEN i.port_lo AND i.port_hi)))) AS is_intended
  FROM named m
)
SELECT
  CASE WHEN verdict = 'accepted' AND is_intended THEN 'intended-allowed'
       WHEN verdict = 'accepted' THEN 'allowed-not-intended'
       WHEN is_intended THEN 'intended-rejected'
       ELSE 'rejected-not-intended' END AS class,
  -- Intended flows from outside are counted together per address family, as the command does.
  CASE WHEN is_intended AND src_workload IS NULL THEN (CASE WHEN client_n IS NULL THEN '::/0' ELSE '0.0.0.0/0' END) ELSE src END AS src,
  CASE WHEN is_intended AND dst_workload IS NULL THEN (CASE WHEN server_n IS NULL THEN '::/0' ELSE '0.0.0.0/0' END) ELSE dst END AS dst,
  protocol, port, verdict,
  COUNT(*) AS records, SUM(packets) AS packets, SUM(bytes) AS bytes
FROM judged
GROUP BY 1, 2, 3, 4, 5, 6
ORDER BY 1, 2, 3, 4, 5, 6;

""");
        return sb.ToString();
    }

    /// <summary>An end of an intended flow as (name, lo, hi, any6): a workload by name, an outside IPv4 range, or any IPv6; null when SQL cannot say it.</summary>
    private static string? End(FlowPeer peer)
    {
        if (peer.Workload is { } w) return w.EndsWith("/*", StringComparison.Ordinal) ? null : $"{Text(w)}, NULL, NULL, false";
        var r = peer.Range!;
        if (!r.IsV6) return $"CAST(NULL AS VARCHAR), {((ulong)r.First).ToString(CultureInfo.InvariantCulture)}, {((ulong)r.Last).ToString(CultureInfo.InvariantCulture)}, false";
        return r == IpRange.AllIPv6 ? "CAST(NULL AS VARCHAR), NULL, NULL, true" : null;
    }

    private static string Text(string s) => $"'{s.Replace("'", "''", StringComparison.Ordinal)}'";
}
