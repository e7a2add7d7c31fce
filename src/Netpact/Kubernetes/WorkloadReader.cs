using System.Collections.Immutable;
using Netpact.Model;
using YamlDotNet.RepresentationModel;

namespace Netpact.Kubernetes;

/// <summary>Reads pods and the pod templates of workload controllers.</summary>
internal static class WorkloadReader
{
    /// <summary>
    /// The workload a pod is shown as: its controller (the ownerReference with controller: true), as
    /// netpol-analyzer does. Pods a Node owns (static pods) or with no controller stand for themselves.
    /// </summary>
    public static (string Kind, string Name)? PodOwner(YamlNodes y, YamlMappingNode metadata, List<Diagnostic> warnings)
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

    public static Pod ReadPod(YamlNodes y, YamlMappingNode root, string name, YamlMappingNode metadata, List<Diagnostic> warnings)
    {
        var spec = y.Mapping(root, "spec", "a Pod") ?? new YamlMappingNode();
        return new Pod(name, Labels(y, metadata, warnings), ReadPorts(y, spec, warnings), y.Span(root));
    }

    /// <summary>The pod a controller would create, from its pod template.</summary>
    public static Pod ReadTemplate(YamlNodes y, YamlMappingNode root, string kind, string name, List<Diagnostic> warnings)
    {
        var spec = y.Mapping(root, "spec", kind) ?? new YamlMappingNode();
        if (kind == "CronJob")
        {
            var jobTemplate = y.Mapping(spec, "jobTemplate", "a CronJob spec") ?? new YamlMappingNode();
            spec = y.Mapping(jobTemplate, "spec", "jobTemplate") ?? new YamlMappingNode();
        }
        var template = y.Mapping(spec, "template", $"a {kind} spec") ?? new YamlMappingNode();
        var metadata = y.Mapping(template, "metadata", "template") ?? new YamlMappingNode();
        var podSpec = y.Mapping(template, "spec", "template") ?? new YamlMappingNode();
        return new Pod(name, Labels(y, metadata, warnings), ReadPorts(y, podSpec, warnings), y.Span(template.Children.Count > 0 ? template : root));
    }

    private static ImmutableSortedDictionary<string, string> Labels(YamlNodes y, YamlMappingNode metadata, List<Diagnostic> warnings) =>
        y.Labels(metadata, "labels", "metadata", warnings).ToImmutableSortedDictionary(StringComparer.Ordinal);

    private static ImmutableArray<ContainerPort> ReadPorts(YamlNodes y, YamlMappingNode podSpec, List<Diagnostic> warnings)
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
                    throw y.Error(YamlNodes.Child(port, "containerPort")!, $"containerPort {number} is outside 1-65535; use a port number from 1 to 65535");
                var name = y.String(port, "name", "a container port");
                var protocol = NetworkPolicyReader.ReadProtocol(y, y.Scalar(port, "protocol", "a container port"));
                ports.Add(new ContainerPort(string.IsNullOrEmpty(name) ? null : name, number, protocol));
            }
        }
        return ports.ToImmutable();
    }
}
