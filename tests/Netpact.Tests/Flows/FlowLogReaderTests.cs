using System.IO.Compression;
using Netpact.Flows;
using Netpact.Model;

namespace Netpact.Tests.Flows;

/// <summary>Each format read from records written as its documentation shows them; bad input counted, located and never fatal.</summary>
public sealed class FlowLogReaderTests
{
    private static string Data(string name) => Path.Combine(TestPaths.TestData, "flows", name);

    private static (FlowLogSummary? Summary, FlowTally Tally, List<Diagnostic> Diagnostics) Read(string path, FlowWindow? window = null, string stdin = "")
    {
        var tally = new FlowTally();
        var diagnostics = new List<Diagnostic>();
        var summary = FlowLogReader.Read(path, new StringReader(stdin), window ?? FlowWindow.All, tally, diagnostics);
        return (summary, tally, diagnostics);
    }

    private static FlowKey Key(string client, string server, int protocol, int port, FlowVerdict verdict) =>
        new(FlowAddress.Parse(client), FlowAddress.Parse(server), protocol, port, verdict);

    [Fact]
    public void Default_format_records_are_read_with_their_action()
    {
        var (summary, tally, diagnostics) = Read(Data("aws-doc-examples.log"));

        Assert.Empty(diagnostics);
        Assert.Equal(FlowLogFormat.AwsVpc, summary!.Format);
        Assert.Equal(3, summary.Records);
        Assert.Contains(Key("172.31.16.139", "172.31.16.21", 6, 22, FlowVerdict.Accepted), tally.Flows.Keys);
        Assert.Contains(Key("172.31.9.69", "172.31.9.12", 6, 3389, FlowVerdict.Rejected), tally.Flows.Keys);
    }

    [Fact]
    public void Nodata_and_skipdata_records_are_skipped_not_malformed()
    {
        var (summary, _, _) = Read(Data("aws-doc-examples.log"));

        Assert.Equal(2, summary!.Skipped);
        Assert.Equal(0, summary.Malformed);
    }

    [Fact]
    public void IPv6_records_are_read()
    {
        var (_, tally, _) = Read(Data("aws-doc-examples.log"));

        var key = Key("2001:db8:1234:a100:8d6e:3477:df66:f105", "2001:db8:1234:a102:3304:8879:34cf:4071", 6, 22, FlowVerdict.Accepted);
        Assert.True(key.Client.IsV6);
        Assert.Equal(54, tally.Flows[key].Packets);
    }

    [Fact]
    public void A_custom_format_is_read_by_its_header_with_the_packet_addresses_and_the_reply_folded_into_its_request()
    {
        var (summary, tally, diagnostics) = Read(Data("aws-v5-custom.log"));

        Assert.Empty(diagnostics);
        Assert.Equal(3, summary!.Records);
        Assert.Equal(2, summary.Skipped);
        // pkt-srcaddr/pkt-dstaddr win over the interface's addresses; the SYN-ACK record (flags 18) is the reply.
        var request = tally.Flows[Key("10.0.2.1", "10.0.4.1", 6, 5432, FlowVerdict.Accepted)];
        Assert.Equal(2, request.Records);
        Assert.Equal(15, request.Packets);
        Assert.Equal(568 + 376, request.Bytes);
        Assert.Contains(Key("52.213.180.42", "10.0.1.1", 6, 443, FlowVerdict.Accepted), tally.Flows.Keys);
    }

    [Fact]
    public void A_malformed_record_is_counted_and_reported_at_its_line_and_the_rest_is_read()
    {
        var (summary, _, diagnostics) = Read(Data("noa-day.log"));

        Assert.Equal(1, summary!.Malformed);
        Assert.Equal(20, summary.Records);
        var warning = Assert.Single(diagnostics);
        Assert.Equal(Severity.Warning, warning.Severity);
        Assert.Equal(11, warning.Span.Line);
        Assert.Contains("9 fields where the default format (version 2) has 14", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Many_malformed_records_are_reported_one_by_one_up_to_a_limit_then_counted()
    {
        var lines = Enumerable.Range(0, 50).Select(i => $"2 1 eni-1 10.0.0.{i % 250} 10.0.0.1 40000 80 6 1 60 1418530010 1418530070 MAYBE OK");
        var stdin = "2 1 eni-1 10.0.0.9 10.0.0.1 40000 80 6 1 60 1418530010 1418530070 ACCEPT OK\n" + string.Join("\n", lines) + "\n";

        var (summary, _, diagnostics) = Read("-", stdin: stdin);

        Assert.Equal(50, summary!.Malformed);
        Assert.Equal(FlowLogReader.ReportedMalformed, diagnostics.Count(d => d.Span.Line > 0));
        Assert.Contains(diagnostics, d => d.Message.Contains("30 more malformed records left out (50 in all)", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Span is { File: "<stdin>", Line: 2 } && d.Message.Contains("action 'MAYBE'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_gzip_log_reads_as_its_text()
    {
        var dir = Directory.CreateTempSubdirectory("netpact-flows-");
        try
        {
            var gz = Path.Combine(dir.FullName, "noa-day.log.gz");
            using (var output = File.Create(gz))
            using (var zip = new GZipStream(output, CompressionLevel.Optimal))
            {
                zip.Write(File.ReadAllBytes(Data("noa-day.log")));
            }

            var plain = Read(Data("noa-day.log"));
            var zipped = Read(gz);

            Assert.True(zipped.Summary!.Gzip);
            Assert.Equal(plain.Summary!.Records, zipped.Summary.Records);
            Assert.True(plain.Tally.Flows.Keys.ToHashSet().SetEquals(zipped.Tally.Flows.Keys));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_truncated_gzip_log_keeps_what_was_read_and_reports_the_error()
    {
        var dir = Directory.CreateTempSubdirectory("netpact-flows-");
        try
        {
            var lines = string.Concat(Enumerable.Range(0, 20000).Select(i =>
                $"2 123456789010 eni-1 10.0.{i / 250 % 250}.{i % 250} 10.0.4.1 {40000 + i % 20000} 5432 6 10 840 1418530010 1418530070 ACCEPT OK\n"));
            using var buffer = new MemoryStream();
            using (var zip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            {
                zip.Write(System.Text.Encoding.ASCII.GetBytes(lines));
            }
            var gz = Path.Combine(dir.FullName, "cut.log.gz");
            File.WriteAllBytes(gz, buffer.ToArray()[..(int)(buffer.Length / 2)]);

            var (summary, _, diagnostics) = Read(gz);

            Assert.InRange(summary!.Records, 1, 19999);
            Assert.Equal(0, summary.Malformed);
            var error = Assert.Single(diagnostics);
            Assert.Contains("gzip stream is cut off or corrupt", error.Message, StringComparison.Ordinal);
            Assert.Contains("the records before it are used", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_file_of_another_format_is_an_error_that_says_what_it_looks_like()
    {
        var (summary, _, diagnostics) = Read(Path.Combine(TestPaths.Examples, "noa-server", "intent.yaml"));

        var error = Assert.Single(diagnostics);
        Assert.Equal(Severity.Error, error.Severity);
        Assert.True(error.Span.Line > 0);
        Assert.Contains("looks like YAML", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, summary!.Records);
    }

    [Fact]
    public void A_line_of_another_log_format_is_named_in_its_malformed_warning()
    {
        var stdin = File.ReadAllLines(Data("aws-doc-examples.log"))[0] + "\n" + File.ReadAllLines(Data("nftables.log"))[0] + "\n";

        var (summary, _, diagnostics) = Read("-", stdin: stdin);

        Assert.Equal(1, summary!.Malformed);
        Assert.Contains("looks like nftables log lines", Assert.Single(diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_parquet_file_is_named_as_such_and_not_read()
    {
        var dir = Directory.CreateTempSubdirectory("netpact-flows-");
        try
        {
            var parquet = Path.Combine(dir.FullName, "flows.parquet");
            File.WriteAllBytes(parquet, [.. "PAR1"u8, 0, 0, 1, 2, 3, .. "PAR1"u8]);

            var (summary, _, diagnostics) = Read(parquet);

            Assert.Null(summary);
            Assert.Contains("Parquet", Assert.Single(diagnostics).Message, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Hubble_flows_carry_verdict_reply_direction_and_the_endpoints_identity()
    {
        var (summary, tally, diagnostics) = Read(Data("hubble.json"));

        Assert.Empty(diagnostics);
        Assert.Equal(FlowLogFormat.Hubble, summary!.Format);
        Assert.Equal(5, summary.Records);
        Assert.Equal(1, summary.Skipped);
        var postgres = tally.Flows[Key("10.0.2.15", "10.0.4.20", 6, 5432, FlowVerdict.Accepted)];
        Assert.Equal(2, postgres.Records);
        Assert.Contains("NetworkPolicy noa-server/noa-server", postgres.DecidedBy, StringComparison.Ordinal);
        Assert.Contains(Key("10.0.3.7", "10.0.4.20", 6, 5432, FlowVerdict.Rejected), tally.Flows.Keys);
        Assert.Contains(Key("fd00:10:244::5", "fd00:10:244::9", 17, 53, FlowVerdict.Accepted), tally.Flows.Keys);
        var identity = tally.Identities[FlowAddress.Parse("10.0.2.15")];
        Assert.Equal(("noa-server", "noa-server", "Deployment"), (identity.Namespace, identity.Workload, identity.WorkloadKind));
        Assert.Equal("noa-server", identity.Labels["app"]);
        Assert.False(tally.Identities.ContainsKey(FlowAddress.Parse("192.0.2.50")));
    }

    [Fact]
    public void Nftables_log_lines_take_their_verdict_from_the_log_prefix()
    {
        var (summary, tally, diagnostics) = Read(Data("nftables.log"));

        Assert.Empty(diagnostics);
        Assert.Equal(4, summary!.Records);
        Assert.Contains(Key("198.51.100.23", "10.0.1.1", 6, 22, FlowVerdict.Rejected), tally.Flows.Keys);
        Assert.Contains(Key("203.0.113.5", "10.0.1.1", 6, 443, FlowVerdict.Accepted), tally.Flows.Keys);
        Assert.Contains(Key("2001:db8::23", "2001:db8:1::1", 6, 3389, FlowVerdict.Rejected), tally.Flows.Keys);
        Assert.Contains(Key("198.51.100.23", "10.0.1.1", 1, 0, FlowVerdict.Rejected), tally.Flows.Keys);
    }

    [Fact]
    public void Conntrack_new_connections_are_accepted_flows_and_their_updates_are_skipped()
    {
        var (summary, tally, diagnostics) = Read(Data("conntrack.log"));

        Assert.Empty(diagnostics);
        Assert.Equal(3, summary!.Records);
        Assert.Equal(3, summary.Skipped);
        Assert.All(tally.Flows.Keys, k => Assert.Equal(FlowVerdict.Accepted, k.Verdict));
        Assert.Contains(Key("10.0.2.1", "10.0.4.1", 6, 5432, FlowVerdict.Accepted), tally.Flows.Keys);
        Assert.Contains(Key("10.0.2.1", "10.0.6.1", 17, 53, FlowVerdict.Accepted), tally.Flows.Keys);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1765101600), tally.Flows[Key("10.0.2.1", "10.0.4.1", 6, 5432, FlowVerdict.Accepted)].First);
    }

    [Fact]
    public void A_record_from_a_service_port_to_an_ephemeral_port_is_the_reply_of_the_other_way()
    {
        var stdin = "2 1 eni-1 10.0.4.1 10.0.2.1 5432 40001 6 20 8000 1418530010 1418530070 ACCEPT OK\n";

        var (_, tally, _) = Read("-", stdin: stdin);

        Assert.Equal([Key("10.0.2.1", "10.0.4.1", 6, 5432, FlowVerdict.Accepted)], tally.Flows.Keys);
    }

    [Fact]
    public void Records_outside_the_window_are_counted_and_left_out()
    {
        var window = new FlowWindow(DateTimeOffset.FromUnixTimeSeconds(1765152060), DateTimeOffset.FromUnixTimeSeconds(1765152180));

        var (summary, tally, _) = Read(Data("noa-day.log"), window);

        Assert.Equal(3, summary!.Records);
        Assert.Equal(17, summary.OutsideWindow);
        Assert.All(tally.Flows.Values, c => Assert.InRange(c.First!.Value, window.Since!.Value, window.Until!.Value));
    }

    [Theory]
    [InlineData("10.0.0.1", true)]
    [InlineData("010.0.0.1", false)]
    [InlineData("10.0.0", false)]
    [InlineData("10.0.0.256", false)]
    [InlineData("2001:db8::1", true)]
    [InlineData("fe80::1%eth0", false)]
    [InlineData("-", false)]
    public void Addresses_are_parsed_strictly(string text, bool valid)
    {
        Assert.Equal(valid, FlowAddress.TryParse(text, out _));
    }

    [Fact]
    public void An_IPv4_mapped_IPv6_address_is_its_IPv4_address()
    {
        Assert.True(FlowAddress.TryParse("::ffff:10.0.0.1", out var mapped));

        Assert.Equal(FlowAddress.Parse("10.0.0.1"), mapped);
    }

    [Theory]
    [InlineData("\"FORWARDED\"", FlowVerdict.Accepted)]
    [InlineData("\"AUDIT\"", FlowVerdict.Accepted)]
    [InlineData("\"DROPPED\"", FlowVerdict.Rejected)]
    [InlineData("\"ERROR\"", FlowVerdict.Rejected)]
    [InlineData("1", FlowVerdict.Accepted)]
    [InlineData("2", FlowVerdict.Rejected)]
    [InlineData("3", FlowVerdict.Rejected)]
    [InlineData("4", FlowVerdict.Accepted)]
    public void Hubble_verdicts_by_name_or_number_say_what_the_datapath_did(string verdict, FlowVerdict expected)
    {
        var line = $$$$$"""{"flow":{"verdict":{{{{{verdict}}}}},"IP":{"source":"10.0.0.1","destination":"10.0.0.2"},"l4":{"TCP":{"source_port":40000,"destination_port":80}}}}""";

        var (_, tally, diagnostics) = Read("-", stdin: line + "\n");

        Assert.Empty(diagnostics);
        Assert.Equal(expected, Assert.Single(tally.Flows.Keys).Verdict);
    }
}
