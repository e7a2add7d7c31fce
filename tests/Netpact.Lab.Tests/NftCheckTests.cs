using System.Collections.Immutable;
using CsCheck;
using Netpact.Compilers;
using Netpact.Compilers.Nftables;
using Netpact.Model;
using Netpact.Tests;
using Netpact.Tests.Intents;
using static Netpact.Lab.Tests.LabTestSupport;

namespace Netpact.Lab.Tests;

/// <summary>
/// 'nft -c' (parse and check against the kernel, apply nothing) on every ruleset netpact writes, and on the
/// hand-written ones the tests read, inside a scratch namespace this fixture creates and removes.
/// </summary>
public sealed class NftCheckTests : IAsyncLifetime
{
    private readonly string _id = NewId();

    private string Scratch => LabPlan.NamespacePrefixOf(_id);

    public async ValueTask InitializeAsync()
    {
        LabEnvironment.Require();
        var added = await SystemTool.RunAsync(LabEnvironment.Ip, ["netns", "add", Scratch]);
        Assert.True(added.ExitCode == 0, added.Stderr);
    }

    public async ValueTask DisposeAsync() => await LabNetwork.DownAsync(_id, CancellationToken.None);

    private async Task<IReadOnlyList<string>> CheckAsync(IEnumerable<TextFile> files)
    {
        var failures = new List<string>();
        var folder = Directory.CreateTempSubdirectory("netpact-nft-check-");
        try
        {
            foreach (var file in files)
            {
                var path = Path.Combine(folder.FullName, Path.GetFileName(file.Path));
                await File.WriteAllTextAsync(path, file.Content);
                var checkedRun = await SystemTool.RunAsync(LabEnvironment.Ip, ["netns", "exec", Scratch, LabEnvironment.Nft, "-c", "-f", path]);
                if (checkedRun.ExitCode != 0) failures.Add($"{file.Path}: {checkedRun.Stderr.Trim()}");
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
        return failures;
    }

    [Fact]
    public async Task Noa_server_rulesets_pass_nft_check_with_default_and_lab_addresses()
    {
        var intent = NoaServer();
        var target = new NftablesLayerCompiler();

        var failures = await CheckAsync(target.Compile(intent).Concat(target.Compile(intent, LabPlan.For(intent, _id).Addresses)));

        Assert.Empty(failures);
    }

    [Fact]
    public void Rulesets_compiled_from_random_intents_pass_nft_check()
    {
        var target = new NftablesLayerCompiler();
        RandomIntents.Intents.Select(Gen.Bool).Sample(
            (intent, subnets) =>
            {
                // Half with IPv6 zone subnets: sets of IPv6 addresses and ip6 rules.
                if (subnets) intent = intent with { Zones = [.. intent.Zones.Select((z, i) => z with { Subnet = Model.Cidr.TryParse($"2001:db8:{i + 1}::/64", out _, out _) })] };
                var failures = CheckAsync(target.Compile(intent)).GetAwaiter().GetResult();
                Assert.True(failures.Count == 0, string.Join("\n", failures));
            },
            iter: 12,
            threads: 1,
            print: t => RandomIntents.ToYaml(t.Item1));
    }

    [Fact]
    public async Task The_hand_written_rulesets_the_tests_read_pass_nft_check()
    {
        var folders = new[] { "seed-policies", "read-commands" }.Select(f => Path.Combine(TestPaths.TestData, "compile-nftables", f));
        var files = folders.SelectMany(f => Directory.EnumerateFiles(f, "*.nft")).Select(f => new TextFile(f, File.ReadAllText(f)));

        var failures = await CheckAsync(files);

        Assert.Empty(failures);
    }

    [Fact]
    public async Task A_broken_ruleset_fails_nft_check()
    {
        var failures = await CheckAsync([new TextFile("broken.nft", "table inet netpact {\n\tchain input {\n\t\tjump nowhere\n\t}\n}\n")]);

        Assert.Single(failures);
    }
}
