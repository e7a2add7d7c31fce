using System.Collections.Immutable;

namespace Netpact.Model;

/// <summary>
/// A port of a Service: its name and appProtocol say which protocol it carries (Istio reads them), and its target
/// the container port it reaches, by number or by name (the Service port itself when none is given).
/// </summary>
public sealed record ServicePort(string? Name, int Port, int? TargetPort, string? TargetPortName, Protocol Protocol, string? AppProtocol);

/// <summary>A Service: the pods its selector picks in its namespace, and its ports. Read for what Istio learns of a port's protocol.</summary>
public sealed record Service(string Namespace, string Name, ImmutableSortedDictionary<string, string> Selector, ImmutableArray<ServicePort> Ports, SourceSpan Span)
{
    /// <summary>Whether the selector picks the pod (a Service without selector picks none: its endpoints are managed by hand).</summary>
    public bool Selects(string ns, Pod pod) =>
        ns == Namespace && !Selector.IsEmpty && Selector.All(l => pod.Labels.TryGetValue(l.Key, out var v) && v == l.Value);

    /// <summary>The container port a Service port reaches on the pod, or null when a named target does not resolve there.</summary>
    public static int? TargetOn(ServicePort port, Pod pod) =>
        port.TargetPortName is { } name
            ? pod.Ports.FirstOrDefault(p => p.Name == name && p.Protocol == port.Protocol)?.Port
            : port.TargetPort ?? port.Port;
}
