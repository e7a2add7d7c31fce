using System.Collections.Immutable;
using System.Globalization;
using Netpact.Model;
using Netpact.Sources.Yaml;

namespace Netpact.Kubernetes;

/// <summary>
/// Reads a Service's selector and ports, leniently: a Service decides no connectivity, it only tells Istio which
/// protocol a port carries. A field of an unexpected shape is a warning and the Service is left out (its ports then
/// count as possibly HTTP), never an error that would make readable manifests unreadable.
/// </summary>
internal static class ServiceReader
{
    public static Service? Read(LocatedYaml y, YamlMapping root, string ns, string name, List<Diagnostic> diagnostics)
    {
        if (LocatedYaml.Child(root, "spec") is not YamlMapping spec) return null;
        var selector = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        if (LocatedYaml.Child(spec, "selector") is YamlMapping labels)
        {
            foreach (var (key, value) in labels.Children)
            {
                if (key is not YamlScalar k || value is not YamlScalar v) return LeftOut(y, labels, name, "its selector is not a map of labels", diagnostics);
                selector[k.Value] = v.Value;
            }
        }
        var ports = ImmutableArray.CreateBuilder<ServicePort>();
        foreach (var node in (LocatedYaml.Child(spec, "ports") as YamlSequence)?.Children ?? [])
        {
            if (node is not YamlMapping port || Number(LocatedYaml.Child(port, "port")) is not { } number)
                return LeftOut(y, node, name, "a port of it has no 'port' number", diagnostics);
            var target = LocatedYaml.Child(port, "targetPort") as YamlScalar;
            var targetNumber = Number(target);
            var protocol = (LocatedYaml.Child(port, "protocol") as YamlScalar)?.Value switch
            {
                null or "" or "TCP" => Protocol.TCP,
                "UDP" => Protocol.UDP,
                "SCTP" => Protocol.SCTP,
                _ => (Protocol?)null,
            };
            if (protocol is null) return LeftOut(y, node, name, "a port of it has a protocol other than TCP, UDP or SCTP", diagnostics);
            ports.Add(new ServicePort(Text(port, "name"), number, targetNumber, target is not null && targetNumber is null ? target.Value : null, protocol.Value, Text(port, "appProtocol")));
        }
        return new Service(ns, name, selector.ToImmutable(), ports.ToImmutable(), y.Span(root));
    }

    private static string? Text(YamlMapping map, string key) =>
        LocatedYaml.Child(map, key) is YamlScalar { Value.Length: > 0 } s ? s.Value : null;

    private static int? Number(YamlValue? node) =>
        node is YamlScalar s && int.TryParse(s.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 65535 ? n : null;

    private static Service? LeftOut(LocatedYaml y, YamlValue at, string name, string why, List<Diagnostic> diagnostics)
    {
        diagnostics.Add(Diagnostic.Warning(y.Span(at), $"Service {name}: {why}; it is left out, so Istio's view of its ports is not known (they count as possibly HTTP)"));
        return null;
    }
}
