using System.Collections.Concurrent;
using System.Collections.Immutable;
using Netpact.Istio;
using Netpact.Model;

namespace Netpact.Analysis;

/// <summary>
/// Istio's authorization on top of what the NetworkPolicy layers allow: which workloads run a sidecar, and which TCP
/// ports Istio lets each caller open on them. A connection is effective when every layer on its path allows it; Istio
/// governs TCP into workloads with a sidecar only, so UDP, SCTP, traffic into workloads without a sidecar and traffic
/// leaving the cluster are the NetworkPolicy layers' alone.
/// </summary>
public sealed class MeshLayer
{
    public const string InjectLabel = "sidecar.istio.io/inject";

    private static readonly ConnectionSet Ungoverned =
        ConnectionSet.Of(Protocol.UDP, PortSet.All).Union(ConnectionSet.Of(Protocol.SCTP, PortSet.All));

    private readonly MeshWorkload?[] _members;
    private readonly ConcurrentDictionary<(string Source, int Destination), IstioVerdict> _verdicts = new();
    private readonly ConcurrentDictionary<(IpRange Source, int Destination), IstioVerdict> _external = new();

    public MeshLayer(Cluster cluster, IstioConfig config, string trustDomain = "cluster.local")
    {
        Config = config;
        TrustDomain = trustDomain;
        var namespaces = cluster.Namespaces.ToDictionary(n => n.Name, n => n.Labels, StringComparer.Ordinal);
        var services = cluster.Services.ToLookup(s => s.Namespace, StringComparer.Ordinal);
        _members = [.. cluster.Workloads.Select(w => Member(w, namespaces.GetValueOrDefault(w.Namespace)) is { } m
            ? m with { TcpPorts = OpaqueTcpPorts(w, services[w.Namespace]) }
            : null)];
    }

    public IstioConfig Config { get; }

    public string TrustDomain { get; }

    /// <summary>How many workloads run a sidecar.</summary>
    public int Members => _members.Count(m => m is not null);

    /// <summary>The workload as the mesh sees it, or null when it runs no sidecar.</summary>
    public MeshWorkload? MemberAt(int workload) => _members[workload];

    /// <summary>
    /// The container ports Istio treats as opaque TCP on the workload's pods: those a selecting Service declares TCP
    /// (port name or appProtocol tcp, tls, mongo, redis, ...) and no selecting Service declares otherwise. Every other
    /// port is HTTP or sniffed, where a rule's request fields decide request by request.
    /// </summary>
    private static PortSet OpaqueTcpPorts(Workload workload, IEnumerable<Service> services)
    {
        if (workload.Pods.IsEmpty) return PortSet.Empty;
        var pod = workload.Pods[0];
        var opaque = PortSet.Empty;
        var other = PortSet.Empty;
        foreach (var service in services.Where(s => s.Selects(workload.Namespace, pod)))
        {
            foreach (var port in service.Ports.Where(p => p.Protocol == Protocol.TCP))
            {
                if (Service.TargetOn(port, pod) is not { } target) continue;
                var tcp = IstioProtocols.Of(port.AppProtocol ?? port.Name) == IstioProtocol.Tcp;
                if (tcp) opaque = opaque.Union(PortSet.Single(target));
                else other = other.Union(PortSet.Single(target));
            }
        }
        return opaque.Subtract(other);
    }

    /// <summary>Whether the workload's pods run a sidecar in this cluster, by Istio's injection rule (see <see cref="Member"/>).</summary>
    public static bool RunsSidecar(Cluster cluster, Workload workload) =>
        Member(workload, cluster.Namespace(workload.Namespace).Labels) is not null;

    /// <summary>
    /// Istio's injection rule: a pod's <c>sidecar.istio.io/inject</c> (label, or the older annotation) or its namespace's
    /// <c>istio-injection</c> label set to false/disabled keeps the sidecar out; either set to true/enabled, or an
    /// <c>istio.io/rev</c> label on the namespace, puts it in; neither, no sidecar. Pods on the host network get none.
    /// </summary>
    private static MeshWorkload? Member(Workload workload, ImmutableSortedDictionary<string, string>? namespaceLabels)
    {
        if (workload.Pods.IsEmpty) return null;
        var pod = workload.Pods[0];
        if (pod.HostNetwork) return null;
        var podSays = pod.Labels.GetValueOrDefault(InjectLabel) ?? pod.SidecarInjectAnnotation;
        var namespaceSays = namespaceLabels?.GetValueOrDefault("istio-injection");
        if (podSays == "false" || namespaceSays == "disabled") return null;
        var injected = podSays == "true" || namespaceSays == "enabled" || namespaceLabels?.ContainsKey("istio.io/rev") == true;
        return injected ? new MeshWorkload(workload.Id, workload.Namespace, pod.Labels, pod.ServiceAccount) : null;
    }

    /// <summary>What Istio lets workload <paramref name="source"/> open on workload <paramref name="destination"/>, or null when Istio does not stand between them.</summary>
    public IstioVerdict? Verdict(int source, int destination)
    {
        if (_members[destination] is not { } to) return null;
        var from = _members[source];
        var key = from is null ? "" : $"{from.Namespace}/{from.ServiceAccount}";
        return _verdicts.GetOrAdd((key, destination), _ => from is null
            ? IstioAuthorizer.EvaluatePlaintext(Config, to, null)
            : IstioAuthorizer.Evaluate(Config, from, to, TrustDomain));
    }

    /// <summary>What Istio lets addresses of <paramref name="source"/> (outside the cluster) open on the workload, or null when it runs no sidecar.</summary>
    public IstioVerdict? Verdict(IpRange source, int destination) =>
        _members[destination] is not { } to ? null : _external.GetOrAdd((source, destination), _ => IstioAuthorizer.EvaluatePlaintext(Config, to, source));

    /// <summary>The connections the NetworkPolicy layers allow that Istio lets through as well.</summary>
    public ConnectionSet Apply(int source, int destination, ConnectionSet allowed) => Apply(Verdict(source, destination), allowed);

    public ConnectionSet Apply(IpRange source, int destination, ConnectionSet allowed) => Apply(Verdict(source, destination), allowed);

    private static ConnectionSet Apply(IstioVerdict? verdict, ConnectionSet allowed) =>
        verdict is null ? allowed : allowed.Intersect(ConnectionSet.Of(Protocol.TCP, verdict.Tcp).Union(Ungoverned));
}
