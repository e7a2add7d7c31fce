using System.Text;
using Netpact.Model;

namespace Netpact.Kubernetes;

/// <summary>
/// What an object says to the model, without where it is written: two objects with the same fingerprint are the same
/// to every analysis and lint rule (a container's image, which no rule reads, is not part of it).
/// </summary>
internal static class Fingerprints
{
    public static string Of(Namespace ns) => Join(ns.Labels.Select(l => $"{l.Key}={l.Value}"));

    public static string Of(Pod pod)
    {
        var sb = new StringBuilder();
        sb.Append(Join(pod.Labels.Select(l => $"{l.Key}={l.Value}"))).Append('|');
        sb.Append(Join(pod.Ports.Select(p => $"{p.Name}/{p.Port}/{p.Protocol}"))).Append('|');
        sb.Append(pod.HostNetwork).Append('|').Append(Join(pod.Addresses.Select(a => a.ToString()))).Append('|');
        var s = pod.Security;
        sb.Append(s.HostNetwork?.Value).Append(',').Append(s.RunAsNonRoot?.Value).Append(',').Append(s.RunAsUser?.Value).Append('|');
        foreach (var c in s.Containers)
        {
            sb.Append(c.Name).Append(',').Append(c.IsInit).Append(',').Append(c.RunAsNonRoot?.Value).Append(',').Append(c.RunAsUser?.Value)
              .Append(',').Append(c.ReadOnlyRootFilesystem?.Value).Append(',').Append(c.Privileged?.Value)
              .Append(',').Append(Join(c.CapabilitiesDropped.Select(x => x.Value))).Append(',').Append(Join(c.CapabilitiesAdded.Select(x => x.Value)))
              .Append(',').Append(c.CpuLimit?.Value).Append(',').Append(c.MemoryLimit?.Value).Append(';');
        }
        return sb.ToString();
    }

    public static string Of(NetworkPolicy policy) =>
        $"{policy.PodSelector}|{policy.AffectsIngress}|{policy.AffectsEgress}|{Rules(policy.Ingress)}|{Rules(policy.Egress)}";

    private static string Rules(IEnumerable<PolicyRule> rules) =>
        Join(rules.Select(r =>
            (r.Peers is not { } peers ? "*" : Join(peers.Select(p => $"{p.PodSelector}/{p.NamespaceSelector}/{p.IpBlock}")))
            + ":" + Join(r.Ports.Select(p => p.ToString()))));

    private static string Join(IEnumerable<string?> parts) => string.Join("\u0002", parts);
}
