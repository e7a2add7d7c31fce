using System.Diagnostics;
using Netpact.Lab.Reports;
using Netpact.Tests;
using static Netpact.Lab.Tests.LabTestSupport;

namespace Netpact.Lab.Tests;

/// <summary>The lab's lifecycle through the library, as 'netpact lab' calls it: up, probe, down, and what a failure leaves.</summary>
[Collection(LabCollection.Name)]
public sealed class LabSessionTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    /// <summary>netpact's apphost, copied beside the tests: 'up' starts it as the listener process.</summary>
    private static readonly string[] Netpact = [Path.Combine(AppContext.BaseDirectory, "Netpact.Cli")];

    private static string IntentFile => Path.Combine(TestPaths.RepoRoot, NoaServerPath);

    [Fact]
    public async Task Up_probe_and_down_prove_the_reference_intent_and_leave_nothing()
    {
        var links = await HostLinksAsync();
        var setup = LabSession.Prepare(NoaServer(), rulesFolder: null, NewId());
        var id = setup.Plan.Id;
        try
        {
            var state = await LabSession.UpAsync(setup, IntentFile, Netpact, _ => { }, TestContext.Current.CancellationToken);
            Assert.Equal(LabRules.CompiledSource, state.Rules);
            Assert.Contains(id, LabSession.Ids());

            var saved = LabSession.Load(id);
            Assert.NotNull(saved.Plan);
            var result = await LabSession.ProbeAsync(saved, new ProbeOptions(), _ => { }, TestContext.Current.CancellationToken);
            Assert.True(result.Agrees, LabReport.Write(result, LabFormat.Txt));

            var removed = await LabSession.DownAsync(id);
            Assert.Equal(setup.Plan.Hosts.Length + 1, removed.Count);
            await AssertNothingLeftAsync(id, links);
        }
        finally
        {
            await CleanUpAsync(id);
        }
    }

    [Fact]
    public async Task An_up_that_fails_half_way_removes_the_namespaces_and_the_state_it_had_made()
    {
        var links = await HostLinksAsync();
        var setup = LabSession.Prepare(NoaServer(), rulesFolder: null, NewId());
        var id = setup.Plan.Id;
        var (namespacesMade, stateMade) = (0, false);
        try
        {
            // A listener process that ends at once: up fails after the network is made.
            var failure = await Assert.ThrowsAsync<LabException>(() => LabSession.UpAsync(setup, IntentFile, ["/bin/false"], message =>
            {
                if (message != "starting the listeners") return;
                namespacesMade = LabNetwork.Namespaces(id).Count;
                stateMade = Directory.Exists(LabState.DirectoryOf(id));
            }, TestContext.Current.CancellationToken));

            Assert.StartsWith("the listener process ended before its ports were open", failure.Message, StringComparison.Ordinal);
            Assert.Equal(setup.Plan.Hosts.Length + 1, namespacesMade);
            Assert.True(stateMade);
            await AssertNothingLeftAsync(id, links);
        }
        finally
        {
            await CleanUpAsync(id);
        }
    }

    [Fact]
    public async Task Down_removes_what_a_killed_run_left_and_up_leaves_it_alone_meanwhile()
    {
        var links = await HostLinksAsync();
        var id = NewId();
        var namespaces = LabPlan.For(NoaServer(), id).Hosts.Length + 1;
        try
        {
            // Blocked probes wait 5 s: the run is still probing, its network whole, when it is killed.
            using (var run = Process.Start(NetpactProcess("lab", "run", NoaServerPath, "--id", id, "--timeout", "5000"))!)
            {
                // SIGKILL (no cleanup can run) once every namespace is made and the rules are being loaded.
                var killed = WhenReady(run, () => Whole(id, namespaces), p =>
                {
                    p.Kill();
                    return true;
                }, Limit);
                Assert.True(killed, "the run ended before it could be killed: " + (run.HasExited ? await run.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken) : "no lab was made"));
                using var limit = new CancellationTokenSource(Limit);
                await run.WaitForExitAsync(limit.Token);
            }
            Assert.Equal(namespaces, LabNetwork.Namespaces(id).Count);
            Assert.Equal(id, LabSession.Resolve(id));
            Assert.Contains(id, LabSession.Ids());

            // Another up with the same id is refused and removes nothing of what is there.
            var refused = await Assert.ThrowsAsync<LabException>(() =>
                LabSession.UpAsync(LabSession.Prepare(NoaServer(), rulesFolder: null, id), IntentFile, Netpact, _ => { }, TestContext.Current.CancellationToken));
            Assert.Contains($"lab {id} exists already", refused.Message, StringComparison.Ordinal);
            Assert.Equal(namespaces, LabNetwork.Namespaces(id).Count);
            Assert.True(Directory.Exists(LabState.DirectoryOf(id)));

            var removed = await LabSession.DownAsync(id);

            Assert.Equal(namespaces, removed.Count);
            await AssertNothingLeftAsync(id, links);
        }
        finally
        {
            await CleanUpAsync(id);
        }
    }

    private static bool Whole(string id, int namespaces) =>
        LabNetwork.Namespaces(id).Count == namespaces && Directory.Exists(LabState.RulesOf(id)) && Directory.EnumerateFiles(LabState.RulesOf(id)).Any();
}
