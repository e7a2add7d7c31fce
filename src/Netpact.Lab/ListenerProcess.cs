using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Netpact.Lab;

/// <summary>
/// The process that keeps a lab's listeners open between 'lab up' and 'lab down' ('netpact lab listen --id ID'),
/// started in a session of its own so that the terminal's Ctrl-C and hang-up do not reach it.
/// </summary>
internal static partial class ListenerProcess
{
    private const int SigTerm = 15;
    private const int SigKill = 9;

    /// <summary>The longest a listener process lives: a lab forgotten for a day closes its listeners itself.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);

    public static string LogOf(string id) => Path.Combine(LabState.DirectoryOf(id), "listener.log");

    /// <summary>Starts '<paramref name="netpact"/> lab listen --id ID' and returns its process id.</summary>
    public static int Start(string id, IReadOnlyList<string> netpact)
    {
        var setsid = new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);
        var start = new ProcessStartInfo(setsid ?? netpact[0])
        {
            UseShellExecute = false,
            // Redirected, then closed: the listener holds no terminal and no pipe of its caller open.
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in (setsid is null ? netpact.Skip(1) : netpact).Concat(["lab", "listen", "--id", id])) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new LabException("could not start the listener process");
        process.StandardInput.Close();
        process.StandardOutput.Close();
        process.StandardError.Close();
        return process.Id;
    }

    /// <summary>Waits (bounded) until the listener says every port is open; returns whether SCTP could be opened.</summary>
    public static async Task<bool> WaitReadyAsync(string id, int pid, TimeSpan limit, CancellationToken cancellation)
    {
        var ready = LabState.ReadyFileOf(id);
        var deadline = DateTime.UtcNow + limit;
        for (var attempt = 0; attempt < 10_000; attempt++)
        {
            if (File.Exists(ready) && (await File.ReadAllTextAsync(ready, cancellation).ConfigureAwait(false)).EndsWith('\n'))
                return File.ReadAllText(ready).StartsWith("sctp", StringComparison.Ordinal);
            if (!Alive(pid))
            {
                var log = File.Exists(LogOf(id)) ? File.ReadAllText(LogOf(id)).Trim() : "";
                throw new LabException($"the listener process ended before its ports were open{(log.Length > 0 ? ": " + log : "")}");
            }
            if (DateTime.UtcNow > deadline) throw new LabException($"the listeners were not ready within {limit.TotalSeconds:0} s");
            await Task.Delay(50, cancellation).ConfigureAwait(false);
        }
        throw new LabException("the listeners never said they were ready");
    }

    /// <summary>Whether the process exists and has not ended (a zombie has ended).</summary>
    private static bool Alive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat.LastIndexOf(')') is var close and > 0 && close + 2 < stat.Length ? stat[close + 2] : '?';
            return state != 'Z' && state != 'X';
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Whether <paramref name="pid"/> is this lab's listener (not another process that took its number).</summary>
    public static bool IsRunning(int pid, string id)
    {
        try
        {
            var arguments = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
            return arguments.Contains("listen") && arguments.Contains(id);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Asks the listener to close its sockets and end; kills it when it does not within 5 seconds.</summary>
    public static async Task StopAsync(int pid, string id)
    {
        if (!IsRunning(pid, id)) return;
        _ = kill(pid, SigTerm);
        for (var attempt = 0; attempt < 100 && Alive(pid); attempt++) await Task.Delay(50).ConfigureAwait(false);
        if (IsRunning(pid, id)) _ = kill(pid, SigKill);
        for (var attempt = 0; attempt < 40 && Alive(pid); attempt++) await Task.Delay(50).ConfigureAwait(false);
    }

    /// <summary>Sends SIGINT, as Ctrl-C does (for tests that interrupt a running command).</summary>
    public static bool Interrupt(int pid) => kill(pid, 2) == 0;
}
