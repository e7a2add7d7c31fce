using System.CommandLine;
using Netpact.Kubernetes;

namespace Netpact.Cli;

/// <summary>How a verb reads its manifests: whether it lists what it skipped, and whether it reads as netpol-analyzer does.</summary>
internal readonly record struct ReadSwitches(bool Verbose, bool Strict)
{
    public static readonly ReadSwitches None = new(false, false);

    /// <summary>Istio resources are read by the Istio reader alongside the manifests (see <see cref="ReadOptions.WithIstio"/>).</summary>
    public bool WithIstio { get; init; }

    public ReadOptions Options => new() { Strict = Strict, WithIstio = WithIstio };
}

/// <summary>--verbose and --strict, the same on every verb that reads manifests.</summary>
internal sealed class ReadingOptions
{
    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Also list the resources that were skipped (kinds netpact does not model), and every warning of a kind that comes many times (inputs that are no Kubernetes objects, workloads reported per group of pods)",
    };

    public Option<bool> Strict { get; } = new("--strict")
    {
        Description = "Read as netpol-analyzer does: ipBlocks never match pods, policies select pods on the host network, and a named port towards an ipBlock, pods of one workload " +
                      "that policies tell apart and files that are not Kubernetes objects are errors (exit 2) instead of warnings",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Verbose);
        command.Options.Add(Strict);
    }

    public ReadSwitches From(ParseResult parse) => new(parse.GetValue(Verbose), parse.GetValue(Strict));
}
