using System.Collections.Immutable;

namespace Netpact.LiveCluster;

/// <summary>Which cluster to read and how far to go: the kubeconfig and context, the namespaces, and the bounds.</summary>
public sealed record LiveClusterOptions
{
    /// <summary>The kubeconfig context; null for the current context.</summary>
    public string? Context { get; init; }

    /// <summary>One kubeconfig file; null for KUBECONFIG, then ~/.kube/config, then the in-cluster service account.</summary>
    public string? Kubeconfig { get; init; }

    /// <summary>Only these namespaces; empty for all.</summary>
    public ImmutableArray<string> Namespaces { get; init; } = [];

    /// <summary>Objects asked for per page (the API's <c>limit</c>).</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>Pages read per list at most; a server that keeps answering with a <c>continue</c> token is cut off there.</summary>
    public int MaxPages { get; init; } = 1000;

    /// <summary>How long one request may take.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Environment variables (KUBECONFIG, HOME); the process's own when null. Tests pass their own.</summary>
    public Func<string, string?>? Environment { get; init; }
}
