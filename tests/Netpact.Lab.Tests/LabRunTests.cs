using Netpact.Compilers;
using Netpact.Lab.Reports;
using Netpact.Model;
using Netpact.Tests.Compilers;
using static Netpact.Lab.Tests.LabTestSupport;

namespace Netpact.Lab.Tests;

/// <summary>Whole labs on real packets: the reference intent, the seed's own policies, and what a lab leaves behind.</summary>
[Collection(LabCollection.Name)]
public sealed class LabRunTests
{
    private static readonly string[] Databases = ["postgresql", "redis", "mongodb"];

    private static async Task<LabResult> RunAsync(LabPlan plan, LabRules rules)
    {
        var work = Directory.CreateTempSubdirectory("netpact-lab-test-");
        try
        {
            return await LabRunner.RunAsync(plan, rules, NoaServerPath, work.FullName, new ProbeOptions(), _ => { }, TestContext.Current.CancellationToken);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Noa_server_on_real_packets_is_exactly_what_was_intended_and_predicted()
    {
        var links = await HostLinksAsync();
        var plan = LabPlan.For(NoaServer(), NewId());

        var result = await RunAsync(plan, LabRules.Compiled(plan));

        Assert.True(result.Agrees, LabReport.Write(result, LabFormat.Txt));
        Assert.All(result.Probes, p => Assert.Equal(Reach.Open == p.Observed, p.Intended));
        // MCP servers cannot reach each other, on any port.
        var mcp = result.Probes.Where(p => p.Probe.From.Name.StartsWith("mcp-", StringComparison.Ordinal) && p.Probe.To.Name.StartsWith("mcp-", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(mcp);
        Assert.All(mcp, p => Assert.Equal(Reach.Blocked, p.Observed));
        // The databases accept Noa Server only, on their own port only.
        var intoDatabases = result.Probes.Where(p => Databases.Contains(p.Probe.To.Name)).ToList();
        Assert.All(intoDatabases.Where(p => p.Open), p => Assert.True(p.Probe.From.Name == "noa-server" && p.Probe.Port.Declared, $"{p.Probe.From.Name} -> {p.Probe.To.Name} {p.Probe.Port}"));
        Assert.Equal(3, intoDatabases.Count(p => p.Open));
        Assert.Contains(intoDatabases, p => p.Probe.From.Name == "internet" && p.Observed == Reach.Blocked);
        await AssertNothingLeftAsync(plan.Id, links);
    }

    [Fact]
    public async Task The_seed_policies_as_a_lab_ruleset_break_noa_server_to_postgresql_as_verify_reports()
    {
        var links = await HostLinksAsync();
        var plan = LabPlan.For(NoaServer(), NewId());

        var result = await RunAsync(plan, LabRules.FromDirectory(SeedPolicies, plan));

        Assert.False(result.Agrees);
        var broken = Assert.Single(result.Probes, p => p.Probe.From.Name == "noa-server" && p.Probe.To.Name == "postgresql" && p.Probe.Port.Port == 5432 && p.Probe.Port.Protocol == Model.Protocol.TCP);
        Assert.True(broken.Intended);
        Assert.False(broken.Predicted);
        Assert.Equal(Reach.Blocked, broken.Observed);
        // As verify says of the seed's policies: PostgreSQL admits Noa Server, Noa Server's egress does not let it out.
        Assert.Equal("noa-server's output", broken.DroppedBy);
        // netpact predicted every packet right: what differs is the rules from the intent.
        Assert.All(result.Probes, p => Assert.True(p.AsPredicted, $"{p.Probe.From.Name} -> {p.Probe.To.Name} {p.Probe.Port}: {p.Detail}"));
        Assert.Contains("noa-server -> postgresql 5432/TCP: intended open, predicted blocked, observed blocked", LabReport.Write(result, LabFormat.Txt), StringComparison.Ordinal);
        // A failed probe leaves nothing behind either.
        await AssertNothingLeftAsync(plan.Id, links);
    }

    [Fact]
    public async Task A_flow_to_a_cidr_reaches_only_the_outside_addresses_that_stand_for_it()
    {
        // The web shop of docs/intent.md: the API pays through 203.0.113.0/24 on 443; the internet reaches the storefront.
        var intent = ComposeAndAwsSupport.ReadIntent("""
            apiVersion: netpact/v1
            kind: Intent
            metadata: {name: shop}
            zones:
              public: {namespace: shop-public, subnet: 10.10.1.0/24, internal: false}
              app: {namespace: shop-app, subnet: 10.10.2.0/24, isolatedFrom: [internet]}
              data: {namespace: shop-data, subnet: 10.10.3.0/24, isolatedFrom: [internet, public]}
            workloads:
              web: {zone: public, ports: [{name: https, port: 443}]}
              api: {zone: app, ports: [{name: http, port: 8080}]}
              db: {zone: data, ports: [{name: postgresql, port: 5432}]}
            flows:
              - {from: internet, to: web, ports: [https]}
              - {from: web, to: api, ports: [http]}
              - {from: api, to: db, ports: [postgresql]}
              - {name: api-to-payment-provider, from: api, to: 203.0.113.0/24, ports: [443/TCP]}
            """);
        var links = await HostLinksAsync();
        var plan = LabPlan.For(intent, NewId());
        var internet = plan.Host(LabHost.InternetName);

        var result = await RunAsync(plan, LabRules.Compiled(plan));

        Assert.True(result.Agrees, LabReport.Write(result, LabFormat.Txt));
        Assert.Equal(["198.19.0.1", "198.19.1.1", "198.19.2.1"], internet.Addresses.Select(a => a.Address.ToString()));
        var toOutside = result.Probes.Where(p => p.Probe.From.Name == "api" && p.Probe.To == internet && p.Open).ToList();
        var payment = Assert.Single(toOutside);
        Assert.Equal("198.19.1.1", payment.Probe.ToAddress.Address.ToString());
        Assert.Equal(443, payment.Probe.Port.Port);
        // The outside reaches the storefront from every piece, and nothing else.
        Assert.Equal(3, result.Probes.Count(p => p.Probe.From == internet && p.Open && p.Probe.To.Name == "web"));
        Assert.DoesNotContain(result.Probes, p => p.Probe.From == internet && p.Open && p.Probe.To.Name != "web");
        await AssertNothingLeftAsync(plan.Id, links);
    }

    /// <summary>Brings a lab up with a work folder of its own, removed afterwards.</summary>
    private static async Task UpAsync(LabPlan plan, IReadOnlyList<TextFile> rules, Action<string> progress, CancellationToken cancellation)
    {
        var work = Directory.CreateTempSubdirectory("netpact-lab-test-");
        try
        {
            await LabNetwork.UpAsync(plan, rules, work.FullName, progress, cancellation);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task An_interrupted_up_removes_the_namespaces_it_had_made()
    {
        var links = await HostLinksAsync();
        var plan = LabPlan.For(NoaServer(), NewId());
        using var interrupt = new CancellationTokenSource();
        var madeBeforeInterrupt = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => UpAsync(plan, LabRules.Compiled(plan).Files, message =>
        {
            if (!message.StartsWith("loading", StringComparison.Ordinal)) return;
            madeBeforeInterrupt = LabNetwork.Namespaces(plan.Id).Count;
            interrupt.Cancel();
        }, interrupt.Token));

        Assert.Equal(plan.Hosts.Length + 1, madeBeforeInterrupt);
        await AssertNothingLeftAsync(plan.Id, links);
    }

    [Fact]
    public async Task A_ruleset_the_kernel_refuses_fails_up_with_its_message_and_leaves_nothing()
    {
        var links = await HostLinksAsync();
        var plan = LabPlan.For(NoaServer(), NewId());
        TextFile[] rules = [new("broken/redis.nft", "table inet netpact {\n\tchain input {\n\t\ttype filter hook input priority filter; policy drop;\n\t\tip saddr @missing accept\n\t}\n}\n")];

        var failure = await Assert.ThrowsAsync<LabException>(() => UpAsync(plan, rules, _ => { }, TestContext.Current.CancellationToken));

        Assert.Contains("loading broken/redis.nft into redis", failure.Message, StringComparison.Ordinal);
        await AssertNothingLeftAsync(plan.Id, links);
    }
}
