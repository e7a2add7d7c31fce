using System.CommandLine;
using Netpact.LiveCluster;

namespace Netpact.Cli;

/// <summary>
/// --cluster, --context, --kubeconfig and --namespace: the live-cluster input that every verb reading manifests
/// takes (see <see cref="ManifestInput.ClusterOptions"/>), turned into the options of the live reader.
/// </summary>
internal sealed class ClusterInputOptions
{
    public Option<bool> Cluster { get; } = new("--cluster")
    {
        Description = "Read the objects from the live cluster of the kubeconfig (Namespaces, Pods, workloads, NetworkPolicies, admin policies); see docs/cluster.md",
    };

    public Option<string?> Context { get; } = new("--context") { Description = "With --cluster: the kubeconfig context to use (default: its current-context)" };

    public Option<string?> Kubeconfig { get; } = new("--kubeconfig")
    {
        Description = "With --cluster: the kubeconfig file (default: KUBECONFIG, then ~/.kube/config, then the pod's service account)",
    };

    public Option<string[]> Namespace { get; } = new("--namespace", "-n")
    {
        Description = "With --cluster: read only this namespace; repeatable (default: all namespaces)",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>Adds the options to a verb; <paramref name="withSwitch"/> false leaves out --cluster (diff names the cluster as a side).</summary>
    public void AddTo(Command command, bool withSwitch = true)
    {
        if (withSwitch) command.Options.Add(Cluster);
        else
        {
            // diff has no --cluster switch: its help must not point at one.
            foreach (var option in new Option[] { Context, Kubeconfig, Namespace })
                option.Description = option.Description!.Replace("With --cluster:", "With a side written cluster: or cluster:CONTEXT:", StringComparison.Ordinal);
        }
        command.Options.Add(Context);
        command.Options.Add(Kubeconfig);
        command.Options.Add(Namespace);
    }

    /// <summary>The live-reader options when --cluster is given; null otherwise.</summary>
    public LiveClusterOptions? From(ParseResult parse) => parse.GetValue(Cluster) ? Options(parse, parse.GetValue(Context)) : null;

    /// <summary>The live-reader options for the given context, whatever --cluster says.</summary>
    public LiveClusterOptions Options(ParseResult parse, string? context) => new()
    {
        Context = context,
        Kubeconfig = parse.GetValue(Kubeconfig),
        Namespaces = [.. parse.GetValue(Namespace) ?? []],
    };

    /// <summary>Options that mean something only with --cluster, given without it: bad usage, named.</summary>
    public string? Misuse(ParseResult parse)
    {
        if (parse.GetValue(Cluster)) return null;
        var given = new List<string>();
        if (parse.GetResult(Context) is { Implicit: false }) given.Add("--context");
        if (parse.GetResult(Kubeconfig) is { Implicit: false }) given.Add("--kubeconfig");
        if (parse.GetResult(Namespace) is { Implicit: false }) given.Add("--namespace");
        return given.Count == 0 ? null : $"{string.Join(", ", given)} {(given.Count == 1 ? "is" : "are")} for reading a live cluster; add --cluster";
    }
}
