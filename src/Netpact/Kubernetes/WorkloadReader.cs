using System.Collections.Immutable;
using Netpact.Model;
using YamlDotNet.RepresentationModel;

namespace Netpact.Kubernetes;

/// <summary>Reads pods and the pod templates of workload controllers.</summary>
internal static class WorkloadReader
{
    /// <summary>The controlling owner of a pod (ownerReferences with controller: true, else the first), if any.</summary>
    public static (string Kind, string Name)? PodOwner(YamlNodes y, YamlMappingNode metadata)
    {
        var owners = y.Sequence(metadata, "ownerReferences", "metadata");
        if (owners is null || owners.Children.Count == 0) return null;
        var maps = owners.Children.Select(o => y.AsMapping(o, "an ownerReferences entry")).ToList();
        var owner = maps.FirstOrDefault(m => y.String(m, "controller", "an ownerReferences entry") == "true") ?? maps[0];
        var kind = y.String(owner, "kind", "an ownerReferences entry");
        var name = y.String(owner, "name", "an ownerReferences entry");
        if (string.IsNullOrEmpty(kind) || string.IsNullOrEmpty(name))
            throw y.Error(owner, "an ownerReferences entry needs 'kind' and 'name'");
        return (kind, name);
    }

    public static Pod ReadPod(YamlNodes y, YamlMappingNode root, string name, YamlMappingNode metadata)
    {
        var spec = y.Mapping(root, "spec", "a Pod") ?? new YamlMappingNode();
        return new Pod(name, Labels(y, metadata), ReadPorts(y, spec), y.Span(root));
    }

    /// <summary>The pod a controller would create, from its pod template.</summary>
    public static Pod ReadTemplate(YamlNodes y, YamlMappingNode root, string kind, string name)
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
        return new Pod(name, Labels(y, metadata), ReadPorts(y, podSpec), y.Span(template.Children.Count > 0 ? template : root));
    }

    private static ImmutableSortedDictionary<string, string> Labels(YamlNodes y, YamlMappingNode metadata) =>
        y.StringMap(metadata, "labels", "metadata").ToImmutableSortedDictionary(StringComparer.Ordinal);

    private static ImmutableArray<ContainerPort> ReadPorts(YamlNodes y, YamlMappingNode podSpec)
    {
        var ports = ImmutableArray.CreateBuilder<ContainerPort>();
        foreach (var containerNode in y.Sequence(podSpec, "containers", "a pod spec")?.Children ?? [])
        {
            var container = y.AsMapping(containerNode, "a container");
            foreach (var portNode in y.Sequence(container, "ports", "a container")?.Children ?? [])
            {
                var port = y.AsMapping(portNode, "a container port");
                var number = y.Int(port, "containerPort", "a container port")
                             ?? throw y.Error(port, "a container port needs 'containerPort'");
                if (number is < 1 or > 65535)
                    throw y.Error(YamlNodes.Child(port, "containerPort")!, $"containerPort {number} is outside 1-65535");
                var name = y.String(port, "name", "a container port");
                var protocol = NetworkPolicyReader.ReadProtocol(y, y.Scalar(port, "protocol", "a container port"));
                ports.Add(new ContainerPort(string.IsNullOrEmpty(name) ? null : name, number, protocol));
            }
        }
        return ports.ToImmutable();
    }
}
