using System.CommandLine;
using Netpact.Serve;

namespace Netpact.Cli;

internal static class ServeCommand
{
    public static Command Create(CliIO io)
    {
        var config = new Option<string>("--config", "-c")
        {
            Description = "The serve configuration (apiVersion: netpact/v1, kind: Serve): listen address, interval, manifests or live cluster, intent, audit file, lint config; see docs/serve.md",
            Required = true,
        };
        var command = new Command("serve", "Run analysis, lint, verify and audit on a schedule and serve the results as Prometheus metrics (/metrics) and a page (/)")
        {
            config,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            // Ctrl-C and SIGTERM stop serve cleanly, with exit 0, from here on (see NetpactCommand: System.CommandLine
            // does not handle these signals for serve).
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            using var signals = StopSignals.Register(stop);
            var read = ServeConfigReader.ReadFile(parse.GetValue(config)!);
            foreach (var d in read.Diagnostics) io.Stderr.WriteLine(d);
            if (read.Config is not { } settings) return ExitCodes.BadInput;
            var log = TextWriter.Synchronized(io.Stderr);
            var host = ServeHost.Create(settings, TimeProvider.System, log);
            try
            {
                await host.StartAsync(stop.Token).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                await host.DisposeAsync().ConfigureAwait(false);
                io.Stderr.WriteLine($"{settings.File}: error: cannot listen on {settings.ListenAddress}:{settings.Port}: {e.Message}");
                return ExitCodes.BadInput;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Stopped while starting.
                await host.DisposeAsync().ConfigureAwait(false);
                log.WriteLine("netpact serve: stopped before listening");
                return ExitCodes.Success;
            }
            var shown = settings.ListenAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{settings.ListenAddress}]" : settings.ListenAddress.ToString();
            log.WriteLine($"netpact serve: listening on http://{shown}:{host.Port}/ (metrics at /metrics), a run every {settings.Interval.TotalSeconds:0.###} s");
            await host.RunAsync(stop.Token).ConfigureAwait(false);
            await host.DisposeAsync().ConfigureAwait(false);
            log.WriteLine($"netpact serve: stopped after {host.State.Runs} runs");
            return ExitCodes.Success;
        });
        return command;
    }
}
