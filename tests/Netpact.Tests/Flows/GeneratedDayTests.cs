using DuckDB.NET.Data;
using Netpact.Benchmarks;
using Netpact.Flows;
using Netpact.Intents;
using Netpact.Model;

namespace Netpact.Tests.Flows;

/// <summary>
/// A generated day of Noa Server traffic (every intended flow, replies, NODATA) with injected violations, a dropped
/// intended flow and a port scan: the classification finds exactly those, and the SQL that --emit-sql writes, run on
/// DuckDB, answers what the command answers.
/// </summary>
public sealed class GeneratedDayTests
{
    private static readonly FlowLogPlan Plan = new()
    {
        Records = 20_000,
        Violations =
        [
            new InjectedFlow("mcp-filesystem", "postgresql", 5432),
            new InjectedFlow("mcp-github", "mcp-filesystem", 8080),
            new InjectedFlow("ingress-nginx-controller", "redis", 6379),
        ],
        Dropped = [new InjectedFlow("noa-server", "mongodb", 27017)],
        ScanPorts = 25,
        Knocks = 40,
    };

    private static Intent NoaIntent()
    {
        var read = IntentReader.ReadFile(Path.Combine(TestPaths.Examples, "noa-server", "intent.yaml"));
        Assert.False(read.HasErrors);
        return read.Intent!;
    }

    private static FlowsResult Classify(Intent intent, string log)
    {
        var diagnostics = new List<Diagnostic>();
        var result = FlowCheck.Run(new FlowsRequest([log], intent, "intent.yaml", [], FlowWindow.All), TextReader.Null, diagnostics);
        Assert.Empty(diagnostics);
        return result!;
    }

    private static string Line(ObservedFlow f) => $"{FlowPeers.Name(f.Source)} => {FlowPeers.Name(f.Destination)} : {f.Service}";

    [Fact]
    public void A_generated_day_shows_exactly_the_injected_violations_outage_and_scan()
    {
        var intent = NoaIntent();
        var dir = Directory.CreateTempSubdirectory("netpact-flows-");
        try
        {
            var log = Path.Combine(dir.FullName, "day.log.gz");
            FlowLogGenerator.WriteFile(intent, Plan, log);

            var result = Classify(intent, log);

            Assert.Equal(Plan.Violations.Select(v => $"{v.Source} => {v.Destination} : {v.Port}/TCP").Order(StringComparer.Ordinal),
                result.Of(FlowClass.AllowedNotIntended).Select(Line).Order(StringComparer.Ordinal));
            Assert.Equal(Plan.Dropped.Select(d => $"{d.Source} => {d.Destination} : {d.Port}/TCP"), result.Of(FlowClass.IntendedRejected).Select(Line));
            var scan = Assert.Single(result.Scans);
            Assert.Equal(Plan.ScanSource, FlowPeers.Name(scan.Source));
            Assert.Equal(Plan.ScanPorts, scan.Ports);
            Assert.Equal(Plan.ScanPorts + Plan.Knocks, result.Blocked.Records);
            Assert.Empty(result.Unused.Where(u => !u.Source.IsExternal && !u.Destination.IsExternal && !(u.Source.Workload == "noa-server" && u.Destination.Workload == "mongodb")));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_emitted_SQL_run_on_DuckDB_answers_what_the_command_answers()
    {
        var intent = NoaIntent();
        var dir = Directory.CreateTempSubdirectory("netpact-flows-");
        try
        {
            var log = Path.Combine(dir.FullName, "day.log.gz");
            FlowLogGenerator.WriteFile(intent, Plan with { Records = 5_000 }, log);
            var command = Classify(intent, log).Flows
                .Select(f => $"{ClassId(f.Class)} {FlowPeers.Name(f.Source)} {FlowPeers.Name(f.Destination)} {f.Protocol} {f.Port} {f.Records} {f.Packets} {f.Bytes}")
                .Order(StringComparer.Ordinal).ToList();
            var sql = FlowSql.Emit(FlowPact.Read(intent, "intent.yaml", [], []));

            using var connection = new DuckDBConnection("DataSource=:memory:");
            connection.Open();
            using (var view = connection.CreateCommand())
            {
                view.CommandText = $"""
                    CREATE VIEW flow_logs AS SELECT * FROM read_csv('{log.Replace("'", "''", StringComparison.Ordinal)}', delim = ' ', header = false, all_varchar = true,
                      names = ['version','account_id','interface_id','srcaddr','dstaddr','srcport','dstport','protocol','packets','bytes','start','end','action','log_status'])
                    """;
                view.ExecuteNonQuery();
            }
            var rows = new List<string>();
            using (var query = connection.CreateCommand())
            {
                query.CommandText = sql;
                using var reader = query.ExecuteReader();
                while (reader.Read())
                {
                    rows.Add(string.Join(' ', Enumerable.Range(0, reader.FieldCount).Where(i => reader.GetName(i) != "verdict").Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
                }
            }

            Assert.NotEmpty(rows);
            Assert.Equal(command, rows.Order(StringComparer.Ordinal));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string ClassId(FlowClass c) => c switch
    {
        FlowClass.IntendedAllowed => "intended-allowed",
        FlowClass.AllowedNotIntended => "allowed-not-intended",
        FlowClass.IntendedRejected => "intended-rejected",
        _ => "rejected-not-intended",
    };
}
