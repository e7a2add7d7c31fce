using Microsoft.Extensions.Hosting;

namespace Netpact.Serve;

/// <summary>
/// The host's lifetime without the console's: the default one catches SIGINT, SIGQUIT and SIGTERM for the whole
/// process as soon as the host starts. Signals belong to the program (the CLI stops serve on them); a library host,
/// also run inside tests and other programs, must not take them.
/// </summary>
internal sealed class NoSignalLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
