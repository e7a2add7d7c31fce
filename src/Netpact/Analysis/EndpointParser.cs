using Netpact.Model;

namespace Netpact.Analysis;

/// <summary>
/// Reads endpoints as users write them: ns/name, ns/name[Kind], name (namespace default), or an IP address (a pod's
/// address stands for its workload).
/// </summary>
public static class EndpointParser
{
    public static Endpoint? Resolve(Cluster cluster, string text, out string? error)
    {
        error = null;
        if (!text.Contains('/') || text.Contains(':') || text.Count(c => c == '.') == 3)
        {
            var cidrText = text.Contains('/') ? text : text + (text.Contains(':') ? "/128" : "/32");
            if (Cidr.TryParse(cidrText, out _, out _) is { } cidr)
            {
                // A pod's own address is that pod: its traffic is what the pod's policies decide, not an outsider's.
                if (cidr.First == cidr.Last && cluster.Workloads.FirstOrDefault(w => w.Pods.Any(p => p.Addresses.Contains(cidr))) is { } owner)
                    return Endpoint.Of(owner);
                return Endpoint.Of(new IpRange(cidr.IsV6, cidr.First, cidr.Last));
            }
        }
        var ns = "default";
        var name = text;
        var slash = text.IndexOf('/');
        if (slash >= 0)
        {
            ns = text[..slash];
            name = text[(slash + 1)..];
        }
        string? kind = null;
        var bracket = name.IndexOf('[');
        if (bracket > 0 && name.EndsWith(']'))
        {
            kind = name[(bracket + 1)..^1];
            name = name[..bracket];
        }
        var found = cluster.Workloads
            .Where(w => w.Namespace == ns && w.Name == name && (kind is null || w.Kind == kind)).ToList();
        if (found.Count == 1) return Endpoint.Of(found[0]);
        if (found.Count > 1)
        {
            error = $"'{text}' is ambiguous: {string.Join(", ", found.Select(w => w.Id))}; add the kind, e.g. {found[0].Id}";
            return null;
        }
        var similar = cluster.Workloads.Where(w => w.Name == name || w.Namespace == ns).Take(5).Select(w => w.Id).ToList();
        error = $"no workload '{ns}/{name}'{(kind is null ? "" : $" of kind {kind}")} in the input" +
                (similar.Count > 0 ? $"; workloads nearby: {string.Join(", ", similar)}" : "; give NS/NAME or an IP address");
        return null;
    }
}
