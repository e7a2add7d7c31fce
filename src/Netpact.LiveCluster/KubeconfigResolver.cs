using k8s;
using k8s.Exceptions;
using k8s.KubeConfigModels;

namespace Netpact.LiveCluster;

/// <summary>
/// Finds the client configuration as kubectl does: --kubeconfig, else every file of KUBECONFIG merged (the first
/// to set a value wins), else ~/.kube/config, else the service account of the pod netpact runs in.
/// </summary>
internal static class KubeconfigResolver
{
    /// <summary>The configuration and the name of its context; throws <see cref="LiveClusterException"/> with a sentence.</summary>
    public static (KubernetesClientConfiguration Config, string Context) Resolve(LiveClusterOptions options)
    {
        var env = options.Environment ?? System.Environment.GetEnvironmentVariable;
        var files = Files(options, env);
        if (files.Count == 0)
        {
            if (options.Context is null && KubernetesClientConfiguration.IsInCluster())
            {
                try
                {
                    return (KubernetesClientConfiguration.InClusterConfig(), "in-cluster");
                }
                catch (Exception e) when (e is KubeConfigException or IOException or UnauthorizedAccessException)
                {
                    throw new LiveClusterException($"cannot read the pod's service account: {e.Message}");
                }
            }
            throw new LiveClusterException(options.Context is null
                ? "no kubeconfig found: pass --kubeconfig FILE, set KUBECONFIG, create ~/.kube/config, or run netpact in a pod with a service account"
                : $"no kubeconfig found to look up the context '{options.Context}': pass --kubeconfig FILE or set KUBECONFIG");
        }
        foreach (var file in files)
        {
            if (!File.Exists(file)) throw new LiveClusterException($"{file}: the kubeconfig file does not exist; check --kubeconfig or KUBECONFIG");
        }
        try
        {
            var merged = Merge(files.Select(f => KubernetesClientConfiguration.LoadKubeConfig(new FileInfo(f), useRelativePaths: true)).ToList());
            var context = options.Context ?? merged.CurrentContext;
            if (string.IsNullOrEmpty(context))
                throw new LiveClusterException($"{string.Join(", ", files)}: the kubeconfig sets no current-context; pass --context NAME");
            if (merged.Contexts?.Any(c => c.Name == context) != true)
            {
                var known = merged.Contexts?.Select(c => c.Name).Order(StringComparer.Ordinal).ToList() ?? [];
                throw new LiveClusterException($"the kubeconfig has no context '{context}'" +
                    (known.Count > 0 ? $"; it has {string.Join(", ", known)}" : ""));
            }
            var config = KubernetesClientConfiguration.BuildConfigFromConfigObject(merged, context);
            return (config, context);
        }
        catch (Exception e) when (e is KubeConfigException or IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException
                                       or FormatException or ArgumentException or System.Security.Cryptography.CryptographicException)
        {
            throw new LiveClusterException($"{string.Join(", ", files)}: cannot use the kubeconfig: {e.Message.TrimEnd('.')}");
        }
    }

    /// <summary>
    /// Merges kubeconfig files as kubectl does: the first file that sets current-context wins, and of clusters,
    /// contexts and users with the same name the first one wins.
    /// </summary>
    private static K8SConfiguration Merge(List<K8SConfiguration> configs)
    {
        if (configs.Count == 1) return configs[0];
        var merged = configs[0];
        merged.CurrentContext = configs.Select(c => c.CurrentContext).FirstOrDefault(c => !string.IsNullOrEmpty(c));
        merged.Clusters = FirstByName(configs.SelectMany(c => c.Clusters ?? []), c => c.Name);
        merged.Contexts = FirstByName(configs.SelectMany(c => c.Contexts ?? []), c => c.Name);
        merged.Users = FirstByName(configs.SelectMany(c => c.Users ?? []), u => u.Name);
        return merged;
    }

    private static List<T> FirstByName<T>(IEnumerable<T> items, Func<T, string> name)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return [.. items.Where(i => seen.Add(name(i) ?? ""))];
    }

    private static List<string> Files(LiveClusterOptions options, Func<string, string?> env)
    {
        if (options.Kubeconfig is { } explicitFile) return [explicitFile];
        if (env("KUBECONFIG") is { Length: > 0 } list)
        {
            // As kubectl: entries that do not exist are ignored, duplicates read once.
            var existing = list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Where(File.Exists).Distinct(StringComparer.Ordinal).ToList();
            if (existing.Count > 0) return existing;
        }
        var home = env("HOME") ?? env("USERPROFILE");
        if (home is { Length: > 0 } && Path.Combine(home, ".kube", "config") is var defaultFile && File.Exists(defaultFile)) return [defaultFile];
        return [];
    }
}
