using System.Collections.Immutable;
using Netpact.Analysis;
using Netpact.Compilers;
using Netpact.Intents;
using Netpact.Istio;
using Netpact.Model;

namespace Netpact.Verify;

/// <summary>
/// Reads Istio policies (generated or hand-written) into the flows they allow between the intent's
/// workloads, which are taken to run in the mesh with the intent's service accounts.
/// Istio governs workload-to-workload TCP only: external flows are not covered, and UDP and SCTP pass
/// every pair unchecked. That is reported as it is (all UDP and SCTP ports allowed), under a named
/// approximation, so verify shows it instead of hiding it.
/// </summary>
internal sealed class IstioLayerReader : ILayerReader
{
    public Layer Layer => Layer.Istio;

    public const string UngovernedText =
        "Istio governs TCP only: UDP and SCTP between workloads pass the mesh unchecked (NetworkPolicy must restrict them)";

    public const string ByRequestText =
        "Istio decides these by HTTP request fields (methods, paths, headers, request principals, conditions) on ports that may carry HTTP: " +
        "only some requests pass, netpact counts the port open; declare a port's protocol (name it tcp-..., or appProtocol) where it carries no HTTP";

    private static readonly ConnectionSet Ungoverned =
        ConnectionSet.Of(Protocol.UDP, PortSet.All).Union(ConnectionSet.Of(Protocol.SCTP, PortSet.All));

    public LayerFlows Read(IReadOnlyList<TextFile> files, Intent intent) => Read(files, intent, null);

    /// <summary>
    /// Reads the policies as they act on the workloads of <paramref name="cluster"/> when given (the manifests verified
    /// beside them): an intent workload whose pods run no sidecar there is not protected by Istio and calls in
    /// plaintext, and its pods present the service account the manifests give them. Intent workloads the manifests
    /// do not hold are taken to run in the mesh with the intent's service account.
    /// </summary>
    public LayerFlows Read(IReadOnlyList<TextFile> files, Intent intent, Cluster? cluster)
    {
        var read = IstioReader.Read(files.Select(f => (f.Path, f.Content)));
        var diagnostics = read.Diagnostics.ToList();
        var trustDomain = intent.Targets.ClusterDomain;
        var placed = cluster is null ? [] : Placement(intent, cluster, diagnostics);
        var outside = placed.Where(p => !p.Value.Sidecar).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var workloads = intent.Workloads
            .Select(w => MeshWorkloadOf(intent, w, placed.TryGetValue(w.Name, out var p) ? p.ServiceAccount : w.ServiceAccount))
            .ToList();
        ReportUnknownPrincipals(read.Config, workloads, trustDomain, diagnostics);

        var matrix = new FlowMatrix();
        var approximated = ImmutableArray.CreateBuilder<(FlowPeer, FlowPeer)>();
        var byRequest = new List<(FlowPeer, FlowPeer, PortSet)>();
        foreach (var src in workloads)
        {
            foreach (var dst in workloads.Where(d => d.Name != src.Name))
            {
                var (s, d) = (FlowPeer.Of(src.Name), FlowPeer.Of(dst.Name));
                if (outside.Contains(dst.Name))
                {
                    matrix.Add(s, d, ConnectionSet.All, $"{dst.Name} runs no Istio sidecar in the manifests: Istio does not stand between them");
                    continue;
                }
                var verdict = outside.Contains(src.Name)
                    ? IstioAuthorizer.EvaluatePlaintext(read.Config, dst, null)
                    : IstioAuthorizer.Evaluate(read.Config, src, dst, trustDomain);
                var tcp = ConnectionSet.Of(Protocol.TCP, verdict.Tcp);
                foreach (var reason in verdict.Reasons) matrix.Add(s, d, tcp, reason);
                if (!verdict.Approximate.IsEmpty)
                {
                    foreach (var caveat in verdict.Caveats) matrix.Add(s, d, ConnectionSet.Of(Protocol.TCP, verdict.Approximate), caveat);
                    byRequest.Add((s, d, verdict.Approximate));
                }
                matrix.Add(s, d, Ungoverned, "Istio does not govern UDP or SCTP (sidecars intercept TCP only)");
                approximated.Add((s, d));
            }
        }
        var approximations = new List<Approximation>();
        if (approximated.Count > 0) approximations.Add(new Approximation(UngovernedText, approximated.ToImmutable(), Ungoverned));
        // One named approximation per set of ports decided by request fields, listing the pairs it concerns.
        foreach (var group in byRequest.GroupBy(b => b.Item3))
        {
            approximations.Add(new Approximation(ByRequestText, [.. group.Select(g => (g.Item1, g.Item2))], ConnectionSet.Of(Protocol.TCP, group.Key))
            {
                ExcusesExtra = false,
            });
        }
        return new LayerFlows(matrix, [.. approximations], [.. diagnostics], CoversExternal: false);
    }

    /// <summary>
    /// An intent workload as Istio sees it: its namespace, labels and service account; its ports named opaque TCP; and
    /// the intent's zone subnet as its address, on which ipBlocks are decided.
    /// </summary>
    internal static MeshWorkload MeshWorkloadOf(Intent intent, IntentWorkload w, string serviceAccount) =>
        new(w.Name, intent.NamespaceOf(w), w.Labels, serviceAccount)
        {
            TcpPorts = w.Ports.Where(p => p.Protocol == Protocol.TCP && IstioProtocols.Of(p.Name) == IstioProtocol.Tcp)
                .Aggregate(PortSet.Empty, (set, p) => set.Union(PortSet.Single(p.Port))),
            Address = intent.ZoneOf(w).Subnet is { } subnet ? new IpRange(subnet.IsV6, subnet.First, subnet.Last) : null,
        };

    /// <summary>
    /// Per intent workload found in the manifests (its namespace, the intent's labels on every pod): whether its pods run
    /// a sidecar and the service account they run as; each difference from what the intent assumes is a warning.
    /// </summary>
    private static Dictionary<string, (bool Sidecar, string ServiceAccount)> Placement(Intent intent, Cluster cluster, List<Diagnostic> diagnostics)
    {
        var result = new Dictionary<string, (bool, string)>(StringComparer.Ordinal);
        foreach (var w in intent.Workloads)
        {
            var ns = intent.NamespaceOf(w);
            var matches = cluster.Workloads.Where(c => c.Namespace == ns && !c.Pods.IsEmpty
                && c.Pods.All(p => w.Labels.All(l => p.Labels.TryGetValue(l.Key, out var v) && v == l.Value))).ToList();
            if (matches.Count == 0) continue;
            var sidecar = matches.All(m => MeshLayer.RunsSidecar(cluster, m));
            var account = matches[0].Pods[0].ServiceAccount;
            result[w.Name] = (sidecar, account);
            if (!sidecar)
            {
                var without = matches.First(m => !MeshLayer.RunsSidecar(cluster, m));
                diagnostics.Add(Diagnostic.Warning(without.Span,
                    $"{without.Id} (intent workload {w.Name}) runs no Istio sidecar in these manifests: the Istio policies do not protect it and it calls " +
                    $"in plaintext; label namespace {ns} istio-injection=enabled (or istio.io/rev) if the mesh is meant to cover it"));
            }
            else if (account != w.ServiceAccount)
            {
                diagnostics.Add(Diagnostic.Warning(matches[0].Span,
                    $"{matches[0].Id} (intent workload {w.Name}) runs as service account '{account}' in these manifests, the intent says '{w.ServiceAccount}': " +
                    "Istio sees the manifests' principal; set serviceAccountName, or the intent's serviceAccount, so that they agree"));
            }
        }
        return result;
    }

    /// <summary>An exact principal that no intent workload presents is a typo or a workload the intent lacks.</summary>
    private static void ReportUnknownPrincipals(IstioConfig config, List<MeshWorkload> workloads, string trustDomain, List<Diagnostic> diagnostics)
    {
        var known = workloads.Select(w => w.Principal(trustDomain)).ToHashSet(StringComparer.Ordinal);
        foreach (var policy in config.Policies)
        {
            foreach (var source in policy.Rules.SelectMany(r => r.From))
            {
                foreach (var principal in source.Principals.Concat(source.NotPrincipals).Where(p => !p.Contains('*') && !known.Contains(p)))
                {
                    diagnostics.Add(Diagnostic.Warning(source.Span,
                        $"AuthorizationPolicy {policy.Id} names principal '{principal}', which no workload of the intent presents " +
                        $"(they are {trustDomain}/ns/<namespace>/sa/<serviceAccount>); check the name or add the workload to the intent"));
                }
            }
        }
    }
}
