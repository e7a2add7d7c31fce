using Netpact.Model;

namespace Netpact.Intent;

/// <summary>Semantic checks of an intent: names, ports, isolation. Every problem is reported, with its place.</summary>
internal static class IntentValidator
{
    public static void Validate(Intent intent, List<Diagnostic> diagnostics)
    {
        void Error(SourceSpan span, string message) => diagnostics.Add(Diagnostic.Error(span, message));

        var names = new Dictionary<string, SourceSpan>(StringComparer.Ordinal);
        foreach (var (name, span) in intent.Zones.Select(z => (z.Name, z.Span)).Concat(intent.Workloads.Select(w => (w.Name, w.Span))))
        {
            if (name == "internet") Error(span, "'internet' is reserved for addresses outside every zone; choose another name");
            else if (!names.TryAdd(name, span)) Error(span, $"the name '{name}' is used twice (first at {names[name]}); zones and workloads share one namespace of names");
        }

        foreach (var zone in intent.Zones)
        {
            foreach (var other in zone.IsolatedFrom)
            {
                if (other != "internet" && intent.Zone(other) is null && intent.Workload(other) is null)
                    Error(zone.Span, $"zone '{zone.Name}' is isolated from '{other}', which is no zone or workload of this intent");
            }
        }

        foreach (var w in intent.Workloads)
        {
            if (intent.Zone(w.Zone) is null)
                Error(w.Span, $"workload '{w.Name}' is in zone '{w.Zone}', which is not declared under 'zones'");
            foreach (var group in w.Ports.Where(p => p.Name is not null).GroupBy(p => p.Name).Where(g => g.Count() > 1))
                Error(group.Skip(1).First().Span, $"workload '{w.Name}' names two ports '{group.Key}'; port names must be unique");
            foreach (var group in w.Ports.GroupBy(p => (p.Port, p.Protocol)).Where(g => g.Count() > 1))
                Error(group.Skip(1).First().Span, $"workload '{w.Name}' declares {group.Key.Port}/{group.Key.Protocol} twice");
        }

        var seenFlows = new Dictionary<string, SourceSpan>(StringComparer.Ordinal);
        foreach (var flow in intent.Flows)
        {
            if (!seenFlows.TryAdd(flow.Id, flow.Span))
                Error(flow.Span, $"flow '{flow.Id}' is declared twice (first at {seenFlows[flow.Id]}); merge them or give one a 'name'");
            if (flow.From.IsExternal && flow.To.IsExternal)
                Error(flow.Span, "a flow needs a workload or zone on at least one end; external to external is not the cluster's business");
            CheckPorts(intent, flow, Error);
            CheckIsolation(intent, flow, Error);
        }

        if (intent.Defaults.DnsResolver is { } dns)
        {
            var resolver = intent.Workload(dns);
            if (resolver is null)
                Error(intent.Defaults.Span, $"defaults.dns names '{dns}', which is no workload of this intent; declare the resolver (e.g. coredns) as a workload");
            else if (!resolver.Ports.Any(p => p.Port == 53 && p.Protocol == Protocol.UDP))
                Error(resolver.Span, $"the DNS resolver '{dns}' must expose 53/UDP (and usually 53/TCP)");
        }
    }

    private static void CheckPorts(Intent intent, Flow flow, Action<SourceSpan, string> error)
    {
        var destinations = IntendedFlows.Workloads(intent, flow.To).ToList();
        if (flow.To.Kind == FlowEndKind.Zone && destinations.Count == 0)
            error(flow.To.Span, $"zone '{flow.To.Text}' has no workloads, so this flow reaches nothing");
        foreach (var port in flow.Ports)
        {
            if (flow.To.IsExternal)
            {
                if (port.Name is not null)
                    error(port.Span, $"port '{port.Name}' is a name, but '{flow.To.Text}' is outside the cluster and has no named ports; give a number such as 443/TCP");
                continue;
            }
            var exposing = destinations.Where(w => IntendedFlows.Exposes(w, port)).ToList();
            if (exposing.Count > 0) continue;
            var what = port.Name is not null ? $"a port named '{port.Name}'" : $"{port.Port}/{port.Protocol}";
            error(port.Span, flow.To.Kind == FlowEndKind.Zone
                ? $"no workload of zone '{flow.To.Text}' exposes {what}"
                : $"workload '{flow.To.Text}' does not expose {what}; it declares {string.Join(", ", destinations.SelectMany(w => w.Ports))}");
        }
    }

    private static void CheckIsolation(Intent intent, Flow flow, Action<SourceSpan, string> error)
    {
        var sourceNames = flow.From.IsExternal
            ? ["internet"]
            : IntendedFlows.Workloads(intent, flow.From).SelectMany(w => new[] { w.Name, w.Zone }).ToHashSet();
        foreach (var dst in IntendedFlows.Workloads(intent, flow.To))
        {
            var zone = intent.Zone(dst.Zone);
            var blocked = zone?.IsolatedFrom.FirstOrDefault(sourceNames.Contains);
            if (blocked is not null)
            {
                error(flow.Span, $"flow {flow} enters zone '{zone!.Name}', which is isolated from '{blocked}' (zone at {zone.Span})");
                return;
            }
        }
    }
}
