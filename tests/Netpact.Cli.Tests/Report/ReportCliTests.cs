using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Netpact.Tests;

namespace Netpact.Cli.Tests.Report;

/// <summary>`netpact report` as a command: stdout without -o, the same bytes every time, bad input at its place, audit findings.</summary>
public sealed partial class ReportCliTests
{
    private static readonly string Manifests = Path.Combine(TestPaths.Examples, "noa-server", "manifests");
    private static readonly string IntentFile = Path.Combine(TestPaths.Examples, "noa-server", "intent.yaml");

    [GeneratedRegex("<script type=\"application/json\" id=\"netpact-data\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex DataElement();

    private static JsonDocument Data(string html) => JsonDocument.Parse(DataElement().Match(html).Groups[1].Value);

    [Fact]
    public void Without_o_the_page_goes_to_stdout_and_is_the_same_bytes_every_time()
    {
        var first = CliRunner.Run("report", "-o", "-", Manifests, "--intent", IntentFile);
        var second = CliRunner.Run("report", "-o", "-", Manifests, "--intent", IntentFile);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal("", first.Stderr);
        Assert.StartsWith("<!DOCTYPE html>", first.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("</html>\n", first.Stdout, StringComparison.Ordinal);
        Assert.Equal(first.Stdout, second.Stdout);
        using var data = Data(first.Stdout);
        Assert.Equal("zone", data.RootElement.GetProperty("groupedBy").GetString());
    }

    [Fact]
    public void Manifests_on_stdin_give_the_findings_of_the_same_manifests_as_a_file()
    {
        // A policy without policyTypes: lint reads that from the text as written, not from the model.
        var file = Path.Combine(TestPaths.TestData, "lint", "ZT013", "fires.yaml");

        var piped = CliRunner.RunWithInput(File.ReadAllText(file), "report", "-o", "-", "-", "--title", "t");
        var named = CliRunner.Run("report", "-o", "-", file, "--title", "t");

        Assert.Equal(0, piped.ExitCode);
        using var fromStdin = Data(piped.Stdout);
        using var fromFile = Data(named.Stdout);
        static List<string> Findings(JsonDocument d) =>
            [.. d.RootElement.GetProperty("findings").EnumerateArray().Select(f => $"{f.GetProperty("rule")}: {f.GetProperty("message")}")];
        Assert.Contains(Findings(fromFile), f => f.StartsWith("ZT013", StringComparison.Ordinal));
        Assert.Equal(Findings(fromFile), Findings(fromStdin));
        Assert.Equal(fromFile.RootElement.GetProperty("nodes").GetRawText(), fromStdin.RootElement.GetProperty("nodes").GetRawText());
    }

    [Fact]
    public void A_bad_intent_is_reported_at_its_place_with_exit_2_and_no_page()
    {
        var dir = Directory.CreateTempSubdirectory("netpact-report-bad-").FullName;
        try
        {
            var intent = Path.Combine(dir, "intent.yaml");
            File.WriteAllText(intent, File.ReadAllText(IntentFile).Replace("  app:\n    description:", "  app:\n    descripton:", StringComparison.Ordinal));
            var output = Path.Combine(dir, "r.html");

            var run = CliRunner.Run("report", Manifests, "--intent", intent, "-o", output);

            Assert.Equal(2, run.ExitCode);
            Assert.Matches($@"^{Regex.Escape(intent)}:\d+:\d+: error: ", run.Stderr);
            Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
            Assert.Equal("", run.Stdout);
            Assert.False(File.Exists(output));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_bad_manifest_is_reported_at_its_place_with_exit_2()
    {
        var dir = Directory.CreateTempSubdirectory("netpact-report-bad-").FullName;
        try
        {
            var manifest = Path.Combine(dir, "bad.yaml");
            File.WriteAllText(manifest, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  labels: [x\n");

            var run = CliRunner.Run("report", "-o", "-", manifest);

            Assert.Equal(2, run.ExitCode);
            Assert.Matches($@"^{Regex.Escape(manifest)}:\d+:\d+: error: ", run.Stderr);
            Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
            Assert.Equal("", run.Stdout);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Audit_findings_of_an_audit_file_are_listed_with_their_severity_and_controls()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var dir = Directory.CreateTempSubdirectory("netpact-report-audit-").FullName;
        try
        {
            var audit = Path.Combine(dir, "audit.yaml");
            File.WriteAllText(audit, $"apiVersion: netpact/v1\nkind: Audit\nhosts:\n  - host: 127.0.0.1\n    ports: [{port}]\n    allowed: [1]\n");

            var run = CliRunner.Run("report", "-o", "-", Manifests, "--audit", audit);

            Assert.True(run.ExitCode == 0, run.Stderr);
            using var data = Data(run.Stdout);
            var findings = data.RootElement.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("source").GetString() == "audit").ToList();
            var open = Assert.Single(findings, f => f.GetProperty("rule").GetString() == $"port_{port}");
            Assert.Equal("error", open.GetProperty("severity").GetString());
            Assert.Equal("audit severity HIGH", open.GetProperty("detail").GetString());
            Assert.Contains("not allowed", open.GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.NotEmpty(open.GetProperty("controls").EnumerateArray());
            Assert.Contains(data.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("source").GetString() == "lint");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
