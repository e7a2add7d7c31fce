using System.Diagnostics;
using System.Text.Json;
using Netpact.Cli;
using Netpact.Tests;
using static Netpact.Lab.Tests.LabTestSupport;

namespace Netpact.Lab.Tests;

/// <summary>'netpact lab' as a user runs it: separate processes for up, probe and down, and Ctrl-C during up.</summary>
[Collection(LabCollection.Name)]
public sealed class LabCliTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var process = Process.Start(NetpactProcess(args))!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var limit = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"netpact {string.Join(' ', args)} did not finish within {Limit.TotalSeconds} s");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task Up_probe_and_down_as_separate_commands_prove_the_reference_intent_and_leave_nothing()
    {
        var links = await HostLinksAsync();
        var id = NewId();
        try
        {
            var up = await RunAsync("lab", "up", NoaServerPath, "--id", id);
            Assert.True(up.Code == 0, up.Stderr);
            Assert.Contains($"lab {id} is up: 10 hosts", up.Stdout, StringComparison.Ordinal);
            Assert.Equal(11, LabNetwork.Namespaces(id).Count);
            Assert.True(LabState.Load(id) is { ListenerPid: { } pid } && ListenerProcess.IsRunning(pid, id));

            var probe = await RunAsync("lab", "probe", "--id", id, "--format", "json");
            Assert.True(probe.Code == 0, probe.Stdout + probe.Stderr);
            using var json = JsonDocument.Parse(probe.Stdout);
            Assert.True(json.RootElement.GetProperty("agrees").GetBoolean());
            Assert.Equal(0, json.RootElement.GetProperty("disagreements").GetInt32());

            var down = await RunAsync("lab", "down", "--id", id);
            Assert.True(down.Code == 0, down.Stderr);
            Assert.Contains($"lab {id} removed: 11 network namespaces", down.Stdout, StringComparison.Ordinal);
            await AssertNothingLeftAsync(id, links);
        }
        finally
        {
            await CleanUpAsync(id);
        }
    }

    [Fact]
    public async Task Ctrl_C_during_up_removes_everything_up_had_made()
    {
        var links = await HostLinksAsync();
        var id = NewId();
        try
        {
            using var process = Process.Start(NetpactProcess("lab", "up", NoaServerPath, "--id", id))!;
            var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            // Ctrl-C as soon as the namespaces exist.
            var interrupted = WhenReady(process, () => LabNetwork.Namespaces(id).Count > 0, p => ListenerProcess.Interrupt(p.Id), Limit);
            Assert.True(interrupted, $"no SIGINT sent: {(process.HasExited ? await stdout + await stderr : "up made no namespace")}");
            using var limit = new CancellationTokenSource(Limit);
            await process.WaitForExitAsync(limit.Token);

            Assert.Equal(ExitCodes.BadInput, process.ExitCode);
            Assert.Contains("interrupted", await stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("is up", await stdout, StringComparison.Ordinal);
            await AssertNothingLeftAsync(id, links);
        }
        finally
        {
            await CleanUpAsync(id);
        }
    }

    [Fact]
    public async Task Without_root_the_lab_says_what_is_missing()
    {
        var start = new ProcessStartInfo("/usr/bin/setpriv")
        {
            WorkingDirectory = TestPaths.RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "--reuid", "65534", "--regid", "65534", "--clear-groups", "env", "HOME=/tmp", Path.Combine(AppContext.BaseDirectory, "Netpact.Cli"), "lab", "run", NoaServerPath })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var limit = new CancellationTokenSource(Limit);
        await process.WaitForExitAsync(limit.Token);

        Assert.Equal(ExitCodes.BadInput, process.ExitCode);
        Assert.Equal("netpact: error: the lab needs root to create network namespaces and load nftables rules: run it as root (sudo netpact lab ...)\n", await stderr);
    }

    [Fact]
    public void Rulesets_netpact_cannot_read_are_located_errors_and_no_lab_is_made()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var rules = Path.Combine(TestPaths.TestData, "compile-nftables", "read-errors");

        var code = NetpactCommand.Run(["lab", "run", Path.Combine(TestPaths.RepoRoot, NoaServerPath), "--rules", rules], TextReader.Null, stdout, stderr);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("read-errors/noa-server.nft:4:7: error: 'tcp sport' is not read", stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Probing_a_lab_that_is_not_up_says_so()
    {
        var stderr = new StringWriter();

        var code = NetpactCommand.Run(["lab", "probe", "--id", "nosuchlab0"], TextReader.Null, new StringWriter(), stderr);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal("netpact: error: lab nosuchlab0 has no saved state (was it brought up by 'netpact lab up'?); remove it with 'netpact lab down --id nosuchlab0'\n", stderr.ToString());
    }
}
