using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Netpact.Cli;

[assembly: AssemblyFixture(typeof(Netpact.Audit.Tests.Lab.AuditLab))]

namespace Netpact.Audit.Tests.Lab;

/// <summary>
/// The test bed, started once for the whole assembly: nginx with the weak, strong and Observatory
/// conformance configurations, openssl s_server speaking one protocol version, and three hostile peers
/// (silent, garbage, closes mid-handshake). Everything listens on 127.0.0.x high ports chosen now,
/// with certificates made now in a temporary folder; everything is stopped and removed at the end.
/// </summary>
public sealed class AuditLab : IAsyncLifetime
{
    public const string WeakAddress = "127.0.0.2";
    public const string StrongAddress = "127.0.0.3";
    public const string SingleVersionAddress = "127.0.0.4";
    public const string HostileAddress = "127.0.0.5";

    private readonly List<Process> _processes = [];
    private readonly List<TcpListener> _listeners = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, Task<CliResult>> _runs = [];
    private readonly Lock _runsLock = new();

    public string Dir { get; } = Directory.CreateTempSubdirectory("netpact-audit-lab-").FullName;
    public int WeakHttps { get; private set; }
    public int WeakHttp { get; private set; }
    public int StrongHttps { get; private set; }
    public int StrongHttp { get; private set; }
    public int VariantsHttp { get; private set; }
    public int VariantsHttps { get; private set; }
    public int Tls11Only { get; private set; }
    public int Tls12Only { get; private set; }
    public int Silent { get; private set; }
    public int Garbage { get; private set; }
    public int Closer { get; private set; }
    public int Refused { get; private set; }

    public string CaFile => Path.Combine(Dir, "ca.crt");

    public static string LabFolder => Path.Combine(AppContext.BaseDirectory, "Lab");

    public static string TestData => Path.Combine(AppContext.BaseDirectory, "TestData");

    /// <summary>The repository (the folder with netpact.slnx) above the test binary; shared/ sits beside it.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "netpact.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException($"netpact.slnx not found above {AppContext.BaseDirectory}");
    }

    public async ValueTask InitializeAsync()
    {
        WeakHttps = FreePort(WeakAddress);
        WeakHttp = FreePort(WeakAddress);
        StrongHttps = FreePort(StrongAddress);
        StrongHttp = FreePort(StrongAddress);
        VariantsHttp = FreePort("127.0.0.1");
        VariantsHttps = FreePort("127.0.0.1");
        Tls11Only = FreePort(SingleVersionAddress);
        Tls12Only = FreePort(SingleVersionAddress);
        Refused = FreePort(HostileAddress);

        await RunToEndAsync("bash", [Path.Combine(LabFolder, "make-lab.sh"), Dir, WeakAddress, $"{WeakHttps}", $"{WeakHttp}", StrongAddress, $"{StrongHttps}", $"{StrongHttp}"]);
        var template = await File.ReadAllTextAsync(Path.Combine(TestData, "observatory", "variants.conf.template"));
        await File.WriteAllTextAsync(Path.Combine(Dir, "variants.conf"), template
            .Replace("{DIR}", Dir, StringComparison.Ordinal)
            .Replace("{HTTP_PORT}", $"{VariantsHttp}", StringComparison.Ordinal)
            .Replace("{HTTPS_PORT}", $"{VariantsHttps}", StringComparison.Ordinal));

        foreach (var name in new[] { "weak", "strong", "variants" })
            Start("nginx", ["-p", Dir, "-c", Path.Combine(Dir, $"{name}.conf"), "-e", Path.Combine(Dir, $"{name}-error.log"), "-g", "daemon off;"]);
        Start("openssl", ["s_server", "-quiet", "-accept", $"{SingleVersionAddress}:{Tls11Only}", "-cert", Path.Combine(Dir, "weak.crt"), "-key", Path.Combine(Dir, "weak.key"), "-tls1_1", "-cipher", "ALL:@SECLEVEL=0"]);
        Start("openssl", ["s_server", "-quiet", "-accept", $"{SingleVersionAddress}:{Tls12Only}", "-cert", Path.Combine(Dir, "strong.crt"), "-key", Path.Combine(Dir, "strong.key"), "-tls1_2"]);

        Silent = Listen(async (client, ct) => await Task.Delay(Timeout.Infinite, ct));
        Garbage = Listen(async (client, ct) =>
        {
            var stream = client.GetStream();
            _ = await stream.ReadAsync(new byte[4096], ct);   // any part of the ClientHello will do
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"), ct);
        });
        Closer = Listen(async (client, ct) =>
        {
            var stream = client.GetStream();
            _ = await stream.ReadAsync(new byte[4096], ct);   // any part of the ClientHello will do
            // A handshake record announcing 80 bytes, then only the start of a ServerHello, then close.
            await stream.WriteAsync(new byte[] { 0x16, 0x03, 0x03, 0x00, 0x50, 0x02, 0x00, 0x00, 0x4C, 0x03, 0x03 }, ct);
        });

        foreach (var (address, port) in new[] { (WeakAddress, WeakHttps), (WeakAddress, WeakHttp), (StrongAddress, StrongHttps), (StrongAddress, StrongHttp),
                     ("127.0.0.1", VariantsHttp), ("127.0.0.1", VariantsHttps), (SingleVersionAddress, Tls11Only), (SingleVersionAddress, Tls12Only) })
            await WaitUntilListeningAsync(address, port);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var listener in _listeners) listener.Stop();
        foreach (var process in _processes)
        {
            try
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
            }
            catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception)
            {
                // Already gone, or not ours to wait for any longer.
            }
            process.Dispose();
        }
        _stop.Dispose();
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
            // A straggling worker may still hold a file; the folder is in the system temp.
        }
    }

    public sealed record CliResult(int ExitCode, string Stdout, string Stderr);

    /// <summary>Runs `netpact audit ARGS` in process.</summary>
    public static CliResult Audit(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = NetpactCommand.Run(["audit", .. args], new StringReader(""), stdout, stderr);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The same audit is run once and shared by every test that reads it.</summary>
    public Task<CliResult> AuditOnceAsync(params string[] args)
    {
        var key = string.Join('\u0001', args);
        lock (_runsLock)
        {
            if (!_runs.TryGetValue(key, out var run)) _runs[key] = run = Task.Run(() => Audit(args));
            return run;
        }
    }

    public string[] WeakArgs(string format) =>
    [
        "--resolve", $"weak.test:{WeakHttps}:{WeakAddress}", "--resolve", $"weak.test:{WeakHttp}:{WeakAddress}",
        "--tls", $"weak.test:{WeakHttps}", "--http", $"http://weak.test:{WeakHttp}/", "--http", $"https://weak.test:{WeakHttps}/",
        "--profile", "modern", "--format", format,
    ];

    public string[] StrongArgs(string format) =>
    [
        "--resolve", $"strong.test:{StrongHttps}:{StrongAddress}", "--resolve", $"strong.test:{StrongHttp}:{StrongAddress}",
        "--tls", $"strong.test:{StrongHttps}", "--http", $"http://strong.test:{StrongHttp}/", "--http", $"https://strong.test:{StrongHttps}/",
        "--ca", CaFile, "--profile", "modern", "--format", format,
    ];

    private void Start(string file, string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {file}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
    }

    private static async Task RunToEndAsync(string file, string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {file}");
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(cts.Token);
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {await stderr}");
    }

    private int Listen(Func<TcpClient, CancellationToken, Task> serve)
    {
        var listener = new TcpListener(IPAddress.Parse(HostileAddress), 0);
        listener.Start();
        _listeners.Add(listener);
        _ = Task.Run(async () =>
        {
            // Bounded by the lab's lifetime: the loop ends when the listener stops.
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }
                _ = Task.Run(async () =>
                {
                    using (client)
                    {
                        try
                        {
                            await serve(client, _stop.Token);
                        }
                        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
                        {
                            // The peer left; nothing to do.
                        }
                    }
                });
            }
        });
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static int FreePort(string address)
    {
        using var probe = new TcpListener(IPAddress.Parse(address), 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    internal static async Task WaitUntilListeningAsync(string address, int port)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Parse(address), port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new InvalidOperationException($"nothing listens on {address}:{port} after 10 s (see the *-error.log files)");
    }
}
