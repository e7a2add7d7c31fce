using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Netpact.Serve.Tests;

/// <summary>Processes the tests start (promtool, prometheus, netpact serve): bounded waits, output captured, always killed.</summary>
internal sealed class RunningProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _lock = new();

    private RunningProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    public string Stdout
    {
        get { lock (_lock) return _stdout.ToString(); }
    }

    public string Stderr
    {
        get { lock (_lock) return _stderr.ToString(); }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static RunningProcess Start(string file, IEnumerable<string> args, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = new Process { StartInfo = info };
        var running = new RunningProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (running._lock) running._stdout.Append(e.Data).Append('\n'); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (running._lock) running._stderr.Append(e.Data).Append('\n'); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        return running;
    }

    /// <summary>Runs to the end (bounded); returns exit code and output.</summary>
    public static (int ExitCode, string Output) Run(string file, params string[] args)
    {
        using var p = Start(file, args);
        if (!p.WaitForExit(TimeSpan.FromMinutes(2))) throw new TimeoutException($"{file} did not finish in 2 minutes");
        return (p.ExitCode, p.Stdout + p.Stderr);
    }

    public bool WaitForExit(TimeSpan limit)
    {
        if (!_process.WaitForExit(limit)) return false;
        _process.WaitForExit(); // flushes the asynchronous output readers
        return true;
    }

    /// <summary>Sends a signal: TERM (what a service manager or kubelet sends to stop a process) or INT (Ctrl-C).</summary>
    public void Signal(string signal)
    {
        var (code, output) = Run("/bin/kill", $"-{signal}", Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(code == 0, output);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }
        _process.Dispose();
    }
}

internal static class Tooling
{
    public const string Promtool = "/usr/bin/promtool";
    public const string Prometheus = "/usr/bin/prometheus";

    /// <summary>The netpact CLI built beside the tests (the test project references it).</summary>
    public static string CliDll
    {
        get
        {
            var beside = Path.Combine(AppContext.BaseDirectory, "Netpact.Cli.dll");
            return File.Exists(beside) ? beside : Path.Combine(Netpact.Tests.TestPaths.RepoRoot, "src", "Netpact.Cli", "bin", "Release", "net10.0", "Netpact.Cli.dll");
        }
    }

    /// <summary>
    /// Starts 'netpact serve' and waits (bounded) for the line naming its port. Its SIGINT is reset to the default,
    /// as for a program in the foreground of a terminal: a test run started in the background by a shell without job
    /// control ignores SIGINT, its children inherit that, and .NET then never sees a SIGINT ('kill -INT' does nothing).
    /// </summary>
    public static (RunningProcess Process, int Port) StartServe(string config)
    {
        var process = RunningProcess.Start("env", ["--default-signal=INT", "dotnet", CliDll, "serve", "--config", config]);
        for (var i = 0; i < 600; i++)
        {
            var err = process.Stderr;
            var at = err.IndexOf("listening on http://127.0.0.1:", StringComparison.Ordinal);
            if (at >= 0)
            {
                var rest = err[(at + "listening on http://127.0.0.1:".Length)..];
                return (process, int.Parse(rest[..rest.IndexOf('/', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture));
            }
            if (process.HasExited) break;
            Thread.Sleep(100);
        }
        var output = process.Stderr;
        process.Dispose();
        throw new InvalidOperationException($"netpact serve did not start listening: {output}");
    }

    /// <summary>A TCP port free on 127.0.0.1 now (for programs that need a port number given to them).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Polls until the condition holds, at most 600 times over about a minute; false if it never did.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 600; i++)
        {
            if (await condition()) return true;
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        return false;
    }

    public static Task<bool> EventuallyAsync(Func<bool> condition) => EventuallyAsync(() => Task.FromResult(condition()));

    public static bool CanConnect(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
