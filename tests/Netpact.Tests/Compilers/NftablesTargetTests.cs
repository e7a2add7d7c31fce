using System.Collections.Immutable;
using CsCheck;
using Netpact.Compilers;
using Netpact.Compilers.Nftables;
using Netpact.Intents;
using Netpact.Model;
using Netpact.Tests.Intents;
using Netpact.Verify;
using static Netpact.Tests.Compilers.ComposeAndAwsSupport;

namespace Netpact.Tests.Compilers;

public sealed class NftablesTargetTests
{
    private readonly NftablesLayerCompiler _target = new();

    private static string Case(string name) => Path.Combine(TestPaths.TestData, "compile-nftables", name);

    [Fact]
    public void Noa_server_compiles_to_the_expected_rulesets()
    {
        var files = _target.Compile(NoaServer());

        AssertGolden(Case("noa-server"), files);
    }

    [Fact]
    public void Compiled_noa_server_allows_exactly_the_intended_flows()
    {
        var intent = NoaServer();

        var layer = LayerReaders.Find(_target.Layer).Read(_target.Compile(intent), intent);

        Assert.Empty(layer.Diagnostics);
        Assert.Empty(layer.Approximations);
        var (extra, missing) = Differences(IntendedFlows.Of(intent), layer, allowApproximations: false);
        Assert.Empty(extra);
        Assert.Empty(missing);
    }

    [Fact]
    public void Every_rule_of_a_flow_names_it_and_every_chain_drops_by_default_with_a_counter()
    {
        var files = _target.Compile(NoaServer());

        var postgresql = Assert.Single(files, f => f.Path == "nftables/postgresql.nft").Content;
        Assert.Contains("ip saddr @workload.noa-server tcp dport 5432 accept comment \"intent flow noa-server-to-postgresql\"", postgresql, StringComparison.Ordinal);
        Assert.All(files, f =>
        {
            Assert.Equal(2, CountOf(f.Content, "policy drop;"));
            Assert.Equal(2, CountOf(f.Content, "ct state established,related accept"));
            Assert.Equal(2, CountOf(f.Content, "counter drop comment \"not an intended flow\""));
        });
    }

    [Fact]
    public void Rulesets_compiled_from_random_intents_allow_exactly_the_intended_flows()
    {
        RandomIntents.Intents.Sample(
            intent =>
            {
                var layer = LayerReaders.Find(_target.Layer).Read(_target.Compile(intent), intent);

                Assert.Empty(layer.Diagnostics);
                var (extra, missing) = Differences(IntendedFlows.Of(intent), layer, allowApproximations: false);
                Assert.True(extra.Count == 0 && missing.Count == 0, $"extra: {string.Join("; ", extra.Take(5))}\nmissing: {string.Join("; ", missing.Take(5))}");
            },
            iter: 150,
            print: RandomIntents.ToYaml);
    }

    [Fact]
    public void Rulesets_stay_exact_when_zone_subnets_lie_inside_the_outside_ranges_flows_name()
    {
        // Zones in 10.x (IPv4) or 2001:db8:x:: (IPv6): the random CIDR ends 10.0.0.0/8 and 2001:db8::/32 hold the
        // workloads' own addresses, which egress to the outside must leave out.
        RandomIntents.Intents.Select(Gen.Bool).Sample(
            (intent, v6) =>
            {
                var zones = intent.Zones.Select((z, i) => z with { Subnet = Subnet(v6 ? $"2001:db8:{i + 1}::/64" : $"10.{i + 1}.0.0/24") }).ToImmutableArray();
                var placed = intent with { Zones = zones };

                var layer = LayerReaders.Find(_target.Layer).Read(_target.Compile(placed), placed);

                Assert.Empty(layer.Diagnostics);
                var (extra, missing) = Differences(IntendedFlows.Of(placed), layer, allowApproximations: false);
                Assert.True(extra.Count == 0 && missing.Count == 0, $"extra: {string.Join("; ", extra.Take(5))}\nmissing: {string.Join("; ", missing.Take(5))}");
            },
            iter: 100,
            print: t => RandomIntents.ToYaml(t.Item1) + $"# subnets IPv6: {t.Item2}");
    }

    [Fact]
    public void The_default_plan_numbers_hosts_in_their_zone_subnet_and_gives_placeholders_elsewhere()
    {
        var intent = ReadIntent("""
            apiVersion: netpact/v1
            kind: Intent
            zones:
              app: {subnet: 10.0.2.0/24}
              tiny: {subnet: 10.0.9.0/31}
              bare: {}
            workloads:
              api: {zone: app}
              worker: {zone: app}
              one: {zone: tiny}
              two: {zone: tiny}
              lone: {zone: bare}
            """);

        var plan = AddressPlan.Default(intent);

        Assert.Equal("10.0.2.1-10.0.2.1", plan.AddressOf("api").ToString());
        Assert.Equal("10.0.2.2-10.0.2.2", plan.AddressOf("worker").ToString());
        Assert.All(new[] { "one", "two", "lone" }, w => Assert.True(plan.AddressOf(w).Within(AddressPlan.PlaceholderRange), w));
        Assert.Equal(5, plan.Workloads.Values.Distinct().Count());
        Assert.StartsWith("placeholder", plan.Notes["lone"], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ReaderCases))]
    public void Hand_written_rulesets_read_as_expected(string name)
    {
        var folder = Case(name);
        var files = Directory.EnumerateFiles(folder, "*.nft").Order(StringComparer.Ordinal)
            .Select(f => new TextFile($"compile-nftables/{name}/{Path.GetFileName(f)}", File.ReadAllText(f)))
            .ToList();

        var layer = LayerReaders.Find(_target.Layer).Read(files, NoaServer());

        AssertGoldenText(Path.Combine(folder, "expected.txt"), Describe(layer));
    }

    public static TheoryData<string> ReaderCases() =>
        [.. Directory.EnumerateDirectories(Path.Combine(TestPaths.TestData, "compile-nftables")).Select(d => Path.GetFileName(d)!)
            .Where(n => n != "noa-server").Order(StringComparer.Ordinal)];

    [Fact]
    public void The_seed_policies_as_host_rulesets_break_noa_server_to_postgresql_as_verify_reports()
    {
        var intent = NoaServer();
        var files = Directory.EnumerateFiles(Case("seed-policies"), "*.nft").Order(StringComparer.Ordinal)
            .Select(f => new TextFile(f, File.ReadAllText(f))).ToList();

        var layer = LayerReaders.Find(_target.Layer).Read(files, intent);

        Assert.DoesNotContain(layer.Diagnostics, d => d.Severity == Severity.Error);
        var (_, missing) = Differences(IntendedFlows.Of(intent), layer, allowApproximations: false);
        Assert.Contains("noa-server -> postgresql: TCP 5432", missing);
        // postgresql admits Noa Server; Noa Server's own egress (DNS only) is what breaks it.
        var reach = layer.Flows.Between(FlowPeer.Of("noa-server"), FlowPeer.Of("postgresql"));
        Assert.True(reach.Allowed.IsEmpty);
    }

    [Fact]
    public void Given_addresses_replace_what_the_workload_sets_hold()
    {
        var intent = NoaServer();
        var files = _target.Compile(intent);
        var lab = intent.Workloads.Select((w, i) => (w.Name, Range: new IpRange(false, 0xC6120100u + (uint)i, 0xC6120100u + (uint)i)))
            .ToDictionary(x => x.Name, x => x.Range);

        var layer = new NftablesLayerReader().Read(files, intent, lab);

        var (extra, missing) = Differences(IntendedFlows.Of(intent), layer, allowApproximations: false);
        Assert.Empty(extra);
        Assert.Empty(missing);
    }

    private static Cidr Subnet(string text) => Cidr.TryParse(text, out var error, out _) ?? throw new ArgumentException(error, nameof(text));

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
