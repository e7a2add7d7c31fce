using System.Collections.Immutable;
using System.Globalization;
using Netpact.Model;
using Netpact.Sources.Yaml;
using YamlDotNet.Core;

namespace Netpact.Kubernetes;

/// <summary>Reads pods and the pod templates of workload controllers.</summary>
internal static class WorkloadReader
{
    /// <summary>
    /// The workload a pod is shown as: its controller (the ownerReference with controller: true), as
    /// netpol-analyzer does. Pods a Node owns (static pods) or with no controller stand for themselves.
    /// </summary>
    public static (string Kind, string Name)? PodOwner(LocatedYaml y, YamlMapping metadata, List<Diagnostic> warnings)
    {
        foreach (var ownerNode in y.Sequence(metadata, "ownerReferences", "metadata")?.Children ?? [])
        {
            var owner = y.AsMapping(ownerNode, "an ownerReferences entry");
            if (y.String(owner, "controller", "an ownerReferences entry") != "true") continue;
            var name = y.String(owner, "name", "an ownerReferences entry");
            if (string.IsNullOrEmpty(name)) throw y.Error(owner, "an ownerReferences entry needs a 'name'");
            var kind = y.String(owner, "kind", "an ownerReferences entry");
            if (kind == "Node") return null;
            if (string.IsNullOrEmpty(kind))
            {
                warnings.Add(Diagnostic.Warning(y.Span(owner), $"ownerReference '{name}' has no kind; its pods are shown as {name}[Pod]"));
                kind = "Pod";
            }
            return (kind, name);
        }
        return null;
    }

    public static Pod ReadPod(LocatedYaml y, YamlMapping root, string name, YamlMapping metadata, List<Diagnostic> warnings)
    {
        var spec = y.Mapping(root, "spec", "a Pod") ?? new YamlMapping();
        var security = ReadSecurity(y, spec);
        var status = y.Mapping(root, "status", "a Pod");
        return new Pod(name, Labels(y, metadata, warnings), ReadPorts(y, spec, warnings), y.Span(root))
        {
            Security = security,
            HostNetwork = security.HostNetwork?.Value == true,
            Addresses = status is null ? [] : ReadAddresses(y, status, security.HostNetwork?.Value == true),
            ServiceAccount = ServiceAccount(y, spec),
            SidecarInjectAnnotation = SidecarInject(y, metadata),
        };
    }

    /// <summary>spec.serviceAccountName, else the deprecated spec.serviceAccount, else "default", as the API server fills it in.</summary>
    private static string ServiceAccount(LocatedYaml y, YamlMapping spec) =>
        y.Scalar(spec, "serviceAccountName", "a pod spec")?.Value is { Length: > 0 } name ? name
        : y.Scalar(spec, "serviceAccount", "a pod spec")?.Value is { Length: > 0 } old ? old
        : "default";

    private static string? SidecarInject(LocatedYaml y, YamlMapping metadata) =>
        y.Mapping(metadata, "annotations", "metadata") is { } annotations
            ? annotations.Children.FirstOrDefault(kv => kv.Key is YamlScalar { Value: "sidecar.istio.io/inject" }).Value is YamlScalar v ? v.Value : null
            : null;

    /// <summary>
    /// A running pod's addresses: status.podIPs (dual stack), else status.podIP. A pod on the host network has its
    /// node's addresses there too; when they are absent, status.hostIPs and status.hostIP give them.
    /// </summary>
    private static ImmutableArray<Cidr> ReadAddresses(LocatedYaml y, YamlMapping status, bool hostNetwork)
    {
        var addresses = Addresses(y, status, "podIPs", "podIP");
        if (addresses.IsEmpty && hostNetwork) addresses = Addresses(y, status, "hostIPs", "hostIP");
        return addresses;
    }

    private static ImmutableArray<Cidr> Addresses(LocatedYaml y, YamlMapping status, string listKey, string singleKey)
    {
        var result = ImmutableArray.CreateBuilder<Cidr>();
        foreach (var entry in y.Sequence(status, listKey, "status")?.Children ?? [])
        {
            var map = y.AsMapping(entry, $"a status.{listKey} entry");
            if (y.Scalar(map, "ip", $"a status.{listKey} entry") is { } ip) Add(ip);
        }
        if (result.Count == 0 && y.Scalar(status, singleKey, "status") is { } single) Add(single);
        return result.ToImmutable();

        void Add(YamlScalar node)
        {
            if (string.IsNullOrEmpty(node.Value)) return;
            var address = Cidr.TryParseAddress(node.Value, out var error)
                          ?? throw y.Error(node, $"{error}; correct the pod's status or leave status out");
            if (!result.Contains(address)) result.Add(address);
        }
    }

    /// <summary>The pod a controller would create, from its pod template.</summary>
    public static Pod ReadTemplate(LocatedYaml y, YamlMapping root, string kind, string name, List<Diagnostic> warnings)
    {
        var spec = y.Mapping(root, "spec", kind) ?? new YamlMapping();
        if (kind == "CronJob")
        {
            var jobTemplate = y.Mapping(spec, "jobTemplate", "a CronJob spec") ?? new YamlMapping();
            spec = y.Mapping(jobTemplate, "spec", "jobTemplate") ?? new YamlMapping();
        }
        var template = y.Mapping(spec, "template", $"a {kind} spec") ?? new YamlMapping();
        var metadata = y.Mapping(template, "metadata", "template") ?? new YamlMapping();
        var podSpec = y.Mapping(template, "spec", "template") ?? new YamlMapping();
        var security = ReadSecurity(y, podSpec);
        return new Pod(name, Labels(y, metadata, warnings), ReadPorts(y, podSpec, warnings), y.Span(template.Children.Length > 0 ? template : root))
        {
            Security = security,
            HostNetwork = security.HostNetwork?.Value == true,
            ServiceAccount = ServiceAccount(y, podSpec),
            SidecarInjectAnnotation = SidecarInject(y, metadata),
        };
    }

    private static ImmutableSortedDictionary<string, string> Labels(LocatedYaml y, YamlMapping metadata, List<Diagnostic> warnings) =>
        y.Labels(metadata, "labels", "metadata", warnings).ToImmutableSortedDictionary(StringComparer.Ordinal);

    private static ImmutableArray<ContainerPort> ReadPorts(LocatedYaml y, YamlMapping podSpec, List<Diagnostic> warnings)
    {
        var ports = ImmutableArray.CreateBuilder<ContainerPort>();
        foreach (var containerNode in y.Sequence(podSpec, "containers", "a pod spec")?.Children ?? [])
        {
            var container = y.AsMapping(containerNode, "a container");
            foreach (var portNode in y.Sequence(container, "ports", "a container")?.Children ?? [])
            {
                var port = y.AsMapping(portNode, "a container port");
                if (y.Int(port, "containerPort", "a container port") is not { } number)
                {
                    // The API server would reject the pod; the port cannot be reached by name or number, so it is left out.
                    warnings.Add(Diagnostic.Warning(y.Span(port), "this container port has no 'containerPort' (field names are case-sensitive); it is ignored"));
                    continue;
                }
                if (number is < 1 or > 65535)
                    throw y.Error(LocatedYaml.Child(port, "containerPort")!, $"containerPort {number} is outside 1-65535; use a port number from 1 to 65535");
                var name = y.String(port, "name", "a container port");
                var protocol = NetworkPolicyReader.ReadProtocol(y, y.Scalar(port, "protocol", "a container port"));
                ports.Add(new ContainerPort(string.IsNullOrEmpty(name) ? null : name, number, protocol));
            }
        }
        return ports.ToImmutable();
    }

    /// <summary>
    /// The security settings lint checks. Read leniently: a field of an unexpected shape is treated as left out,
    /// since these fields do not change connectivity and must never make a readable manifest unreadable.
    /// </summary>
    private static PodSecurity ReadSecurity(LocatedYaml y, YamlMapping podSpec)
    {
        var context = LocatedYaml.Child(podSpec, "securityContext") as YamlMapping;
        var containers = ImmutableArray.CreateBuilder<ContainerSecurity>();
        foreach (var (key, isInit) in new[] { ("containers", false), ("initContainers", true) })
        {
            foreach (var node in (LocatedYaml.Child(podSpec, key) as YamlSequence)?.Children ?? [])
            {
                if (node is YamlMapping container) containers.Add(ReadContainerSecurity(y, container, isInit));
            }
        }
        return new PodSecurity(Bool(y, podSpec, "hostNetwork"), Bool(y, context, "runAsNonRoot"), Long(y, context, "runAsUser"), containers.ToImmutable());
    }

    private static ContainerSecurity ReadContainerSecurity(LocatedYaml y, YamlMapping container, bool isInit)
    {
        var context = LocatedYaml.Child(container, "securityContext") as YamlMapping;
        var capabilities = context is null ? null : LocatedYaml.Child(context, "capabilities") as YamlMapping;
        var limits = (LocatedYaml.Child(container, "resources") as YamlMapping) is { } resources
            ? LocatedYaml.Child(resources, "limits") as YamlMapping
            : null;
        return new ContainerSecurity(
            (LocatedYaml.Child(container, "name") as YamlScalar)?.Value ?? "",
            isInit,
            y.Span(container),
            Bool(y, context, "runAsNonRoot"),
            Long(y, context, "runAsUser"),
            Bool(y, context, "readOnlyRootFilesystem"),
            Bool(y, context, "privileged"),
            Capabilities(y, capabilities, "drop"),
            Capabilities(y, capabilities, "add"),
            Text(y, limits, "cpu"),
            Text(y, limits, "memory"));
    }

    private static Setting<bool>? Bool(LocatedYaml y, YamlMapping? map, string key) =>
        map is not null && LocatedYaml.Child(map, key) is YamlScalar { Style: ScalarStyle.Plain } s && bool.TryParse(s.Value, out var value)
            ? new Setting<bool>(value, y.Span(s))
            : null;

    private static Setting<long>? Long(LocatedYaml y, YamlMapping? map, string key) =>
        map is not null && LocatedYaml.Child(map, key) is YamlScalar { Style: ScalarStyle.Plain } s
                        && long.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? new Setting<long>(value, y.Span(s))
            : null;

    private static Setting<string>? Text(LocatedYaml y, YamlMapping? map, string key) =>
        map is not null && LocatedYaml.Child(map, key) is YamlScalar { Value: { Length: > 0 } value } s
            ? new Setting<string>(value, y.Span(s))
            : null;

    private static ImmutableArray<Setting<string>> Capabilities(LocatedYaml y, YamlMapping? capabilities, string key) =>
        capabilities is not null && LocatedYaml.Child(capabilities, key) is YamlSequence list
            ? [.. list.Children.OfType<YamlScalar>().Where(s => !string.IsNullOrEmpty(s.Value))
                .Select(s => new Setting<string>(s.Value!, y.Span(s)))]
            : [];
}
