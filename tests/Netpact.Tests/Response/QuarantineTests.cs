using System.Collections.Immutable;
using Netpact.Intents;
using Netpact.Kubernetes;
using Netpact.Model;
using Netpact.Response;

namespace Netpact.Tests.Response;

/// <summary>
/// Quarantine on the Kubernetes layer: what the AdminNetworkPolicy and the fallback NetworkPolicy isolate, proven by
/// the engine on the inputs plus the files written; and where isolation cannot be had, the proof says so.
/// </summary>
public sealed class QuarantineTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    internal static QuarantineInput Read(string testCase)
    {
        var folder = Path.Combine(TestPaths.TestData, "quarantine", testCase);
        var files = Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal).Select(f => new TextFile(f, File.ReadAllText(f))).ToImmutableArray();
        var read = ManifestReader.Read([folder]);
        Assert.False(read.HasErrors, string.Join("\n", read.Diagnostics));
        return new QuarantineInput(read.Cluster, files);
    }

    internal static QuarantineRequest Request(string target, params string[] allow) => new()
    {
        Target = QuarantineTarget.Parse(target, out _)!,
        Allow = [.. allow.Select(a => ForensicSource.Parse(a, out _)!)],
        Reason = "test: suspected compromise",
        Created = Noon,
    };

    private static LayerProof Proof(QuarantineResult result, string layer) => result.Proofs.Single(p => p.Layer == layer);

    [Fact]
    public void Admin_tier_cuts_off_a_workload_another_network_policy_admits()
    {
        var result = Quarantine.Isolate(Read("shop"), Request("shop/db"));

        var k8s = Proof(result, "k8s");
        Assert.Contains(k8s.Before, f => f.Source == "shop/web[Deployment]" && f.Destination == "shop/db[StatefulSet]");
        Assert.Contains(k8s.Before, f => f.Source == "shop/db[StatefulSet]" && f.Destination.EndsWith("[External]", StringComparison.Ordinal));
        Assert.Empty(k8s.After);
        Assert.True(result.Holds);
    }

    [Fact]
    public void Network_policy_alone_cannot_take_back_what_another_admits_and_says_which()
    {
        var result = Quarantine.Isolate(Read("shop"), Request("shop/db"));

        var fallback = Proof(result, "k8s (no admin tier)");
        var violation = Assert.Single(fallback.Violations);
        Assert.Equal("shop/web[Deployment] => shop/db[StatefulSet] : TCP 5432", violation.ToString());
        Assert.False(fallback.Decides);
        var np = result.Files.Single(f => f.Path.EndsWith(".networkpolicy.yaml", StringComparison.Ordinal));
        Assert.Contains("NetworkPolicy shop/allow-web-to-db", np.Content, StringComparison.Ordinal);
    }

    [Fact]
    public void Forensic_source_keeps_both_directions_and_nothing_else()
    {
        var result = Quarantine.Isolate(Read("shop"), Request("shop/db", "forensics/tool", "192.0.2.10/32"));

        var after = Proof(result, "k8s").After.Select(f => f.ToString()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
        [
            "192.0.2.10-192.0.2.10[External] => shop/db[StatefulSet] : All Connections",
            "forensics/tool[Deployment] => shop/db[StatefulSet] : All Connections",
            "shop/db[StatefulSet] => 192.0.2.10-192.0.2.10[External] : All Connections",
            "shop/db[StatefulSet] => forensics/tool[Deployment] : All Connections",
        ], after);
        Assert.All(Proof(result, "k8s").After, f => Assert.StartsWith("forensic source", f.Permitted, StringComparison.Ordinal));
        Assert.True(result.Holds);
    }

    [Fact]
    public void Dns_stays_open_only_when_asked_and_only_on_port_53()
    {
        var without = Quarantine.Isolate(Read("shop"), Request("shop/db"));
        var with = Quarantine.Isolate(Read("shop"), Request("shop/db") with { Dns = true });

        Assert.DoesNotContain(Proof(without, "k8s").After, f => f.Destination.StartsWith("kube-system/", StringComparison.Ordinal));
        var dns = Assert.Single(Proof(with, "k8s").After);
        Assert.Equal("shop/db[StatefulSet] => kube-system/coredns[Deployment] : TCP 53,UDP 53", dns.ToString());
        Assert.Equal("DNS", dns.Permitted);
    }

    [Fact]
    public void Namespace_target_cuts_traffic_inside_the_namespace_too()
    {
        var result = Quarantine.Isolate(Read("shop"), Request("shop"));

        var k8s = Proof(result, "k8s");
        Assert.Contains(k8s.Before, f => f.Source == "shop/cache[Deployment]" && f.Destination == "shop/web[Deployment]");
        Assert.Empty(k8s.After);
        var anp = ManifestReader.ReadText(result.Files[0].Content, result.Files[0].Path).Cluster.AdminPolicies.Single();
        Assert.Null(anp.Subject.Pods);
    }

    [Fact]
    public void Ingress_from_outside_that_a_network_policy_admits_is_not_isolated_and_the_proof_says_so()
    {
        var result = Quarantine.Isolate(Read("external-admitted"), Request("shop/db"));

        var violation = Assert.Single(Proof(result, "k8s").Violations);
        Assert.Equal("0.0.0.0-255.255.255.255[External] => shop/db[StatefulSet] : TCP 5432", violation.ToString());
        Assert.False(result.Holds);
    }

    [Fact]
    public void Admin_policy_tied_at_priority_0_is_warned_about_and_fails_the_proof_when_it_comes_first()
    {
        var result = Quarantine.Isolate(Read("priority-tie"), Request("shop/db"));

        Assert.Contains(result.Warnings, w => w.Contains("allow-shop-internal", StringComparison.Ordinal) && w.Contains("priority 0", StringComparison.Ordinal));
        Assert.Contains(Proof(result, "k8s").Violations, f => f.Source == "shop/web[Deployment]");
        Assert.False(result.Holds);
    }

    [Fact]
    public void Written_admin_policy_reads_back_at_priority_0_with_allow_before_deny()
    {
        var result = Quarantine.Isolate(Read("shop"), Request("shop/db", "forensics/tool"));

        var anp = result.Files.Single(f => f.Path == "k8s/netpact-quarantine-shop-db.adminnetworkpolicy.yaml");
        var read = ManifestReader.ReadText(anp.Content, anp.Path);
        var policy = Assert.Single(read.Cluster.AdminPolicies);
        Assert.Equal(0, policy.Priority);
        Assert.Equal([AdminAction.Allow, AdminAction.Deny], policy.Ingress.Select(r => r.Action));
        Assert.Equal([AdminAction.Allow, AdminAction.Deny], policy.Egress.Select(r => r.Action));
        Assert.Equal(["0.0.0.0/0", "::/0"], policy.Egress[^1].Peers.SelectMany(p => p.Networks).Select(c => c.ToString()));
    }

    [Fact]
    public void Every_manifest_says_why_and_when_and_the_same_request_writes_the_same_bytes()
    {
        var first = Quarantine.Isolate(Read("shop"), Request("shop/db", "forensics/tool"));
        var second = Quarantine.Isolate(Read("shop"), Request("shop/db", "forensics/tool"));

        Assert.Equal(first.Files, second.Files);
        var manifests = first.Files.Where(f => f.Path.EndsWith(".yaml", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, manifests.Count);
        Assert.All(manifests, f =>
        {
            Assert.Contains("netpact.io/quarantine-reason: \"test: suspected compromise\"", f.Content, StringComparison.Ordinal);
            Assert.Contains("netpact.io/quarantine-created: \"2026-12-07T12:00:00Z\"", f.Content, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Unknown_target_names_the_workloads_there_are()
    {
        var result = Quarantine.Isolate(Read("shop"), Request("shop/dbx"));

        var error = Assert.Single(result.Errors);
        Assert.Contains("cache, db, web", error, StringComparison.Ordinal);
        Assert.Empty(result.Files);
    }

    [Fact]
    public void Workload_name_without_namespace_is_answered_with_the_form_to_write()
    {
        var result = Quarantine.Isolate(Read("shop"), Request("db"));

        Assert.Contains("write it as NAMESPACE/NAME, e.g. shop/db", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Target_whose_labels_select_another_workload_is_refused()
    {
        var result = Quarantine.Isolate(Read("shared-labels"), Request("shop/api"));

        var error = Assert.Single(result.Errors);
        Assert.Contains("shop/api-canary", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("shop/")]
    [InlineData("Shop/db")]
    [InlineData("a/b/c")]
    [InlineData("")]
    public void Malformed_target_is_rejected_with_what_to_write(string text)
    {
        Assert.Null(QuarantineTarget.Parse(text, out var error));
        Assert.Contains("NAMESPACE/NAME", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("databases/postgresql", "databases", "postgresql")]
    [InlineData("databases", "databases", null)]
    public void Target_is_a_workload_or_a_namespace(string text, string ns, string? workload)
    {
        Assert.Equal(new QuarantineTarget(ns, workload), QuarantineTarget.Parse(text, out _));
    }

    [Fact]
    public void Forensic_cidr_with_host_bits_is_rejected()
    {
        Assert.Null(ForensicSource.Parse("192.0.2.10/24", out var error));
        Assert.Contains("192.0.2.0/24", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Undo_of_an_unchanged_input_gives_an_empty_diff()
    {
        var input = Read("shop");
        var result = Quarantine.Isolate(input, Request("shop/db", "forensics/tool"));

        var undo = QuarantineUndo.Prove(input, [.. result.Files]);

        Assert.Empty(undo.Errors);
        Assert.True(undo.Diff!.IsEmpty);
        Assert.True(undo.Restores);
        Assert.Equal(result.Files.Select(f => f.Path).Order(StringComparer.Ordinal), undo.FilesToDelete);
    }

    [Fact]
    public void Undo_with_the_quarantine_applied_in_the_inputs_removes_it_and_restores()
    {
        var input = Read("shop");
        var result = Quarantine.Isolate(input, Request("shop/db"));
        var applied = input with { Cluster = QuarantineInput.Combine(input.Cluster, QuarantineInput.ReadCompiled(result.Files.Where(f => f.Path.StartsWith("k8s/", StringComparison.Ordinal)))) };

        var undo = QuarantineUndo.Prove(applied, [.. result.Files]);

        Assert.True(undo.Restores);
    }

    [Fact]
    public void Undo_reports_a_change_made_to_the_inputs_during_the_incident()
    {
        var input = Read("shop");
        var result = Quarantine.Isolate(input, Request("shop/db"));
        var changed = input with { Cluster = input.Cluster with { Policies = [.. input.Cluster.Policies.Where(p => p.Name != "allow-web-to-db")] } };

        var undo = QuarantineUndo.Prove(changed, [.. result.Files]);

        Assert.False(undo.Restores);
        Assert.Contains(undo.Diff!.Differences, d => d.Source.ToString() == "shop/web[Deployment]" && d.Destination.ToString() == "shop/db[StatefulSet]");
    }

    [Fact]
    public void Undo_without_the_pre_incident_record_is_an_error()
    {
        var input = Read("shop");
        var result = Quarantine.Isolate(input, Request("shop/db"));

        var undo = QuarantineUndo.Prove(input, [.. result.Files.Where(f => f.Path != Quarantine.PreIncidentRecord)]);

        Assert.Contains(Quarantine.PreIncidentRecord, Assert.Single(undo.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Noa_server_postgresql_is_cut_off_but_for_the_forensic_source()
    {
        var intent = IntentReader.ReadFile(Path.Combine(TestPaths.Examples, "noa-server", "intent.yaml")).Intent!;
        var input = QuarantineInput.FromIntent(intent);

        var result = Quarantine.Isolate(input, Request("databases/postgresql", "monitoring/prometheus"));

        var k8s = Proof(result, "k8s");
        Assert.Contains(k8s.Before, f => f.Source == "noa-server/noa-server[Deployment]" && f.Destination == "databases/postgresql[Deployment]");
        Assert.Equal(
            ["databases/postgresql[Deployment] => monitoring/prometheus[Deployment] : All Connections", "monitoring/prometheus[Deployment] => databases/postgresql[Deployment] : All Connections"],
            k8s.After.Select(f => f.ToString()).Order(StringComparer.Ordinal));
        Assert.True(result.Holds);
        Assert.True(QuarantineUndo.Prove(input, [.. result.Files]).Restores);
    }
}
