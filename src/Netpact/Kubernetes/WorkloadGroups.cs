using System.Collections.Immutable;
using System.Text;
using Netpact.Model;

namespace Netpact.Kubernetes;

/// <summary>
/// Reports are per workload, so a workload whose pods the policies tell apart (a selector matches some of them, an
/// ipBlock holds the addresses of some, some are on the host network) is reported as groups of pods that every policy
/// treats alike, named ns/name~pod[Kind] after each group's first pod, with a warning that says what differs. Clusters
/// have such workloads legally: DaemonSets with per-node labels, canaries, hand-edited pods. netpol-analyzer rejects
/// them; under --strict netpact does too.
/// </summary>
internal static class WorkloadGroups
{
    public static Cluster Split(Cluster cluster, bool strict, List<Diagnostic> diagnostics)
    {
        Lookups? lookups = null;
        var workloads = ImmutableArray.CreateBuilder<Workload>(cluster.Workloads.Length);
        var changed = false;
        foreach (var workload in cluster.Workloads)
        {
            if (workload.Pods.Length < 2 || !PodsDiffer(workload, out var differingLabels))
            {
                workloads.Add(workload);
                continue;
            }
            lookups ??= new Lookups(cluster);
            var ns = cluster.Namespace(workload.Namespace);
            var tests = lookups.Tests(ns, differingLabels, workload.Pods);
            var groups = workload.Pods
                .GroupBy(pod => Signature(pod, tests))
                .Select(g => g.ToList())
                .ToList();
            if (groups.Count == 1)
            {
                workloads.Add(workload);
                continue;
            }
            var reason = Reason(workload, groups, tests);
            if (strict)
            {
                diagnostics.Add(Diagnostic.Error(reason.Span,
                    $"{reason.Text}, both of workload {workload.Id}; reports are per workload (--strict, as netpol-analyzer), so give its " +
                    "pods the same labels or make the policies treat them alike, or leave out --strict to have the workload reported per group of pods"));
                workloads.Add(workload);
                continue;
            }
            changed = true;
            var split = groups.Select(pods => workload with { Name = $"{workload.Name}~{Short(workload.Name, pods[0].Name)}", Pods = [.. pods], Span = pods[0].Span }).ToList();
            workloads.AddRange(split);
            diagnostics.Add(Diagnostic.Warning(workload.Span,
                $"the pods of workload {workload.Id} are not alike to the policies ({reason.Text}), so it is reported as {split.Count} groups: " +
                string.Join("; ", split.Select(w => $"{w.Id} ({Pods(w.Pods)})")) + " (--strict makes this an error)") with
            {
                Topic = "workloads reported per group of pods",
            });
        }
        return changed ? cluster with { Workloads = workloads.ToImmutable() } : cluster;
    }

    /// <summary>The pod's name without the workload's name before it (web-7d9f8-xk2p of web-7d9f8 is xk2p).</summary>
    private static string Short(string workload, string pod) =>
        pod.Length > workload.Length + 1 && pod.StartsWith(workload + "-", StringComparison.Ordinal) ? pod[(workload.Length + 1)..] : pod;

    private static string Pods(IReadOnlyList<Pod> pods) =>
        pods.Count <= 3 ? string.Join(", ", pods.Select(p => p.Name)) : $"{pods.Count} pods: {string.Join(", ", pods.Take(3).Select(p => p.Name))}, ...";

    /// <summary>Whether the pods differ in anything a policy can see: labels, network, addresses.</summary>
    private static bool PodsDiffer(Workload workload, out HashSet<string> labels)
    {
        labels = new HashSet<string>(StringComparer.Ordinal);
        var first = workload.Pods[0];
        var differs = false;
        foreach (var pod in workload.Pods.Skip(1))
        {
            foreach (var (key, value) in pod.Labels)
            {
                if (!first.Labels.TryGetValue(key, out var firstValue) || firstValue != value) labels.Add(key);
            }
            foreach (var key in first.Labels.Keys)
            {
                if (!pod.Labels.ContainsKey(key)) labels.Add(key);
            }
            differs |= pod.HostNetwork != first.HostNetwork || !pod.Addresses.IsEmpty || !first.Addresses.IsEmpty;
        }
        return differs || labels.Count > 0;
    }

    /// <summary>One question a policy asks of a pod: whether a selector matches it, or an ipBlock holds one of its addresses.</summary>
    private sealed record Test(string Policy, string What, SourceSpan Span, Func<Pod, bool> Holds)
    {
        /// <summary>The ipBlock asked about, for an address question.</summary>
        public IpBlock? Block { get; init; }
    }

    private static string Signature(Pod pod, List<Test> tests)
    {
        var sb = new StringBuilder(tests.Count + 1);
        sb.Append(pod.HostNetwork ? 'h' : 'p');
        foreach (var test in tests) sb.Append(test.Holds(pod) ? '1' : '0');
        return sb.ToString();
    }

    /// <summary>The first thing (in input order) that tells some pods apart, in words, and where.</summary>
    private static (string Text, SourceSpan Span) Reason(Workload workload, List<List<Pod>> groups, List<Test> tests)
    {
        var pods = groups.Select(g => g[0]).ToList();
        foreach (var test in tests)
        {
            if (pods.FirstOrDefault(test.Holds) is not { } yes || pods.FirstOrDefault(p => !test.Holds(p)) is not { } no) continue;
            return ($"{test.What} of policy {test.Policy} {(test.What.StartsWith("ipBlock", StringComparison.Ordinal) ? "holds" : "matches")} pod {yes.Name} but not pod {no.Name}", test.Span);
        }
        var host = pods.First(p => p.HostNetwork);
        var other = pods.First(p => !p.HostNetwork);
        return ($"pod {host.Name} is on the host network (no policy selects it) and pod {other.Name} is not", host.Span);
    }

    /// <summary>The policies' selectors by the label keys they name, and their ipBlocks: built once, when a workload needs them.</summary>
    private sealed class Lookups
    {
        private readonly Dictionary<string, List<(int Order, string Policy, LabelSelector Pods, SourceSpan Span, Func<Namespace, bool> InScope)>> _byKey = new(StringComparer.Ordinal);
        private readonly List<Test> _blocks = [];

        public Lookups(Cluster cluster)
        {
            var order = 0;
            foreach (var policy in cluster.AdminPolicies)
            {
                var selectors = policy.Ingress.Concat(policy.Egress).SelectMany(r => r.Peers).Select(peer => peer.Selector).Prepend(policy.Subject);
                foreach (var selector in selectors)
                {
                    if (selector?.Pods is { } pods) Add(order++, policy.ToString(), pods, selector.Span, ns => selector.Namespaces.Matches(ns.Labels));
                }
                foreach (var peer in policy.Egress.SelectMany(r => r.Peers))
                {
                    foreach (var network in peer.Networks)
                    {
                        _blocks.Add(new Test(policy.ToString(), $"ipBlock {network} (networks)", peer.Span, pod => pod.Addresses.Any(network.Contains))
                        {
                            Block = new IpBlock(network, []),
                        });
                    }
                }
            }
            foreach (var policy in cluster.Policies)
            {
                Add(order++, policy.Id, policy.PodSelector, policy.Span, ns => policy.Namespace == ns.Name);
                foreach (var peer in policy.Ingress.Concat(policy.Egress).SelectMany(r => r.Peers ?? []))
                {
                    if (peer.IpBlock is { } block)
                    {
                        _blocks.Add(new Test(policy.Id, $"ipBlock {block}", peer.Span, pod => pod.Addresses.Any(block.Holds)) { Block = block });
                        continue;
                    }
                    if (peer.PodSelector is null) continue;
                    Add(order++, policy.Id, peer.PodSelector, peer.Span,
                        peer.NamespaceSelector is { } nss ? ns => nss.Matches(ns.Labels) : ns => policy.Namespace == ns.Name);
                }
            }
            // One test per distinct block: a block many policies repeat asks one question.
            _blocks = [.. _blocks.DistinctBy(t => t.What)];
        }

        private static bool MayTellApart(IpBlock block, UInt128 low, UInt128 high, bool everyPodHasAnAddress)
        {
            if (block.Cidr.Last < low || block.Cidr.First > high) return false;
            var holdsSpan = block.Cidr.First <= low && high <= block.Cidr.Last && !block.Except.Any(e => e.First <= high && low <= e.Last);
            return !holdsSpan || !everyPodHasAnAddress;
        }

        private void Add(int order, string policy, LabelSelector pods, SourceSpan span, Func<Namespace, bool> inScope)
        {
            foreach (var key in pods.Requirements.Select(r => r.Key).Distinct(StringComparer.Ordinal))
            {
                if (!_byKey.TryGetValue(key, out var list)) _byKey[key] = list = [];
                list.Add((order, policy, pods, span, inScope));
            }
        }

        /// <summary>
        /// The questions that can tell the pods apart: selectors in scope naming a differing label, in input order; then
        /// the ipBlocks that may hold some of the pods' addresses and not others (an ipBlock outside the span of their
        /// addresses holds none, one holding the whole span all).
        /// </summary>
        public List<Test> Tests(Namespace ns, HashSet<string> differingLabels, ImmutableArray<Pod> pods)
        {
            var tests = differingLabels
                .SelectMany(key => _byKey.GetValueOrDefault(key) ?? [])
                .DistinctBy(s => s.Order)
                .OrderBy(s => s.Order)
                .Where(s => s.InScope(ns))
                .Select(s => new Test(s.Policy, $"selector '{s.Pods}'", s.Span, pod => !pod.HostNetwork && s.Pods.Matches(pod.Labels)))
                .DistinctBy(t => t.What + "\0" + t.Policy)
                .ToList();
            // Per family: the span of the pods' addresses, and whether every pod has one (then a block holding the whole
            // span holds them all). Blocks stay in input order, so the first that tells pods apart is the one reported.
            var spans = new[] { false, true }.Select(v6 =>
            {
                var addresses = pods.SelectMany(p => p.Addresses).Where(a => a.IsV6 == v6).ToList();
                return addresses.Count == 0
                    ? ((UInt128 Low, UInt128 High, bool EveryPod)?)null
                    : (addresses.Min(a => a.First), addresses.Max(a => a.First), pods.All(p => p.Addresses.Any(a => a.IsV6 == v6)));
            }).ToArray();
            tests.AddRange(_blocks.Where(t => spans[t.Block!.Cidr.IsV6 ? 1 : 0] is { } span && MayTellApart(t.Block, span.Low, span.High, span.EveryPod)));
            return tests;
        }
    }
}
