using System.Collections.Immutable;
using Netpact.Analysis;
using Netpact.Compilers;
using Netpact.Intents;
using Netpact.Model;

namespace Netpact.Verify;

/// <summary>
/// Checks existing Kubernetes manifests against an intent. Besides the end-to-end comparison it looks at each
/// side alone (the source's egress, the destination's ingress) and at "any other pod" of every namespace,
/// so a rule that admits too much is found even while the other side happens to block it.
/// </summary>
public static class ManifestVerifier
{
    private const string AnyPod = "*";

    public static Verification Verify(Intent intent, Cluster cluster, string input)
    {
        // Policies are often kept apart from the workloads (a policy repository, compile's output): intent workloads
        // the input does not hold are placed as the intent describes them, so the policies alone can be checked.
        var present = cluster.Workloads.Select(w => NameOf(intent, w)).ToHashSet(StringComparer.Ordinal);
        var placed = intent.Workloads.Where(iw => !present.Contains(iw.Name)).Select(intent.Placed).ToList();
        cluster = cluster with { Workloads = [.. cluster.Workloads, .. placed] };
        var probes = cluster.Namespaces.Select(n => n.Name)
            .Concat(cluster.Workloads.Select(w => w.Namespace))
            .Concat(intent.Workloads.Select(intent.NamespaceOf))
            .Distinct().Order(StringComparer.Ordinal)
            .Select(ns => new Workload(ns, AnyPod, "AnyPod", [new Pod(AnyPod, ImmutableSortedDictionary<string, string>.Empty, [], SourceSpan.None)], SourceSpan.None))
            .ToList();
        var withProbes = cluster with { Workloads = [.. cluster.Workloads, .. probes] };

        var names = withProbes.Workloads.ToDictionary(w => w, w => NameOf(intent, w));
        foreach (var w in placed) names[w] = w.Name;
        var endpoints = withProbes.Workloads.Select(Endpoint.Of).ToList();
        var externalSources = ExternalAtoms.Of(cluster, Direction.Ingress)
            .Concat(IntentRanges(intent, v6: false)).Distinct().ToList();
        var externalDestinations = ExternalAtoms.Of(cluster, Direction.Egress)
            .Concat(IntentRanges(intent, v6: false)).Distinct().ToList();
        var pairs = endpoints.SelectMany(s => endpoints.Where(d => d != s && !(IsProbe(s) && IsProbe(d))).Select(d => (s, d)))
            .Concat(IpRange.Pieces(externalSources, v6: false).SelectMany(r => endpoints.Select(w => (Endpoint.Of(r), w))))
            .Concat(IpRange.Pieces(externalDestinations, v6: false).SelectMany(r => endpoints.Select(w => (w, Endpoint.Of(r)))))
            .ToList();

        var intended = IntendedFlows.Of(intent);
        var dns = NamespaceWideDns(intent);
        var actual = new FlowMatrix();
        var overPermissive = new List<OverPermissiveRule>();
        var blockers = new Dictionary<(FlowPeer, FlowPeer), string>();
        foreach (var (src, dst) in pairs)
        {
            var e = Explainer.Explain(withProbes, src, dst);
            var from = Peer(src, names);
            var to = Peer(dst, names);
            actual.Add(from, to, e.Allowed, "allowed by " + Describe(e));
            var (want, _) = intended.Between(from, to);
            blockers[(from, to)] = Blocked(e);
            foreach (var side in new[] { e.Egress, e.Ingress })
            {
                if (side.Unrestricted) continue;
                foreach (var m in side.Matches)
                {
                    var more = m.Allows.Intersect(side.Allowed).Subtract(want);
                    if (more.IsEmpty) continue;
                    var rule = $"{m.Policy.Id} {side.Direction.ToString().ToLowerInvariant()} rule {m.RuleIndex + 1} ({m.Rule.Span})" +
                               (m.Peer is null ? ", which admits every peer" : $", peer at {m.Peer.Span}");
                    overPermissive.Add(new OverPermissiveRule($"{side.Direction.ToString().ToLowerInvariant()} of {side.Subject}", rule, from, to, more));
                }
            }
        }

        var layer = new LayerFlows(actual, dns is null ? [] : [dns], [], CoversExternal: true);
        var result = FlowComparison.Compare("k8s", input, intended, layer);
        // A missing flow is explained by the side that blocks it.
        var missing = result.Missing.Select(m => m with
        {
            Reasons = blockers.TryGetValue((m.Source, m.Destination), out var why) ? m.Reasons.Add(why) : m.Reasons,
        });
        // Over-permissive rules that the end-to-end comparison already lists as extra flows are not repeated.
        var extraPairs = result.Extra.Select(x => (x.Source, x.Destination)).ToHashSet();
        var latent = overPermissive.Where(o => !extraPairs.Contains((o.Source, o.Destination)))
            .Select(o => dns is not null && dns.Pairs.Contains((o.Source, o.Destination)) ? o with { Connections = o.Connections.Subtract(dns.Connections!) } : o)
            .Where(o => !o.Connections.IsEmpty)
            .DistinctBy(o => (o.Side, o.Rule, o.Source, o.Destination)).ToImmutableArray();
        var notes = result.Notes.Add($"'ns/*' stands for any other pod of namespace ns (one no intent workload matches), to find rules that admit whole namespaces");
        if (placed.Count > 0)
        {
            notes = notes.Add($"not in the input, placed as the intent describes them (namespace, labels, ports): {string.Join(", ", placed.Select(w => w.Name))}");
        }
        return result with
        {
            Missing = [.. missing], OverPermissive = latent, Notes = notes, Allowed = actual.Entries.Count(),
            Unmodelled = [.. cluster.UnmodelledPolicies.Select(p => $"{p} at {p.Span}")],
        };
    }

    /// <summary>
    /// defaults.dns in Kubernetes, as the k8s target compiles it: egress to the resolver for every pod of each namespace
    /// with intent workloads, so any other pod there ('ns/*') may reach the resolver's port-53 ports too. Such flows are
    /// named as this approximation, not counted as extra or over-permissive; null without defaults.dns.
    /// </summary>
    private static Approximation? NamespaceWideDns(Intent intent)
    {
        var flows = IntendedFlows.DnsFlows(intent).ToList();
        if (flows.Count == 0) return null;
        var resolver = intent.Workload(flows[0].To.Text)!;
        var pairs = flows.Select(f => intent.NamespaceOf(intent.Workload(f.From.Text)!)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(ns => (FlowPeer.Of($"{ns}/{AnyPod}"), FlowPeer.Of(resolver.Name)));
        return new Approximation(
            $"defaults.dns lets every pod of a namespace reach the resolver, as the k8s target compiles it (DNS egress per namespace), not only the intent's workloads",
            [.. pairs], IntendedFlows.Ports(flows[0], resolver));
    }

    private static bool IsProbe(Endpoint e) => e.Workload?.Kind == "AnyPod";

    private static IEnumerable<IpRange> IntentRanges(Intent intent, bool v6) =>
        IntendedFlows.Expand(intent).SelectMany(f => IntendedFlows.Ranges(f.From).Concat(IntendedFlows.Ranges(f.To))).Where(r => r.IsV6 == v6);

    /// <summary>An intent workload name when the manifests' workload is one (same namespace, intent labels present).</summary>
    private static string NameOf(Intent intent, Workload w)
    {
        if (w.Kind == "AnyPod") return $"{w.Namespace}/{AnyPod}";
        var match = intent.Workloads.FirstOrDefault(iw => intent.NamespaceOf(iw) == w.Namespace
            && w.Pods.All(p => iw.Labels.All(l => p.Labels.TryGetValue(l.Key, out var v) && v == l.Value)));
        return match?.Name ?? w.Id;
    }

    private static FlowPeer Peer(Endpoint e, Dictionary<Workload, string> names) =>
        e.Workload is { } w ? FlowPeer.Of(names[w]) : FlowPeer.Of(e.Range!);

    private static string Describe(Explanation e)
    {
        var parts = new[] { e.Egress, e.Ingress }
            .Select(s => s.Unrestricted ? $"{s.Direction.ToString().ToLowerInvariant()}: no policy selects {s.Subject}"
                : $"{s.Direction.ToString().ToLowerInvariant()}: " + string.Join(", ", s.Matches.Select(m => $"{m.Policy.Id} rule {m.RuleIndex + 1} ({m.Rule.Span})")));
        return string.Join("; ", parts);
    }

    private static string Blocked(Explanation e)
    {
        var sides = new[] { e.Egress, e.Ingress }.Where(s => !s.Unrestricted && s.Allowed.IsEmpty).ToList();
        if (sides.Count == 0) return "blocked on ports: the rules that admit this pair allow other ports only";
        return string.Join("; and ", sides.Select(s =>
            $"blocked by {s.Direction.ToString().ToLowerInvariant()} of {s.Subject}: selected by " +
            string.Join(", ", s.SelectingPolicies.Select(p => $"{p.Id} ({p.Span})")) + ", and no rule of them admits the other end (default deny)"));
    }
}
