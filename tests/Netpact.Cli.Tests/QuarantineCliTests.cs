using Netpact.Tests;

namespace Netpact.Cli.Tests;

/// <summary>
/// `netpact quarantine`: exit 0 only when the proof holds, 1 when it does not, 2 on bad input; files written only
/// where they replace nothing netpact did not write; --undo proves the pre-incident connectivity back.
/// </summary>
public sealed class QuarantineCliTests : IDisposable
{
    private readonly string _output = Path.Combine(Path.GetTempPath(), $"netpact-quarantine-{Guid.NewGuid():N}");

    private static string Intent => Path.Combine(TestPaths.Examples, "noa-server", "intent.yaml");

    private static string Case(string name) => Path.Combine(TestPaths.TestData, "quarantine", name);

    public void Dispose()
    {
        if (Directory.Exists(_output)) Directory.Delete(_output, recursive: true);
    }

    [Fact]
    public void Noa_server_postgresql_quarantine_is_proven_and_written()
    {
        var result = CliRunner.Run("quarantine", "databases/postgresql", "--intent", Intent, "--allow", "monitoring/prometheus",
            "--reason", "suspected exfiltration", "--time", "2026-12-07T23:00:00Z", "-o", _output);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("k8s: AdminNetworkPolicy and NetworkPolicy written", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("result: isolated: 0 paths in or out but the permitted (2 permitted)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("noa-server/noa-server[Deployment] => databases/postgresql[Deployment] : TCP 5432", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("prometheus => postgresql : TCP 1-65535   (permitted: forensic source monitoring/prometheus)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("quarantine proven on 5 layers", result.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_output, "nftables", "postgresql.nft")));
        Assert.True(File.Exists(Path.Combine(_output, "istio", "databases", "netpact-quarantine-databases-postgresql.yaml")));
        var anp = File.ReadAllText(Path.Combine(_output, "k8s", "netpact-quarantine-databases-postgresql.adminnetworkpolicy.yaml"));
        Assert.Contains("netpact.io/quarantine-reason: \"suspected exfiltration\"", anp, StringComparison.Ordinal);
        Assert.Contains("netpact.io/quarantine-created: \"2026-12-07T23:00:00Z\"", anp, StringComparison.Ordinal);
    }

    [Fact]
    public void Undo_after_quarantine_prints_the_files_and_an_empty_diff()
    {
        Assert.Equal(0, CliRunner.Run("quarantine", "databases/postgresql", "--intent", Intent, "--time", "2026-12-07T23:00:00Z", "-o", _output).ExitCode);

        var undo = CliRunner.Run("quarantine", "--undo", _output, "--intent", Intent);

        Assert.Equal(0, undo.ExitCode);
        Assert.Contains("k8s/netpact-quarantine-databases-postgresql.networkpolicy.yaml", undo.Stdout, StringComparison.Ordinal);
        Assert.Contains("no difference", undo.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Undo_with_the_applied_quarantine_among_the_inputs_restores()
    {
        Assert.Equal(0, CliRunner.Run("quarantine", "shop/db", Case("shop"), "--allow", "forensics/tool", "-o", _output).ExitCode);

        var undo = CliRunner.Run("quarantine", "--undo", _output, Case("shop"), Path.Combine(_output, "k8s"));

        Assert.Equal(0, undo.ExitCode);
        Assert.Contains("pre-incident connectivity restored", undo.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Undo_of_a_folder_netpact_did_not_write_exits_2()
    {
        Directory.CreateDirectory(_output);

        var undo = CliRunner.Run("quarantine", "--undo", _output, Case("shop"));

        Assert.Equal(2, undo.ExitCode);
        Assert.Contains(".netpact-generated", undo.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Undo_against_inputs_that_changed_since_exits_1_with_the_diff()
    {
        var shop = Case("shop");
        Assert.Equal(0, CliRunner.Run("quarantine", "shop/db", shop, "--time", "2026-12-07T23:00:00Z", "-o", _output).ExitCode);

        var undo = CliRunner.Run("quarantine", "--undo", _output, Case("priority-tie"));

        Assert.Equal(1, undo.ExitCode);
        Assert.Contains("diff-type:", undo.Stdout, StringComparison.Ordinal);
        Assert.Contains("NOT restored", undo.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Proof_that_fails_exits_1_and_names_the_path_left()
    {
        var result = CliRunner.Run("quarantine", "shop/db", Case("external-admitted"), "-o", _output);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("0.0.0.0-255.255.255.255[External] => shop/db[StatefulSet] : TCP 5432   (NOT PERMITTED)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("quarantine NOT proven", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Existing_file_netpact_did_not_write_is_not_overwritten()
    {
        var path = Path.Combine(_output, "k8s", "netpact-quarantine-shop-db.networkpolicy.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "mine\n");

        var refused = CliRunner.Run("quarantine", "shop/db", Case("shop"), "-o", _output);
        var forced = CliRunner.Run("quarantine", "shop/db", Case("shop"), "-o", _output, "--force");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--force", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, forced.ExitCode);
        Assert.NotEqual("mine\n", File.ReadAllText(path));
    }

    [Fact]
    public void Folder_with_files_netpact_did_not_write_is_refused_without_force()
    {
        Directory.CreateDirectory(_output);
        File.WriteAllText(Path.Combine(_output, "notes.txt"), "mine\n");

        var refused = CliRunner.Run("quarantine", "shop/db", Case("shop"), "-o", _output);
        var again = CliRunner.Run("quarantine", "shop/db", Case("shop"), "-o", _output, "--force");
        var rerun = CliRunner.Run("quarantine", "shop/db", Case("shop"), "-o", _output);

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("holds files netpact did not write", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(0, rerun.ExitCode);
        Assert.Equal("mine\n", File.ReadAllText(Path.Combine(_output, "notes.txt")));
    }

    [Fact]
    public void Unknown_target_exits_2_and_lists_the_workloads()
    {
        var result = CliRunner.Run("quarantine", "shop/nope", Case("shop"), "-o", _output);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("the workloads of namespace 'shop' are: cache, db, web", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_output));
    }

    [Fact]
    public void Broken_manifest_is_reported_at_file_line_column()
    {
        var result = CliRunner.Run("quarantine", "shop/web", Case("bad-yaml"), "-o", _output);

        Assert.Equal(2, result.ExitCode);
        Assert.Matches(@"broken\.yaml:\d+:\d+: error:", result.Stderr);
    }

    [Theory]
    [InlineData("--time", "yesterday", "ISO 8601")]
    [InlineData("--allow", "10.0.0.1/8", "host bits")]
    [InlineData("--reason", " ", "--reason is empty")]
    public void Bad_option_value_exits_2_with_what_to_write(string option, string value, string expected)
    {
        var result = CliRunner.Run("quarantine", "shop/db", Case("shop"), option, value, "-o", _output);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Intent_and_paths_together_exit_2()
    {
        var result = CliRunner.Run("quarantine", "databases/postgresql", Case("shop"), "--intent", Intent, "-o", _output);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("either as --intent or as PATH", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_output_folder_exits_2()
    {
        var result = CliRunner.Run("quarantine", "shop/db", Case("shop"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("-o DIR", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Zone_of_the_intent_is_quarantined_as_its_namespace()
    {
        var result = CliRunner.Run("quarantine", "data", "--intent", Intent, "-o", _output);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("netpact quarantine: databases\n", result.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_output, "k8s", "netpact-quarantine-databases.adminnetworkpolicy.yaml")));
    }
}

/// <summary>`netpact block`: exit 0 when proven on every layer that can deny, 2 on bad ranges.</summary>
public sealed class BlockCliTests : IDisposable
{
    private readonly string _output = Path.Combine(Path.GetTempPath(), $"netpact-block-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_output)) Directory.Delete(_output, recursive: true);
    }

    [Fact]
    public void Noa_server_block_is_proven_and_names_the_layers_that_cannot_deny()
    {
        var result = CliRunner.Run("block", "203.0.113.0/24", "--intent", Path.Combine(TestPaths.Examples, "noa-server", "intent.yaml"), "-o", _output);

        Assert.Equal(0, result.ExitCode);
        // k8s egress, Istio, AWS network ACLs and nftables deny the range; Kubernetes ingress and Compose cannot.
        Assert.Contains("block proven on 4 layers", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("k8s ingress: an AdminNetworkPolicy (v1alpha1) ingress peer is namespaces or pods only", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("compose: Docker networks do not filter by address", result.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_output, "nftables", "postgresql.nft")));
    }

    /// <summary>The proof of one layer: its lines from the heading to the result.</summary>
    private static string Proof(string stdout, string layer)
    {
        var start = stdout.IndexOf($"\n{layer}: ", StringComparison.Ordinal);
        Assert.True(start >= 0, stdout);
        var end = stdout.IndexOf("  result: ", start, StringComparison.Ordinal);
        return stdout[start..stdout.IndexOf('\n', end)];
    }

    [Fact]
    public void Aws_is_blocked_by_network_acl_entries_in_front_of_the_security_groups()
    {
        var result = CliRunner.Run("block", "203.0.113.0/24", "--intent", Path.Combine(TestPaths.Examples, "noa-server", "intent.yaml"), "-o", _output);

        var proof = Proof(result.Stdout, "aws");
        // The security groups admit the internet on the public port: the range is part of it before, and cut out after.
        Assert.Contains("  before: 1 connection with the ranges\n    0.0.0.0-255.255.255.255[External] => ingress-nginx-controller : TCP 443\n", proof, StringComparison.Ordinal);
        Assert.Contains("  after: 0 connections with the ranges\n", proof, StringComparison.Ordinal);
        Assert.EndsWith("result: blocked", proof, StringComparison.Ordinal);
        var acl = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(_output, "aws", "network-acl-block.json")))!["Entries"]!.AsArray();
        Assert.Equal(2, acl.Count);
        Assert.All(acl, e => Assert.Equal("deny", e!["RuleAction"]!.GetValue<string>()));
        Assert.Equal([false, true], acl.Select(e => e!["Egress"]!.GetValue<bool>()));
        var terraform = File.ReadAllText(Path.Combine(_output, "aws", "network-acl-block.tf"));
        Assert.Contains("rule_action    = \"deny\"", terraform, StringComparison.Ordinal);
        Assert.Contains("cidr_block      = \"203.0.113.0/24\"", terraform, StringComparison.Ordinal);
    }

    [Fact]
    public void Istio_is_blocked_by_a_deny_on_the_range_proven_for_callers_from_it()
    {
        var result = CliRunner.Run("block", "203.0.113.0/24", "--intent", Path.Combine(TestPaths.Examples, "noa-server", "intent.yaml"), "-o", _output);

        var proof = Proof(result.Stdout, "istio");
        // The compiled policies let plaintext from anywhere reach the public entry on 443 (it serves the internet).
        Assert.Contains("  before: 1 connection with the ranges\n    203.0.113.0-203.0.113.255[External] => ingress-nginx-controller : TCP 443\n", proof, StringComparison.Ordinal);
        Assert.Contains("  after: 0 connections with the ranges\n", proof, StringComparison.Ordinal);
        Assert.Contains("istio outbound: requests from the mesh to the ranges are not an AuthorizationPolicy's to deny", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("203.0.113.7/24", "host bits")]
    [InlineData("203.0.113.0/33", "no address range")]
    public void Bad_range_exits_2(string range, string expected)
    {
        var result = CliRunner.Run("block", range, Path.Combine(TestPaths.TestData, "quarantine", "shop"), "-o", _output);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
    }
}

/// <summary>The issue's acceptance on the reference architecture, over every compiled layer with Istio's address rules.</summary>
public sealed class NoaQuarantineAcceptanceTests
{
    [Fact]
    public void Postgresql_is_isolated_on_every_layer_that_can_but_the_forensic_source_and_dns_and_undo_restores_it()
    {
        var intent = Path.Combine(TestPaths.Examples, "noa-server", "intent.yaml");
        var folder = Path.Combine(Path.GetTempPath(), $"netpact-noa-quarantine-{Guid.NewGuid():N}");
        try
        {
            // Istio's DENY keeps the forensic source out of it with notIpBlocks: the intent places each workload in its
            // zone's subnet, so noa-server (10.0.2.0/24) is surely not 192.0.2.10 and is denied.
            var r = CliRunner.Run("quarantine", "databases/postgresql", "--intent", intent, "--allow", "192.0.2.10/32", "--dns",
                "--time", "2026-12-08T00:00:00Z", "-o", folder);

            Assert.Equal(0, r.ExitCode);
            Assert.Contains("quarantine proven on 5 layers", r.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("NOT isolated: 1 path in or out but the permitted (0 permitted)", r.Stdout, StringComparison.Ordinal);

            var undo = CliRunner.Run("quarantine", "--intent", intent, "--undo", folder);
            Assert.Equal(0, undo.ExitCode);
            Assert.Contains("no difference", undo.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
