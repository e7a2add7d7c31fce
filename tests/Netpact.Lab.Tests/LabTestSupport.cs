using System.Diagnostics;
using Netpact.Tests;
using Netpact.Tests.Compilers;
using Netpact.Intents;

namespace Netpact.Lab.Tests;

/// <summary>What the lab tests share: the reference intent, unique lab ids, and the check that nothing is left behind.</summary>
internal static class LabTestSupport
{
    public const string NoaServerPath = "examples/noa-server/intent.yaml";

    public static Intent NoaServer() => ComposeAndAwsSupport.NoaServer();

    /// <summary>A lab id no other test run uses: 't' and five random hex digits.</summary>
    public static string NewId() => "t" + LabPlan.NewId()[1..];

    public static string SeedPolicies => Path.Combine(TestPaths.TestData, "compile-nftables", "seed-policies");

    /// <summary>The names of the links in this process's (the host's) network namespace.</summary>
    public static async Task<SortedSet<string>> HostLinksAsync()
    {
        var shown = await SystemTool.RunAsync(LabEnvironment.Ip, ["-o", "link", "show"]);
        Assert.Equal(0, shown.ExitCode);
        return new SortedSet<string>(shown.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(':')[1].Trim().Split('@')[0]), StringComparer.Ordinal);
    }

    /// <summary>No namespace of the lab in 'ip netns list', no new link in the host's namespace, no state, no listener.</summary>
    public static async Task AssertNothingLeftAsync(string id, SortedSet<string> linksBefore)
    {
        var listed = await SystemTool.RunAsync(LabEnvironment.Ip, ["netns", "list"]);
        Assert.Equal(0, listed.ExitCode);
        Assert.DoesNotContain(LabPlan.NamespacePrefixOf(id), listed.Stdout, StringComparison.Ordinal);
        Assert.Empty(LabNetwork.Namespaces(id));
        var linksAfter = await HostLinksAsync();
        Assert.Empty(linksAfter.Except(linksBefore));
        Assert.False(Directory.Exists(LabState.DirectoryOf(id)), $"state of lab {id} left in {LabState.DirectoryOf(id)}");
        Assert.DoesNotContain(Process.GetProcesses(), p => ListenerProcess.IsRunning(p.Id, id));
    }

    /// <summary>
    /// Starts netpact (its apphost, copied beside the tests) as a user does, through 'env --default-signal=INT': a
    /// test host started in the background ignores SIGINT, and so would its children; netpact must get Ctrl-C as a
    /// terminal delivers it.
    /// </summary>
    public static ProcessStartInfo NetpactProcess(params string[] args)
    {
        var start = new ProcessStartInfo("/usr/bin/env")
        {
            WorkingDirectory = TestPaths.RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "--default-signal=INT", Path.Combine(AppContext.BaseDirectory, "Netpact.Cli") }.Concat(args)) start.ArgumentList.Add(a);
        return start;
    }

    /// <summary>
    /// Watches <paramref name="process"/> on a thread of its own (a busy thread pool would see the lab late) until
    /// <paramref name="ready"/>, then does <paramref name="act"/> to it; false when the process ended first or
    /// <paramref name="limit"/> passed.
    /// </summary>
    public static bool WhenReady(Process process, Func<bool> ready, Func<Process, bool> act, TimeSpan limit)
    {
        var done = false;
        var watcher = new Thread(() =>
        {
            var started = Stopwatch.StartNew();
            while (!process.HasExited && started.Elapsed < limit && !ready()) Thread.Sleep(2);
            if (!process.HasExited && ready()) done = act(process);
        });
        watcher.Start();
        watcher.Join(limit);
        return done;
    }

    /// <summary>Removes a lab a failed test may have left (its listener first).</summary>
    public static Task CleanUpAsync(string id) => LabSession.DownAsync(id);
}
