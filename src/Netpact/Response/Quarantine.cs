using System.Collections.Immutable;
using System.Text;
using Netpact.Analysis;
using Netpact.Model;

namespace Netpact.Response;

/// <summary>
/// Isolates a workload or a namespace during an incident: writes, per layer present, what cuts it off but for the
/// forensic sources, then proves it by analyzing the inputs together with what was written: every connection into
/// and out of the target before and after.
/// </summary>
public static class Quarantine
{
    /// <summary>The file in the output folder that keeps the Kubernetes inputs as they were, for --undo to compare with.</summary>
    public const string PreIncidentRecord = "pre-incident.k8s.snapshot";

    public const string KubernetesFolder = "k8s";

    internal static readonly ConnectionSet DnsConnections =
        ConnectionSet.Of(Protocol.UDP, PortSet.Single(53)).Union(ConnectionSet.Of(Protocol.TCP, PortSet.Single(53)));

    public static QuarantineResult Isolate(QuarantineInput input, QuarantineRequest request)
    {
        var cluster = input.Cluster;
        var errors = new List<string>();
        var target = QuarantineScope.Resolve(cluster, request.Target, "the quarantine target", out var error);
        if (error is not null) errors.Add(error);
        var allow = new List<(ForensicSource Source, QuarantineScope? Pods)>();
        foreach (var source in request.Allow)
        {
            if (source.Pods is null)
            {
                allow.Add((source, null));
                continue;
            }
            var scope = QuarantineScope.Resolve(cluster, source.Pods, "a forensic source", out error);
            if (error is not null) errors.Add(error);
            else allow.Add((source, scope));
        }
        var dns = request.Dns ? DnsScopes(input) : [];
        if (request.Dns && dns.Count == 0)
        {
            errors.Add("--dns: the inputs hold no DNS resolver (a workload labelled k8s-app=kube-dns, or the intent's defaults.dns); add it to the inputs or leave out --dns");
        }
        if (errors.Count > 0 || target is null) return QuarantineResult.Failed(errors);

        var warnings = new List<string>();
        var name = QuarantineManifests.ObjectName(request.Target);
        foreach (var tie in cluster.AdminPolicies.Where(p => p.Tier == AdminTier.Admin && p.Priority == QuarantineManifests.TopPriority && !p.Name.StartsWith(name, StringComparison.Ordinal)))
        {
            warnings.Add($"{tie} ({tie.Span}) has priority 0 too: the API leaves the order of equal priorities undefined, so it may be evaluated before the quarantine; move it to priority 1 or higher");
        }
        var before = Before(cluster, name);
        var cannotOverride = before.Policies
            .Where(p => p.Namespace == target.Namespace && target.Workloads.SelectMany(w => w.Pods).Any(pod => p.PodSelector.Matches(pod.Labels))
                        && ((p.AffectsIngress && !p.Ingress.IsEmpty) || (p.AffectsEgress && !p.Egress.IsEmpty)))
            .ToList();
        var anp = new TextFile($"{KubernetesFolder}/{name}.adminnetworkpolicy.yaml", QuarantineManifests.AdminPolicy(request, target, allow, dns));
        var np = new TextFile($"{KubernetesFolder}/{name}.networkpolicy.yaml", QuarantineManifests.NetworkPolicy(request, target, allow, dns, cannotOverride));
        var record = new TextFile(PreIncidentRecord, Snapshot(input, request));
        var forensic = allow.Where(a => a.Pods is not null)
            .Select((a, i) => new TextFile($"{KubernetesFolder}/{QuarantineManifests.ForensicObjectName(request.Target, i)}.adminnetworkpolicy.yaml",
                QuarantineManifests.ForensicAdminPolicy(request, target, a.Source, a.Pods!, i)))
            .ToList();

        var permitted = new Permits(target, allow, dns);
        var proofs = new List<LayerProof>
        {
            KubernetesProof("k8s", "AdminNetworkPolicy and NetworkPolicy written, analyzed with the inputs", before, [anp, np, .. forensic], permitted, target, decides: true),
            KubernetesProof("k8s (no admin tier)", "the NetworkPolicy alone, where AdminNetworkPolicy is not installed", before, [np], permitted, target, decides: false),
        };
        var layerFiles = new List<TextFile>();
        var uncovered = new List<string>();
        foreach (var (layer, compiled) in input.OtherLayers.OrderBy(l => l.Key))
        {
            if (layer is Layer.Aws)
            {
                // Security groups cannot deny: the target's instances move into an isolation group.
                if (input.Intent is not { } awsIntent || AwsQuarantine.Isolate(awsIntent, compiled, request, target, allow, dns) is not { } isolation)
                {
                    uncovered.Add("aws: the isolation group names the groups netpact compiles (security-groups.json) by the intent's workloads; quarantine with --intent to write and prove this layer");
                    continue;
                }
                proofs.Add(LayerQuarantine.ProveRead(Layer.Aws, awsIntent, compiled, isolation.After, target, permitted,
                    "an isolation group admitting only the forensic sources (and DNS when asked) written with the script that swaps the target's network interfaces into it; " +
                    "the compiled groups read back with the target's instances in it",
                    "the swap script must run for every network interface of the target's instances (it saves their groups for the undo)"));
                layerFiles.AddRange(isolation.Files);
                continue;
            }
            if (layer is Layer.Compose && input.Intent is { } composeIntent)
            {
                var services = LayerQuarantine.WorkloadsOf(composeIntent, target);
                var disconnected = ComposeQuarantine.Disconnected(compiled, services);
                if (services.Count == 0 || disconnected is null)
                {
                    uncovered.Add("compose: the compose files do not have the shape netpact compiles; disconnect the target's containers by hand (docker network disconnect)");
                    continue;
                }
                var script = ComposeQuarantine.Script(composeIntent, request, services);
                proofs.Add(LayerQuarantine.ProveRead(Layer.Compose, composeIntent, compiled, disconnected, target, permitted,
                    "the disconnect script written; the compose file read back with the target's services on network_mode none, what the script leaves",
                    "a Compose network admits every port between its members: no forensic source or DNS is kept (use docker exec)"));
                layerFiles.Add(script);
                continue;
            }
            if (input.Intent is not { } intent)
            {
                uncovered.Add($"{layer.Name()}: its files name workloads by the intent's identities and addresses; quarantine with --intent to write and prove this layer");
                continue;
            }
            IReadOnlyList<TextFile> files = layer switch
            {
                Layer.Istio => LayerQuarantine.Istio(intent, request, target, allow, warnings),
                Layer.Nftables => LayerQuarantine.Nftables(intent, request, target, allow, dns),
                _ => [],
            };
            if (files.Count == 0)
            {
                uncovered.Add($"{layer.Name()}: nothing to isolate on this layer");
                continue;
            }
            proofs.Add(LayerQuarantine.Prove(layer, intent, compiled, files, target, permitted));
            layerFiles.AddRange(files);
        }
        return new QuarantineResult([anp, np, .. forensic, .. layerFiles, record], [.. proofs], [], [.. warnings]) { Uncovered = [.. uncovered] };
    }

    /// <summary>The inputs without a quarantine of the same name that they may already hold (a second run).</summary>
    private static Cluster Before(Cluster cluster, string name) =>
        cluster with
        {
            Policies = [.. cluster.Policies.Where(p => p.Name != name)],
            AdminPolicies = [.. cluster.AdminPolicies.Where(p => p.Name != name && !p.Name.StartsWith(name + "-forensic-", StringComparison.Ordinal))],
        };

    private static LayerProof KubernetesProof(string layer, string method, Cluster before, IReadOnlyList<TextFile> written, Permits permitted,
        QuarantineScope target, bool decides)
    {
        var after = QuarantineInput.Combine(before, QuarantineInput.ReadCompiled(written));
        return new LayerProof(layer, method, Flows(ConnectivityEngine.Analyze(before), target, permitted), Flows(ConnectivityEngine.Analyze(after), target, permitted), [])
        {
            Decides = decides,
        };
    }

    private static ImmutableArray<ProvenFlow> Flows(Connectivity connectivity, QuarantineScope target, Permits permitted) =>
    [
        .. connectivity.Connections
            .Where(c => (c.Source.Workload is { } s && target.Contains(s)) || (c.Destination.Workload is { } d && target.Contains(d)))
            .Select(c => new ProvenFlow(c.Source.ToString(), c.Destination.ToString(), c.Allowed, permitted.Why(c))),
    ];

    /// <summary>The DNS resolvers: the intent's defaults.dns, else the workloads labelled k8s-app=kube-dns.</summary>
    private static List<QuarantineScope> DnsScopes(QuarantineInput input)
    {
        var cluster = input.Cluster;
        IEnumerable<Workload> resolvers;
        if (input.Intent?.Defaults.DnsResolver is { } dns && input.Intent.Workload(dns) is { } iw)
        {
            var ns = input.Intent.NamespaceOf(iw);
            resolvers = cluster.Workloads.Where(w => w.Namespace == ns && w.BaseName == iw.Name);
        }
        else
        {
            resolvers = cluster.Workloads.Where(w => w.Pods.Any(p => p.Labels.TryGetValue("k8s-app", out var v) && v == "kube-dns"));
        }
        var scopes = new List<QuarantineScope>();
        foreach (var w in resolvers.DistinctBy(w => (w.Namespace, w.BaseName)))
        {
            var scope = QuarantineScope.Resolve(cluster, new QuarantineTarget(w.Namespace, w.BaseName), "the DNS resolver", out _);
            if (scope is not null) scopes.Add(scope);
        }
        return scopes;
    }

    /// <summary>The Kubernetes inputs as they were, each file under a comment naming it, for --undo.</summary>
    private static string Snapshot(QuarantineInput input, QuarantineRequest request)
    {
        var text = new StringBuilder();
        text.Append("# The Kubernetes inputs before the quarantine of ").Append(request.Target).Append(" (")
            .Append(QuarantineManifests.Created(request.Created)).Append("): ").Append(request.Reason.ReplaceLineEndings(" ")).Append('\n');
        text.Append("# netpact quarantine --undo compares the connectivity without the quarantine with this record. Do not apply it.\n");
        foreach (var file in input.KubernetesFiles)
        {
            text.Append("---\n# ---- ").Append(file.Path.ReplaceLineEndings(" ")).Append('\n').Append(file.Content);
            if (!file.Content.EndsWith('\n')) text.Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Which connections of the target may stay: to and from a forensic source; to DNS, on port 53, when asked.</summary>
    internal sealed class Permits(QuarantineScope target, IReadOnlyList<(ForensicSource Source, QuarantineScope? Pods)> allow, IReadOnlyList<QuarantineScope> dns)
    {
        public string? Why(Connection c)
        {
            var targetIsSource = c.Source.Workload is { } s && target.Contains(s);
            var other = targetIsSource ? c.Destination : c.Source;
            foreach (var (source, pods) in allow)
            {
                if (pods is not null && other.Workload is { } w && pods.Contains(w)) return $"forensic source {source}";
                if (source.Network is { } cidr && other.Range is { } r && r.Within(cidr)) return $"forensic source {source}";
            }
            if (targetIsSource && other.Workload is { } d && dns.Any(x => x.Contains(d)) && c.Allowed.Subtract(DnsConnections).IsEmpty) return "DNS";
            return null;
        }

        /// <summary>The same question for flows a layer reader gives between intent workloads (by name) and address ranges.</summary>
        public string? Why(FlowPeer source, FlowPeer destination, ConnectionSet allowed, Func<string, (string Namespace, IReadOnlyDictionary<string, string> Labels)?> workload)
        {
            bool InTarget(FlowPeer p) => p.Workload is { } n && workload(n) is { } w && target.Holds(w.Namespace, w.Labels);
            var targetIsSource = InTarget(source);
            var other = targetIsSource ? destination : source;
            foreach (var (s, pods) in allow)
            {
                if (pods is not null && other.Workload is { } n && workload(n) is { } w && pods.Holds(w.Namespace, w.Labels)) return $"forensic source {s}";
                if (s.Network is { } cidr && other.Range is { } r && r.Within(cidr)) return $"forensic source {s}";
            }
            if (targetIsSource && other.Workload is { } dn && workload(dn) is { } dw && dns.Any(x => x.Holds(dw.Namespace, dw.Labels))
                && allowed.Subtract(DnsConnections).IsEmpty)
            {
                return "DNS";
            }
            return null;
        }
    }
}
