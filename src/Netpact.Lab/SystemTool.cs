using System.Diagnostics;

namespace Netpact.Lab;

/// <summary>What a tool printed and how it ended.</summary>
internal sealed record ToolResult(int ExitCode, string Stdout, string Stderr);

/// <summary>
/// Runs the system tools the lab drives (ip, nft), never through a shell: arguments are passed as a list, input
/// on stdin, and every run is bounded in time; one that hangs is killed.
/// </summary>
internal static class SystemTool
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public static async Task<ToolResult> RunAsync(string tool, IReadOnlyList<string> arguments, string? stdin = null, TimeSpan? timeout = null, CancellationToken cancellation = default)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new LabException($"cannot run '{tool}': {e.Message}", e);
        }
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin).ConfigureAwait(false);
        process.StandardInput.Close();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        limit.CancelAfter(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellation.ThrowIfCancellationRequested();
            throw new LabException($"'{tool} {string.Join(' ', arguments)}' did not finish within {(timeout ?? DefaultTimeout).TotalSeconds:0} s");
        }
        return new ToolResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    /// <summary>Runs a tool and fails with its own message when it fails.</summary>
    public static async Task<string> CheckedAsync(string what, string tool, IReadOnlyList<string> arguments, string? stdin = null, CancellationToken cancellation = default)
    {
        var result = await RunAsync(tool, arguments, stdin, null, cancellation).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            var detail = (result.Stderr.Trim().Length > 0 ? result.Stderr : result.Stdout).Trim();
            throw new LabException($"{what} failed: '{tool} {string.Join(' ', arguments)}' exited with {result.ExitCode}: {detail}");
        }
        return result.Stdout;
    }
}
