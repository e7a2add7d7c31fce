using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Netpact.Kubernetes;
using Netpact.LiveCluster;
using Netpact.Sources;

namespace Netpact.Serve;

/// <summary>
/// The exporter: Kestrel on the configured address serving /metrics (prometheus-net's text format) and / (the
/// status page), and the run scheduler. <see cref="RunAsync"/> returns once stopped: the current run cancelled
/// and awaited, the listener closed. It catches no signals: the program that runs it decides what stops it.
/// </summary>
public sealed class ServeHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RunScheduler _scheduler;
    private readonly CancellationTokenSource _stop = new();
    private Task? _schedule;

    private ServeHost(WebApplication app, RunScheduler scheduler, ServeState state, ServeConfig config)
    {
        _app = app;
        _scheduler = scheduler;
        State = state;
        Config = config;
    }

    public ServeState State { get; }

    public ServeConfig Config { get; }

    /// <summary>The port listened on (the one the system chose when the configuration says 0).</summary>
    public int Port { get; private set; }

    /// <summary>Builds the host for the configuration; nothing listens or runs before <see cref="StartAsync"/>.</summary>
    public static ServeHost Create(ServeConfig config, TimeProvider time, TextWriter log, IClusterSource? source = null)
    {
        source ??= config.Cluster is { } live ? new LiveClusterSource(live) : new ManifestFolderSource(config.Manifests);
        var state = new ServeState(config.Interval);
        var check = new ServeRun(config, source, time);
        var scheduler = new RunScheduler(check.RunAsync, state, config.Interval, config.Timeout, time, log);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(new IPEndPoint(config.ListenAddress, config.Port));
        });
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton<IHostLifetime, NoSignalLifetime>();
        var app = builder.Build();
        app.MapGet("/metrics", (RequestDelegate)(async context =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await state.Registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
            await state.Latest.Metrics.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        }));
        app.MapGet("/", (RequestDelegate)(context =>
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            return context.Response.WriteAsync(StatusPage.Render(state, config), context.RequestAborted);
        }));
        return new ServeHost(app, scheduler, state, config);
    }

    /// <summary>Listens and starts the schedule (the first run starts at once).</summary>
    public async Task StartAsync(CancellationToken cancellation)
    {
        await _app.StartAsync(cancellation).ConfigureAwait(false);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        Port = address is not null && Uri.TryCreate(address, UriKind.Absolute, out var uri) ? uri.Port : Config.Port;
        _schedule = _scheduler.RunAsync(_stop.Token);
    }

    /// <summary>Serves until the token is cancelled; then stops cleanly.</summary>
    public async Task RunAsync(CancellationToken cancellation)
    {
        using (cancellation.Register(_stop.Cancel))
        {
            try
            {
                await Task.Delay(Timeout.Infinite, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Asked to stop.
            }
        }
        await StopAsync().ConfigureAwait(false);
    }

    /// <summary>Cancels and awaits the current run, then closes the listener.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_schedule is not null) await _schedule.ConfigureAwait(false);
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(grace.Token).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }
}
