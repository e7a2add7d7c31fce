using System.Collections.Immutable;
using Netpact.Model;

namespace Netpact.Compose;

/// <summary>
/// How a service is connected: through the project's networks (the default), Docker's default bridge
/// (network_mode: bridge), the host's stack, none, or another service's or container's namespace.
/// </summary>
public enum ComposeNetworkMode { Networks, Bridge, Host, None, Service, Container }

/// <summary>A Compose network. Internal networks have no route to or from the outside.</summary>
/// <param name="InterContainer">False when the bridge option enable_icc is off: its members cannot reach each other.</param>
/// <param name="Declared">False for the implicit 'default' network Compose creates when a service names none.</param>
public sealed record ComposeNetwork(string Name, bool Internal, bool InterContainer, bool Declared, SourceSpan Span);

/// <summary>A network a service joins, where the service names it.</summary>
public sealed record ComposeNetworkRef(string Name, SourceSpan Span);

/// <summary>
/// A published port: the container ports it opens and the host address it is bound to
/// (null: every address of the host, IPv4 and IPv6).
/// </summary>
public sealed record ComposePublishedPort(string Text, Protocol Protocol, PortSet ContainerPorts, string? HostIp, SourceSpan Span);

public sealed record ComposeService(
    string Name,
    ComposeNetworkMode Mode,
    string? ModeTarget,
    ImmutableArray<ComposeNetworkRef> Networks,
    ImmutableArray<ComposePublishedPort> Ports,
    SourceSpan Span);

/// <summary>The network facts of one Compose file: services and the networks they join.</summary>
public sealed record ComposeProject(string File, string? Name, ImmutableArray<ComposeService> Services, ImmutableArray<ComposeNetwork> Networks)
{
    public ComposeService? Service(string name) => Services.FirstOrDefault(s => s.Name == name);

    public ComposeNetwork? Network(string name) => Networks.FirstOrDefault(n => n.Name == name);
}

/// <summary>A Compose file read, and every problem found in it.</summary>
public sealed record ComposeReadResult(ComposeProject? Project, ImmutableArray<Diagnostic> Diagnostics)
{
    public bool HasErrors => Project is null || Diagnostics.Any(d => d.Severity == Severity.Error);
}
