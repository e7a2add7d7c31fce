using System.Collections.Immutable;
using System.Text;
using Netpact.Analysis;
using Netpact.Compilers.Kubernetes;
using Netpact.Compilers.Nftables;
using Netpact.Istio;
using Netpact.Model;
using Netpact.Verify;

namespace Netpact.Response;

/// <summary>
/// Stops address ranges at every layer that can deny: the admin tier's egress Deny to `networks`, an Istio DENY on
/// `remoteIpBlocks`, an nftables drop on every host; proves each where the layer's reader can see addresses, and
/// names what cannot be denied (AdminNetworkPolicy ingress has no `networks` peer, NetworkPolicies only allow,
/// security groups only allow, Compose does not filter by address).
/// </summary>
public static class Block
{
    public const string BlockTable = "netpact-block";
    public const string ReasonAnnotation = "netpact.io/block-reason";
    public const string CreatedAnnotation = "netpact.io/block-created";

    public static QuarantineResult Stop(QuarantineInput input, BlockRequest request)
    {
        if (request.Networks.IsEmpty) return QuarantineResult.Failed(["name at least one address range to block, e.g. 203.0.113.0/24"]);
        var name = $"netpact-block-{request.Slug}";
        if (name.Length > 63) name = name[..63].TrimEnd('-');
        var anp = new TextFile($"{Quarantine.KubernetesFolder}/{name}.adminnetworkpolicy.yaml", AdminPolicy(request, name));
        var files = new List<TextFile> { anp };
        var proofs = new List<LayerProof>();
        var uncovered = new List<string>
        {
            "k8s ingress: an AdminNetworkPolicy (v1alpha1) ingress peer is namespaces or pods only, no networks, and a NetworkPolicy can only allow: " +
            "no Kubernetes object denies ingress from an address range; the proof below lists what still comes in",
        };

        var before = input.Cluster;
        var after = QuarantineInput.Combine(before, QuarantineInput.ReadCompiled([anp]));
        var (b, a) = (ConnectivityEngine.Analyze(before), ConnectivityEngine.Analyze(after));
        proofs.Add(new LayerProof("k8s egress", "AdminNetworkPolicy Deny to the networks at priority 0, analyzed with the inputs",
            Flows(b, request, Direction.Egress), Flows(a, request, Direction.Egress), []));
        proofs.Add(new LayerProof("k8s ingress", "cannot be denied by the Kubernetes API (see above); for information",
            Flows(b, request, Direction.Ingress), Flows(a, request, Direction.Ingress), []) { Decides = false });

        foreach (var (layer, compiled) in input.OtherLayers.OrderBy(l => l.Key))
        {
            switch (layer)
            {
                case Layer.Aws:
                {
                    // Security groups can only allow: the ranges are denied by network ACL entries in front of them.
                    var (acl, proof) = NetworkAclBlock.Write(input.Intent, compiled, request, request.Slug);
                    files.AddRange(acl);
                    proofs.Add(proof);
                    break;
                }
                case Layer.Compose:
                    uncovered.Add("compose: Docker networks do not filter by address; block the range on the host (nftables)");
                    break;
                case Layer.Istio:
                {
                    var deny = IstioDeny(request, name);
                    files.Add(deny);
                    if (input.Intent is { } meshIntent) proofs.Add(ProveIstio(meshIntent, compiled, deny, request));
                    else uncovered.Add("istio: the DENY is written, not proven: Istio's workloads are known from an intent; block with --intent to prove it");
                    uncovered.Add("istio outbound: requests from the mesh to the ranges are not an AuthorizationPolicy's to deny (an egress gateway's); " +
                                  "the k8s egress and nftables layers stop them");
                    break;
                }
                case Layer.Nftables when input.Intent is { } intent:
                {
                    var hosts = intent.Workloads.Select(w => new TextFile($"{LayerQuarantine.NftablesFolder}/{w.Name}.nft", NftablesDrop(request, w.Name))).ToList();
                    files.AddRange(hosts);
                    proofs.Add(ProveNftables(intent, compiled, hosts, request));
                    break;
                }
                case Layer.Nftables:
                    uncovered.Add("nftables: its files name hosts by the intent's workloads; block with --intent to write and prove this layer");
                    break;
            }
        }
        return new QuarantineResult([.. files], [.. proofs], [], []) { Uncovered = [.. uncovered] };
    }

    private static bool Blocked(BlockRequest request, IpRange range) => request.Networks.Any(range.Overlaps);

    private static ImmutableArray<ProvenFlow> Flows(Connectivity connectivity, BlockRequest request, Direction direction) =>
    [
        .. connectivity.Connections
            .Where(c => direction == Direction.Egress
                ? c.Destination.Range is { } d && Blocked(request, d)
                : c.Source.Range is { } s && Blocked(request, s))
            .Select(c => new ProvenFlow(c.Source.ToString(), c.Destination.ToString(), c.Allowed, null)),
    ];

    private static LayerProof ProveNftables(Intents.Intent intent, IReadOnlyList<TextFile> compiled, IReadOnlyList<TextFile> written, BlockRequest request)
    {
        var reader = LayerReaders.Find(Layer.Nftables);
        ImmutableArray<ProvenFlow> Flows(IReadOnlyList<TextFile> files)
        {
            var read = reader.Read(files, intent);
            if (read.Diagnostics.FirstOrDefault(d => d.Severity == Severity.Error) is { } error)
                throw new InvalidOperationException($"netpact cannot read back the nftables files it wrote: {error}");
            return
            [
                .. read.Flows.Entries
                    .Where(e => (e.Source.Range is { } s && Blocked(request, s)) || (e.Destination.Range is { } d && Blocked(request, d)))
                    .Where(e => !e.Allowed.IsEmpty)
                    .Select(e => new ProvenFlow(e.Source.ToString(), e.Destination.ToString(), e.Allowed, null))
                    .OrderBy(f => f.ToString(), StringComparer.Ordinal),
            ];
        }
        return new LayerProof("nftables", $"a table '{BlockTable}' dropping the ranges on every host, read back with the compiled rulesets by verify's nftables reader",
            Flows(compiled), Flows([.. compiled, .. written]), []);
    }

    /// <summary>
    /// What Istio lets callers from the ranges open on each workload of the intent (they call in plaintext, with no
    /// principal, from their address), with the compiled policies and with the DENY beside them.
    /// </summary>
    private static LayerProof ProveIstio(Intents.Intent intent, IReadOnlyList<TextFile> compiled, TextFile written, BlockRequest request)
    {
        ImmutableArray<ProvenFlow> Flows(IEnumerable<TextFile> files)
        {
            var read = IstioReader.Read(files.Select(f => (f.Path, f.Content)));
            if (read.Diagnostics.FirstOrDefault(d => d.Severity == Severity.Error) is { } error)
                throw new InvalidOperationException($"netpact cannot read back the Istio files it wrote: {error}");
            var flows = new List<ProvenFlow>();
            foreach (var w in intent.Workloads)
            {
                var member = IstioLayerReader.MeshWorkloadOf(intent, w, w.ServiceAccount);
                foreach (var n in request.Networks)
                {
                    var range = new IpRange(n.IsV6, n.First, n.Last);
                    var verdict = IstioAuthorizer.EvaluatePlaintext(read.Config, member, range);
                    if (!verdict.Tcp.IsEmpty) flows.Add(new ProvenFlow($"{range}[External]", w.Name, ConnectionSet.Of(Protocol.TCP, verdict.Tcp), null));
                }
            }
            return [.. flows.OrderBy(f => f.ToString(), StringComparer.Ordinal)];
        }
        return new LayerProof("istio", "a mesh-wide DENY on the ranges (ipBlocks, and remoteIpBlocks behind a gateway), read back with the compiled policies and " +
                                       "evaluated for callers from the ranges into every workload of the intent",
            Flows(compiled), Flows([.. compiled, written]), ["Istio decides TCP into workloads with a sidecar; UDP and SCTP are left to the other layers"]);
    }

    private static string AdminPolicy(BlockRequest request, string name)
    {
        var y = new YamlText();
        y.Comment(0, $"Block of {string.Join(", ", request.Networks)} by netpact ({QuarantineManifests.Created(request.Created)}): {request.Reason}");
        y.Comment(0, "Egress from every pod to these ranges is denied at priority 0, before every NetworkPolicy.");
        y.Comment(0, "Ingress from them cannot be denied here: AdminNetworkPolicy (v1alpha1) ingress peers are namespaces or pods only.");
        y.Line(0, "apiVersion: policy.networking.k8s.io/v1alpha1");
        y.Line(0, "kind: AdminNetworkPolicy");
        Metadata(y, request, name, null);
        y.Line(0, "spec:");
        y.Line(2, $"priority: {QuarantineManifests.TopPriority}");
        y.Line(2, "subject:");
        y.Line(4, "namespaces: {}");
        y.Line(2, "egress:");
        y.Line(4, "- name: blocked-networks");
        y.Line(6, "action: Deny");
        y.Line(6, "to:");
        y.Line(8, "- networks:");
        foreach (var n in request.Networks) y.Line(12, $"- {YamlText.Scalar(n.ToString())}");
        return y.ToString();
    }

    private static TextFile IstioDeny(BlockRequest request, string name)
    {
        var y = new YamlText();
        y.Comment(0, $"Block of {string.Join(", ", request.Networks)} by netpact ({QuarantineManifests.Created(request.Created)}): {request.Reason}");
        y.Comment(0, "Mesh-wide (root namespace) DENY of every request whose client address (remoteIpBlocks, after X-Forwarded-For at a gateway)");
        y.Comment(0, "or peer address (ipBlocks) is in the ranges.");
        y.Line(0, "apiVersion: security.istio.io/v1");
        y.Line(0, "kind: AuthorizationPolicy");
        Metadata(y, request, name, IstioConfig.DefaultRootNamespace);
        y.Line(0, "spec:");
        y.Line(2, "action: DENY");
        y.Line(2, "rules:");
        y.Line(4, "- from:");
        foreach (var key in new[] { "remoteIpBlocks", "ipBlocks" })
        {
            y.Line(8, "- source:");
            y.Line(12, $"{key}:");
            foreach (var n in request.Networks) y.Line(14, $"- {YamlText.Scalar(n.ToString())}");
        }
        return new TextFile($"{LayerQuarantine.IstioFolder}/{IstioConfig.DefaultRootNamespace}/{name}.yaml", y.ToString());
    }

    private static string NftablesDrop(BlockRequest request, string host)
    {
        var t = new StringBuilder();
        t.Append("#!/usr/sbin/nft -f\n");
        t.Append($"# Block of {string.Join(", ", request.Networks)} by netpact ({QuarantineManifests.Created(request.Created)}): {request.Reason.ReplaceLineEndings(" ")}\n");
        t.Append($"# {ReasonAnnotation}: {request.Reason.ReplaceLineEndings(" ")}\n");
        t.Append($"# {CreatedAnnotation}: {QuarantineManifests.Created(request.Created)}\n");
        t.Append($"# On host '{host}': load it with 'nft -f {host}.nft' beside the compiled table 'inet {NftablesCompiler.TableName}'. A drop in any\n");
        t.Append($"# table is final, so this table drops the ranges whatever the others accept. Undo: nft delete table inet {BlockTable}\n\n");
        t.Append($"table inet {BlockTable}\ndelete table inet {BlockTable}\n\n");
        t.Append($"table inet {BlockTable} {{\n");
        foreach (var (chain, field) in new[] { ("input", "saddr"), ("output", "daddr") })
        {
            t.Append($"\tchain {chain} {{\n");
            t.Append($"\t\ttype filter hook {chain} priority filter - 10; policy accept;\n");
            foreach (var n in request.Networks) t.Append($"\t\t{(n.IsV6 ? "ip6" : "ip")} {field} {n} counter drop comment \"blocked\"\n");
            t.Append("\t}\n");
        }
        t.Append("}\n");
        return t.ToString();
    }

    private static void Metadata(YamlText y, BlockRequest request, string name, string? ns)
    {
        y.Line(0, "metadata:");
        y.Line(2, $"name: {YamlText.Scalar(name)}");
        if (ns is not null) y.Line(2, $"namespace: {YamlText.Scalar(ns)}");
        y.Line(2, "labels:");
        y.Line(4, "app.kubernetes.io/managed-by: netpact");
        y.Line(2, "annotations:");
        y.Line(4, $"{ReasonAnnotation}: {YamlText.Scalar(request.Reason)}");
        y.Line(4, $"{CreatedAnnotation}: {YamlText.Scalar(QuarantineManifests.Created(request.Created))}");
        y.Line(4, $"netpact.io/blocked-networks: {YamlText.Scalar(string.Join(",", request.Networks))}");
    }
}
