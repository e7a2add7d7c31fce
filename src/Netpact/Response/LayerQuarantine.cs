using System.Collections.Immutable;
using System.Text;
using Netpact.Compilers.Kubernetes;
using Netpact.Compilers.Nftables;
using Netpact.Intents;
using Netpact.Istio;
using Netpact.Model;
using Netpact.Verify;

namespace Netpact.Response;

/// <summary>
/// The quarantine on the layers beside Kubernetes, written for an intent's workloads and proven by reading the layer
/// back with its verify reader: an Istio DENY (inbound on the target, and mesh-wide from its identity) and, on the
/// target's host, an nftables ruleset that drops everything but the forensic sources and DNS.
/// </summary>
internal static class LayerQuarantine
{
    public const string IstioFolder = "istio";
    public const string NftablesFolder = "nftables";
    public const string AwsFolder = "aws";

    private static readonly ConnectionSet Tcp = ConnectionSet.Of(Protocol.TCP, PortSet.All);

    /// <summary>The intent workloads the scope's pods are.</summary>
    public static List<IntentWorkload> WorkloadsOf(Intent intent, QuarantineScope scope) =>
        [.. intent.Workloads.Where(w => scope.Holds(intent.NamespaceOf(w), w.Labels))];

    public static IReadOnlyList<TextFile> Istio(Intent intent, QuarantineRequest request, QuarantineScope target,
        IReadOnlyList<(ForensicSource Source, QuarantineScope? Pods)> allow, List<string> warnings)
    {
        var targets = WorkloadsOf(intent, target);
        var principals = targets.Select(w => Principal(intent, w)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        foreach (var other in intent.Workloads.Except(targets).Where(w => principals.Contains(Principal(intent, w))))
        {
            warnings.Add($"istio: workload '{other.Name}' presents the same identity ({Principal(intent, other)}) as the target: the mesh-wide DENY cuts off its requests too; give the target a service account of its own");
        }
        var forensicPrincipals = allow.Where(a => a.Pods is { PodLabels: not null }).SelectMany(a => WorkloadsOf(intent, a.Pods!))
            .Select(w => Principal(intent, w)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var forensicNamespaces = allow.Where(a => a.Pods is { PodLabels: null }).Select(a => a.Pods!.Namespace).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var forensicBlocks = allow.Where(a => a.Source.Network is not null).Select(a => a.Source.Network!.ToString()).ToList();
        var name = QuarantineManifests.ObjectName(request.Target);

        var inbound = new YamlText();
        Header(inbound, request, "Istio DENY on the quarantined workloads: every request to them is denied but from the forensic sources.");
        inbound.Comment(0, "DENY policies are evaluated before every ALLOW policy, so no ALLOW policy can let a request through. Istio governs TCP only:");
        inbound.Comment(0, "UDP and SCTP are left to the AdminNetworkPolicy and NetworkPolicy of the quarantine.");
        Metadata(inbound, request, name, target.Namespace);
        inbound.Line(0, "spec:");
        if (target.PodLabels is not null)
        {
            inbound.Line(2, "selector:");
            inbound.Map(4, "matchLabels", target.PodLabels);
        }
        inbound.Line(2, "action: DENY");
        inbound.Line(2, "rules:");
        if (forensicPrincipals.Count + forensicNamespaces.Count + forensicBlocks.Count == 0)
        {
            inbound.Line(4, "- {}");
        }
        else
        {
            // One source whose fields all must hold: denied is what is none of the forensic sources.
            inbound.Line(4, "- from:");
            inbound.Line(8, "- source:");
            List(inbound, 12, "notPrincipals", forensicPrincipals);
            List(inbound, 12, "notNamespaces", forensicNamespaces);
            List(inbound, 12, "notRemoteIpBlocks", forensicBlocks);
        }

        var outbound = new YamlText();
        Header(outbound, request, "Istio DENY in the root namespace (mesh-wide): every request from the quarantined workloads' identity is denied.");
        outbound.Comment(0, "A mesh-wide policy cannot exempt a destination, so the quarantined workloads cannot open requests to the forensic sources");
        outbound.Comment(0, "in the mesh either; the forensic sources' requests to them are let through by the inbound DENY's exceptions.");
        Metadata(outbound, request, $"{name}-outbound", IstioConfig.DefaultRootNamespace);
        outbound.Line(0, "spec:");
        outbound.Line(2, "action: DENY");
        outbound.Line(2, "rules:");
        outbound.Line(4, "- from:");
        outbound.Line(8, "- source:");
        if (target.PodLabels is null) List(outbound, 12, "namespaces", [target.Namespace]);
        else List(outbound, 12, "principals", principals);
        var files = new List<TextFile>();
        if (forensicPrincipals.Count + forensicNamespaces.Count > 0)
        {
            // The target's ALLOW policies admit its usual callers, not the forensic sources; the DENY above keeps out everyone
            // else, so this ALLOW widens nothing but the forensic sources' reach.
            var forensic = new YamlText();
            Header(forensic, request, "Istio ALLOW for the forensic sources: the quarantined workloads' own ALLOW policies do not name them.");
            Metadata(forensic, request, $"{name}-forensic", target.Namespace);
            forensic.Line(0, "spec:");
            if (target.PodLabels is not null)
            {
                forensic.Line(2, "selector:");
                forensic.Map(4, "matchLabels", target.PodLabels);
            }
            forensic.Line(2, "action: ALLOW");
            forensic.Line(2, "rules:");
            forensic.Line(4, "- from:");
            if (forensicPrincipals.Count > 0)
            {
                forensic.Line(8, "- source:");
                List(forensic, 12, "principals", forensicPrincipals);
            }
            if (forensicNamespaces.Count > 0)
            {
                forensic.Line(8, "- source:");
                List(forensic, 12, "namespaces", forensicNamespaces);
            }
            files.Add(new TextFile($"{IstioFolder}/{target.Namespace}/{name}-forensic.yaml", forensic.ToString()));
        }
        return
        [
            .. files,
            new TextFile($"{IstioFolder}/{target.Namespace}/{name}.yaml", inbound.ToString()),
            new TextFile($"{IstioFolder}/{IstioConfig.DefaultRootNamespace}/{name}-outbound.yaml", outbound.ToString()),
        ];
    }

    private static string Principal(Intent intent, IntentWorkload w) =>
        new MeshWorkload(w.Name, intent.NamespaceOf(w), w.Labels, w.ServiceAccount).Principal(intent.Targets.ClusterDomain);

    /// <summary>
    /// Per quarantined host, a ruleset that replaces its table 'inet netpact': only the forensic sources and DNS pass,
    /// established connections included. Loading the compiled file again undoes it.
    /// </summary>
    public static IReadOnlyList<TextFile> Nftables(Intent intent, QuarantineRequest request, QuarantineScope target,
        IReadOnlyList<(ForensicSource Source, QuarantineScope? Pods)> allow, IReadOnlyList<QuarantineScope> dns)
    {
        var plan = AddressPlan.Default(intent);
        var forensic = allow.Where(a => a.Pods is not null).SelectMany(a => WorkloadsOf(intent, a.Pods!).Select(w => (a.Source, Workload: w))).ToList();
        var resolvers = dns.SelectMany(d => WorkloadsOf(intent, d)).ToList();
        var files = new List<TextFile>();
        foreach (var host in WorkloadsOf(intent, target))
        {
            var t = new StringBuilder();
            t.Append("#!/usr/sbin/nft -f\n");
            t.Append($"# Quarantine of {request.Target} by netpact ({QuarantineManifests.Created(request.Created)}): {request.Reason.ReplaceLineEndings(" ")}\n");
            t.Append($"# {QuarantineManifests.ReasonAnnotation}: {request.Reason.ReplaceLineEndings(" ")}\n");
            t.Append($"# {QuarantineManifests.CreatedAnnotation}: {QuarantineManifests.Created(request.Created)}\n");
            t.Append($"# The host firewall of workload '{host.Name}' while quarantined: load it with 'nft -f {host.Name}.nft'. It replaces the table\n");
            t.Append("# 'inet netpact' (the compiled ruleset): only the forensic sources (and DNS if asked) pass, established connections\n");
            t.Append("# included; everything else is dropped and counted. To undo, load the compiled nftables/" + host.Name + ".nft again.\n");
            t.Append("# The forensic hosts' own rulesets still apply to what they send.\n\n");
            t.Append($"table inet {NftablesCompiler.TableName}\ndelete table inet {NftablesCompiler.TableName}\n\n");
            t.Append($"table inet {NftablesCompiler.TableName} {{\n");
            foreach (var w in forensic.Select(f => f.Workload).Concat(resolvers).DistinctBy(w => w.Name).OrderBy(w => w.Name, StringComparer.Ordinal))
            {
                var a = plan.AddressOf(w.Name);
                t.Append($"\tset {NftablesCompiler.SetOf(w.Name)} {{ type {(a.IsV6 ? "ipv6_addr" : "ipv4_addr")}; flags interval; elements = {{ {Element(a)} }}; }}\n");
            }
            foreach (var chain in new[] { ("input", "iifname", "saddr"), ("output", "oifname", "daddr") })
            {
                t.Append($"\n\tchain {chain.Item1} {{\n");
                t.Append($"\t\ttype filter hook {chain.Item1} priority filter; policy drop;\n");
                t.Append($"\t\t{chain.Item2} \"lo\" accept\n");
                foreach (var (source, w) in forensic.OrderBy(f => f.Workload.Name, StringComparer.Ordinal))
                {
                    var family = plan.AddressOf(w.Name).IsV6 ? "ip6" : "ip";
                    t.Append($"\t\t{family} {chain.Item3} @{NftablesCompiler.SetOf(w.Name)} accept comment \"forensic source {source}\"\n");
                }
                foreach (var (source, _) in allow.Where(a => a.Source.Network is not null))
                {
                    t.Append($"\t\t{(source.Network!.IsV6 ? "ip6" : "ip")} {chain.Item3} {source.Network} accept comment \"forensic source {source}\"\n");
                }
                foreach (var w in resolvers.OrderBy(w => w.Name, StringComparer.Ordinal))
                {
                    var family = plan.AddressOf(w.Name).IsV6 ? "ip6" : "ip";
                    t.Append(chain.Item1 == "output"
                        ? $"\t\t{family} daddr @{NftablesCompiler.SetOf(w.Name)} meta l4proto {{ tcp, udp }} th dport 53 accept comment \"DNS\"\n"
                        : $"\t\tct state established,related {family} saddr @{NftablesCompiler.SetOf(w.Name)} accept comment \"replies of DNS\"\n");
                }
                t.Append("\t\tcounter drop comment \"quarantine\"\n");
                t.Append("\t}\n");
            }
            t.Append("}\n");
            files.Add(new TextFile($"{NftablesFolder}/{host.Name}.nft", t.ToString()));
        }
        return files;
    }

    private static string Element(IpRange a) =>
        a.First == a.Last ? Cidr.FormatAddress(a.IsV6, a.First) : $"{Cidr.FormatAddress(a.IsV6, a.First)}-{Cidr.FormatAddress(a.IsV6, a.Last)}";

    /// <summary>
    /// Reads the layer back before (the compiled files) and after (with the quarantine's files; for nftables they
    /// replace the quarantined hosts' rulesets) and lists the target's flows. Istio is read for TCP only.
    /// </summary>
    public static LayerProof Prove(Layer layer, Intent intent, IReadOnlyList<TextFile> compiled, IReadOnlyList<TextFile> written,
        QuarantineScope target, Quarantine.Permits permits)
    {
        var replaced = written.Select(f => Path.GetFileName(f.Path)).ToHashSet(StringComparer.Ordinal);
        IReadOnlyList<TextFile> after = layer == Layer.Nftables
            ? [.. compiled.Where(f => !replaced.Contains(Path.GetFileName(f.Path))), .. written]
            : [.. compiled, .. written];
        var method = layer == Layer.Istio
            ? "DENY AuthorizationPolicies written, read back with the compiled policies by verify's Istio reader"
            : "the quarantined hosts' rulesets replaced, read back with the other hosts' by verify's nftables reader";
        var note = layer == Layer.Istio
            ? "Istio governs TCP between workloads of the mesh only: UDP, SCTP and addresses outside are the other layers' to isolate"
            : "the forensic hosts' own rulesets still decide what they may send";
        return ProveRead(layer, intent, compiled, after, target, permits, method, note);
    }

    /// <summary>The layer read back by verify's reader before (<paramref name="compiled"/>) and after: the target's flows.</summary>
    public static LayerProof ProveRead(Layer layer, Intent intent, IReadOnlyList<TextFile> compiled, IReadOnlyList<TextFile> after,
        QuarantineScope target, Quarantine.Permits permits, string method, string note)
    {
        var reader = LayerReaders.Find(layer);
        var targets = WorkloadsOf(intent, target).Select(w => w.Name).ToHashSet(StringComparer.Ordinal);
        var byName = intent.Workloads.ToDictionary(w => w.Name, w => (intent.NamespaceOf(w), (IReadOnlyDictionary<string, string>)w.Labels), StringComparer.Ordinal);
        (string, IReadOnlyDictionary<string, string>)? Lookup(string n) => byName.TryGetValue(n, out var v) ? v : null;
        ImmutableArray<ProvenFlow> Flows(IReadOnlyList<TextFile> files)
        {
            var read = reader.Read(files, intent);
            if (read.Diagnostics.FirstOrDefault(d => d.Severity == Severity.Error) is { } error)
                throw new InvalidOperationException($"netpact cannot read back the {layer.Name()} files it wrote: {error}");
            return
            [
                .. read.Flows.Entries
                    .Where(e => (e.Source.Workload is { } s && targets.Contains(s)) || (e.Destination.Workload is { } d && targets.Contains(d)))
                    .Select(e => (e.Source, e.Destination, Allowed: layer == Layer.Istio ? e.Allowed.Intersect(Tcp) : e.Allowed))
                    .Where(e => !e.Allowed.IsEmpty)
                    .Select(e => new ProvenFlow(e.Source.ToString(), e.Destination.ToString(), e.Allowed, permits.Why(e.Source, e.Destination, e.Allowed, Lookup)))
                    .OrderBy(f => f.ToString(), StringComparer.Ordinal),
            ];
        }
        return new LayerProof(layer.Name(), method, Flows(compiled), Flows(after), [note]);
    }

    private static void Header(YamlText y, QuarantineRequest request, string what)
    {
        y.Comment(0, $"Quarantine of {request.Target} by netpact ({QuarantineManifests.Created(request.Created)}): {request.Reason}");
        y.Comment(0, what);
    }

    private static void Metadata(YamlText y, QuarantineRequest request, string name, string ns)
    {
        y.Line(0, "apiVersion: security.istio.io/v1");
        y.Line(0, "kind: AuthorizationPolicy");
        y.Line(0, "metadata:");
        y.Line(2, $"name: {YamlText.Scalar(name)}");
        y.Line(2, $"namespace: {YamlText.Scalar(ns)}");
        y.Line(2, "labels:");
        y.Line(4, "app.kubernetes.io/managed-by: netpact");
        y.Line(4, $"netpact.io/quarantine: {YamlText.Scalar(QuarantineManifests.Truncate(request.Target.Slug))}");
        y.Line(2, "annotations:");
        y.Line(4, $"{QuarantineManifests.ReasonAnnotation}: {YamlText.Scalar(request.Reason)}");
        y.Line(4, $"{QuarantineManifests.CreatedAnnotation}: {YamlText.Scalar(QuarantineManifests.Created(request.Created))}");
        y.Line(4, $"{QuarantineManifests.TargetAnnotation}: {YamlText.Scalar(request.Target.ToString())}");
    }

    private static void List(YamlText y, int indent, string key, IReadOnlyList<string> values)
    {
        if (values.Count == 0) return;
        y.Line(indent, $"{key}:");
        foreach (var v in values) y.Line(indent + 2, $"- {YamlText.Scalar(v)}");
    }
}
