using System.Collections.Immutable;
using System.Net;
using Netpact.LiveCluster;

namespace Netpact.Serve;

/// <summary>
/// What 'netpact serve' watches and where it listens. Paths are absolute (the reader resolves them against the
/// configuration file's folder). Either <see cref="Manifests"/> (folders and files) or <see cref="Cluster"/> (a live
/// cluster) is what each run analyzes.
/// </summary>
public sealed record ServeConfig
{
    public const int DefaultPort = 9742;

    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(60);

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    public required string File { get; init; }

    public IPAddress ListenAddress { get; init; } = IPAddress.Loopback;

    /// <summary>0 asks the system for a free port (tests); the bound port is then in the log line and <see cref="ServeHost.Port"/>.</summary>
    public int Port { get; init; } = DefaultPort;

    public TimeSpan Interval { get; init; } = DefaultInterval;

    /// <summary>A run that takes longer is cancelled and counted as an error.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    public ImmutableArray<string> Manifests { get; init; } = [];

    /// <summary>A live cluster to read on every run (context, kubeconfig, namespaces); null when manifests are watched.</summary>
    public LiveClusterOptions? Cluster { get; init; }

    public string? Intent { get; init; }

    public string? Audit { get; init; }

    public string? LintConfig { get; init; }
}
